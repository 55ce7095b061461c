// Grid benchmark: wall time of a grid of 8 small demo runs with 1, 2 and N workers, and the
// IndexedDB write time of an epoch record. Prints numbers only.
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
} finally {
  await browser.close();
  await server.close();
}
