// Grid benchmark: wall time of a grid of 8 small demo runs with 1, 2 and N workers, and the
// IndexedDB write time of an epoch record; with AULA_PHOTOS (a train/val folder, made by
// scripts/make-photos.py), the course's grid lab on it as a user runs it (the page's default
// workers and threads), with where each run's time went. Prints numbers only.
import { serveDist, launchBrowser, openApp } from './setup.mjs';

const server = await serveDist();
const browser = await launchBrowser({ webgpu: false });
const cores = (await import('node:os')).cpus().length;
try {
  const counts = [...new Set([1, 2, Math.min(8, Math.max(1, Math.floor(cores / 2)))])];
  for (const workers of counts) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await openApp(page, server.url, { backend: 'cpu', epochs: 1, train_limit: 1000, hidden: '64' });
    await page.getByTestId('grid-spec').fill('lr=0.001,0.003; batch_size=32,64; dropout=0,0.2');
    await page.getByTestId('grid-workers').fill(String(workers));
    const start = Date.now();
    await page.getByTestId('grid-run').click();
    await page.locator('[data-testid="grid-status"][data-state="done"]').waitFor({ timeout: 900_000 });
    const seconds = (Date.now() - start) / 1000;
    console.log(`grid: 8 demo runs (1 epoch, 1000 images, MLP 784-64-10) with ${workers} worker${workers === 1 ? '' : 's'}: ${seconds.toFixed(1)} s (${cores} cores)`);
    if (workers === counts[0]) {
      const perRecord = await page.evaluate(async () => {
        const store = await import(new URL('www/store.js', document.baseURI));
        const weights = Array.from({ length: 3 }, (_, i) => ({ name: `w${i}`, min: -1, max: 1, counts: Array(30).fill(7) }));
        const record = (i) => ({ run: 'bench', epoch: i, record: { epoch: i, train_loss: 1, train_accuracy: 0.5, val_loss: 1, val_accuracy: 0.5, lr: 1e-3, seconds: 1 },
          confusion: { classes: 10, counts: Array.from({ length: 10 }, () => Array(10).fill(10)) }, predicted: Array(120).fill(1),
          confidence: Array(120).fill(0.5), weights, gradients: weights, losses: Array.from({ length: 63 }, (_, s) => ({ step: s, loss: 1 })) });
        const n = 100;
        const t0 = performance.now();
        for (let i = 1; i <= n; i++) await store.put('epochs', record(i));
        return (performance.now() - t0) / n;
      });
      console.log(`indexeddb: one epoch record (10-class confusion, 120 predictions, 6 histograms, 63 step losses) written in ${perRecord.toFixed(2)} ms`);
    }
    await context.close();
  }
  if (process.env.AULA_PHOTOS) await courseGrid(process.env.AULA_PHOTOS);
} finally {
  await browser.close();
  await server.close();
}

/** The `course-grid` lab on `folder`: wall time, best val accuracy, and the per-run breakdown
 * (the worker's own timing from each report, the page's from the grid's record). */
async function courseGrid(folder) {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('dialog', (dialog) => dialog.accept()); // "24 runs: run them all?"
  await openApp(page, server.url, { backend: 'cpu' });
  await page.getByTestId('folder-input').setInputFiles(folder);
  await page.locator('[data-testid="status"][data-state="idle"]').filter({ hasText: 'Loaded' }).waitFor({ timeout: 300_000 });
  await page.getByTestId('preset').selectOption('course-grid');
  if (!(await page.getByTestId('grid-spec').inputValue())) throw new Error('the course-grid lab did not set its grid');
  // AULA_GRID_WORKERS: another worker count than the page's default, to compare.
  if (process.env.AULA_GRID_WORKERS) await page.getByTestId('grid-workers').fill(process.env.AULA_GRID_WORKERS);
  const start = Date.now();
  await page.getByTestId('preset-run').click(); // the lab's own button, as a student starts it
  await page.locator('[data-testid="grid-status"][data-state="done"]').waitFor({ timeout: 3_600_000 });
  const seconds = (Date.now() - start) / 1000;
  const status = await page.getByTestId('grid-status').textContent();
  const { grid, runs } = await page.evaluate(async () => {
    const store = await import(new URL('www/store.js', document.baseURI));
    const grid = (await store.all('grids')).sort((a, b) => b.created.localeCompare(a.created))[0];
    // A run's summary is in `runs`, its whole report in `reports` (store.js).
    const ids = new Set((await store.all('runs')).filter((r) => r.grid?.grid === grid.id).map((r) => r.id));
    const runs = (await store.all('reports')).filter((r) => ids.has(r.run)).map((r) => r.report);
    return { grid, runs };
  });
  const best = Math.max(...runs.flatMap((r) => r.epochs.map((e) => e.val_accuracy)));
  const images = runs[0].train_count + runs[0].val_count;
  console.log(`course grid: ${runs.length} runs on ${images} photo-like images in the page: ${seconds.toFixed(1)} s, ` +
    `best val accuracy ${(best * 100).toFixed(1)} % (${status.match(/\((.*)\)\.$/)?.[1] ?? status}; ${cores} cores)`);
  const sum = (values) => values.reduce((a, b) => a + b, 0);
  const mean = (values) => sum(values) / values.length;
  const parts = ['setup', 'started', 'batches', 'steps', 'evaluation', 'histograms', 'messages'];
  const worker = parts.map((part) => [part, sum(runs.map((r) => r.timing[`${part}_ms`]))]);
  const total = sum(runs.map((r) => r.timing.total_ms));
  worker.push(['other', total - sum(worker.map(([, ms]) => ms))]);
  console.log(`  worker, all runs: ${(total / 1000).toFixed(1)} s = ` +
    worker.map(([part, ms]) => `${part} ${(ms / 1000).toFixed(1)} s`).join(', '));
  const page_ = grid.timing;
  const shares = page_.shares.map((s) => `${s.image_size} px${s.fresh_worker ? ' (with the worker\'s start)' : ''} ${(s.ms / 1000).toFixed(1)} s`);
  const wall = sum(page_.runs.map((r) => r.wall_ms));
  console.log(`  page: folder decoded and handed over: ${shares.join(', ')}; runs from their train message to stored: ` +
    `${(wall / 1000).toFixed(1)} s (to started ${(mean(page_.runs.map((r) => r.start_ms))).toFixed(0)} ms, ` +
    `done to stored ${(mean(page_.runs.map((r) => r.store_ms))).toFixed(0)} ms a run, on average); ` +
    `worker time in them ${(total / 1000).toFixed(1)} s`);
  for (const size of [32, 64]) {
    const these = runs.filter((r) => r.config.image_size === size);
    const steps = sum(these.map((r) => r.timing.steps_ms));
    const trained = sum(these.map((r) => r.train_count * r.epochs.length));
    console.log(`  ${size} px: ${these.length} runs, ${(sum(these.map((r) => r.timing.total_ms)) / 1000).toFixed(1)} s in the worker, ` +
      `steps alone ${(trained / (steps / 1000)).toFixed(0)} images/s`);
  }
  await context.close();
}
