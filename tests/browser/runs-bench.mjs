// Run store benchmark: 2,000 runs stored the way the page stores them (a summary each, a full
// report with 20 epochs, 20 epoch records with their predictions and histograms, and for 100
// of them 120 validation thumbnails of 64x64 RGB), copied from a real demo run with other
// settings and scores; then a reload, timed until the runs table shows every run and the page
// is idle, and the table's sorts and filters, each timed until the next frame is laid out.
// Prints numbers only.
import { serveDist, launchBrowser, newPage, openApp } from './setup.mjs';

const RUNS = 2000;
const EPOCHS = 20;
const WITH_THUMBNAILS = 100;

const server = await serveDist();
const browser = await launchBrowser({ webgpu: false });
try {
  const page = await newPage(browser, { prefix: '[runs]' });
  page.removeAllListeners('console');
  await openApp(page, server.url, { backend: 'cpu', epochs: 2, train_limit: 300, hidden: '32' });
  await page.getByTestId('train').click();
  await page.locator('[data-testid="status"][data-state="done"]').waitFor({ timeout: 120_000 });
  const seeded = await page.evaluate(seed, { runs: RUNS, epochs: EPOCHS, withThumbnails: WITH_THUMBNAILS });
  console.log(`runs: ${RUNS.toLocaleString('en')} runs stored (${EPOCHS} epochs each, ${WITH_THUMBNAILS} with 120 thumbnails of 64x64 RGB) in ${(seeded.ms / 1000).toFixed(0)} s; IndexedDB holds ${seeded.mb.toFixed(0)} MB`);

  await page.reload();
  // The table lists every run: its first rows, and below them how many more there are.
  const shown = await (await page.waitForFunction((n) => document.querySelector('[data-testid="runs-more"]')?.textContent.includes(`(${n} not shown)`) &&
    document.querySelector('[data-testid="status"]').dataset.state === 'idle' && performance.now(), (RUNS + 1 - 100).toLocaleString(), { polling: 'raf', timeout: 60_000 })).jsonValue();
  const idle = await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => resolve(performance.now())))));
  const rows = await page.locator('[data-testid="run-row"]').count();
  console.log(`runs: reload with ${(RUNS + 1).toLocaleString('en')} runs stored: the table lists them (${rows} rows shown, the rest behind "show more") and the page is idle ${Math.round(shown)} ms after navigation starts; the next frame and task run at ${Math.round(idle)} ms`);

  const sorts = [];
  for (const column of ['best', 'val_loss', 'name', 'config.lr', 'seconds', 'when', 'best', 'test']) sorts.push(await page.evaluate(timed, { column }));
  sorts.sort((a, b) => a - b);
  console.log(`runs: a sort of the ${(RUNS + 1).toLocaleString('en')}-run table (${sorts.length} column clicks): median ${Math.round(sorts[sorts.length >> 1])} ms, slowest ${Math.round(sorts.at(-1))} ms`);

  const filters = [];
  for (const filter of ['seed 3', 'batch_size=32', '', 'lr=0.01,', '']) filters.push([filter, await page.evaluate(timed, { filter }), await listed(page)]);
  console.log(`runs: the filter: ${filters.map(([f, ms, n]) => `"${f}" ${Math.round(ms)} ms (${n} runs listed)`).join(', ')}`);
  const more = await page.evaluate(timed, { more: true });
  console.log(`runs: "show more" (100 rows more): ${Math.round(more)} ms`);

  await page.evaluate(timed, { filter: 'note 0' });
  const opened = await page.evaluate(async () => {
    const t0 = performance.now();
    document.querySelector('[data-testid="run-row"][data-run="bench-0"] .run-tools button').click();
    while (!document.querySelector('[data-testid="gallery-item"]')) await new Promise((resolve) => requestAnimationFrame(resolve));
    return performance.now() - t0;
  });
  console.log(`runs: opening a stored run with thumbnails (curves, epochs, gallery) took ${Math.round(opened)} ms`);
  await page.close();
} finally {
  await browser.close();
  await server.close();
}

/** In the page: a column's header clicked, or the filter typed; ms until the next frame has
 * rendered the table and laid it out. */
async function timed({ column, filter, more }) {
  const t0 = performance.now();
  if (column) document.querySelector(`#runs-table th[data-column="${column}"]`).click();
  else if (more) document.querySelector('[data-testid="runs-more"]').click();
  else {
    const input = document.querySelector('[data-testid="runs-filter"]');
    input.value = filter;
    input.dispatchEvent(new Event('input'));
  }
  await new Promise((resolve) => requestAnimationFrame(() => resolve(document.getElementById('runs-table').getBoundingClientRect())));
  return performance.now() - t0;
}

/** Runs the table lists: its rows, and those behind "show more". */
async function listed(page) {
  return page.evaluate(() => document.querySelectorAll('[data-testid="run-row"]').length +
    (document.querySelector('#runs-table tfoot')?.hidden === false ? Number(document.querySelector('[data-testid="runs-more"]').textContent.match(/\(([\d,]+) not shown/)[1].replace(/,/g, '')) : 0));
}

/** In the page: `runs` runs written through the page's store, copied from the one trained. */
async function seed({ runs, epochs, withThumbnails }) {
  const base = new URL('www/', document.baseURI);
  const store = await import(new URL('store.js', base));
  const { summaryOf } = await import(new URL('run-summary.js', base));
  const [[trained], [{ report }], [view], details] = await Promise.all(['runs', 'reports', 'views', 'epochs'].map((n) => store.all(n)));
  const t0 = performance.now();
  const thumbnails = { width: 64, height: 64, channels: 3, count: 120, pixels: Array.from({ length: 120 * 64 * 64 * 3 }, (_, i) => (i * 7919) % 256) };
  const lrs = [0.0003, 0.001, 0.003, 0.01, 0.03];
  for (let start = 0; start < runs; start += 100) {
    const pairs = [];
    for (let i = start; i < Math.min(runs, start + 100); i++) {
      const [lr, batch, seed] = [lrs[i % 5], [32, 64, 128][Math.floor(i / 5) % 3], Math.floor(i / 15) % 8];
      const config = { ...report.config, lr, batch_size: batch, seed, hidden: [[32], [64], [128, 64]][i % 3], epochs };
      const records = Array.from({ length: epochs }, (_, e) => {
        const val = 0.5 + 0.45 * (1 - Math.exp(-(e + 1) / (3 + (i % 7)))) - 0.02 * Math.sin(i + e);
        return { ...report.epochs[0], epoch: e + 1, train_loss: 1.5 / (e + 2), train_accuracy: val + 0.02, val_loss: 1.6 / (e + 2) + (i % 11) / 100, val_accuracy: val, seconds: 1 + (i % 5) / 10 };
      });
      const id = `bench-${i}`;
      const full = { ...report, config, epochs: records, best_epoch: records.reduce((b, r) => (r.val_loss < b.val_loss ? r : b)).epoch, test_accuracy: 0.8 + (i % 13) / 100, seconds: 20 + (i % 17) };
      const name = `grid: lr=${lr}, batch_size=${batch} (seed ${seed})`;
      const created = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
      pairs.push(['runs', summaryOf({ id, name, created, status: 'done', note: i % 10 ? '' : `note ${i}`, grid: { grid: 'bench', combination: i, repeat: 0, repeats: 1, index: i } }, full)]);
      pairs.push(['reports', { run: id, report: full, whole: true }]);
      pairs.push(['views', { ...view, run: id, ...(i < withThumbnails ? { val_images: thumbnails, val_labels: Array.from({ length: 120 }, (_, k) => k % 10) } : {}) }]);
      for (const r of records) pairs.push(['epochs', { ...details[0], run: id, epoch: r.epoch, record: r }]);
    }
    await store.putAll(pairs);
  }
  const estimate = await navigator.storage.estimate();
  return { ms: performance.now() - t0, mb: estimate.usage / 2 ** 20, trained: trained.id };
}
