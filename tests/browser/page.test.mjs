// End to end through the built page: train, stop, export, backends, failures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { servedPage, launchBrowser, newPage, openApp, waitForState, exportRun, canvasInk, state } from './setup.mjs';

const env = servedPage({ webgpu: true });

test('the demo trains on the CPU to >= 75% val accuracy and exports the run', async () => {
  const page = await newPage(env.browser, { prefix: '[cpu]' });
  const foreign = [];
  page.on('request', (r) => { if (!r.url().startsWith(env.server.url) && !/^(data|blob):/.test(r.url())) foreign.push(r.url()); });
  await openApp(page, env.server.url, { backend: 'cpu', epochs: 3 });
  await page.locator('[data-testid="samples"] canvas').nth(9).waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('[data-testid="samples"] canvas').count(), 10, 'a sample column per class');
  assert.ok((await canvasInk(page, 'samples', 'canvas')).ink > 500, 'samples are drawn');

  await page.getByTestId('train').click();
  await waitForState(page, ['training'], 60_000);
  await waitForState(page, ['done'], 300_000);

  const run = await exportRun(page);
  assert.equal(run.backend, 'cpu');
  assert.equal(run.config.epochs, 3);
  assert.deepEqual(run.config.hidden, [256, 128]);
  assert.equal(run.classes.length, 10);
  assert.equal(run.epochs.length, 3);
  for (const key of ['epoch', 'train_loss', 'train_accuracy', 'val_loss', 'val_accuracy', 'lr', 'seconds']) {
    assert.ok(key in run.epochs[0], `epoch record has ${key}`);
  }
  assert.ok(run.epochs[2].train_loss < run.epochs[0].train_loss, 'loss falls');
  assert.ok(run.epochs[2].val_accuracy >= 0.75, `val accuracy ${run.epochs[2].val_accuracy}`);

  assert.ok(run.params === 784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10, `params ${run.params}`);
  assert.ok(run.best_epoch >= 1 && run.best_epoch <= 3, `best_epoch ${run.best_epoch}`);
  assert.equal(run.confusion.counts.flat().reduce((a, b) => a + b, 0), 1000, 'confusion covers the val set');
  assert.equal(run.report.per_class.length, 10);
  const best = run.epochs.find((e) => e.epoch === run.best_epoch);
  assert.ok(Math.abs(run.report.accuracy - best.val_accuracy) < 1e-9, 'report is the reported epoch');

  const confusionInk = await canvasInk(page, 'confusion');
  assert.ok(confusionInk.ink > 5000 && confusionInk.colour > 1000, `confusion drawn: ${JSON.stringify(confusionInk)}`);
  assert.equal(await page.locator('[data-testid="report"] tbody tr').count(), 13, '10 classes + accuracy, macro, weighted');
  await page.getByTestId('confusion-epoch').selectOption('1');
  assert.match(await page.locator('[data-testid="report"] caption').textContent(), /epoch 1/);

  const ink = await canvasInk(page, 'curves');
  assert.ok(ink.ink > 2000 && ink.colour > 300, `curves drawn: ${JSON.stringify(ink)}`);
  assert.match(await page.getByTestId('backend-banner').textContent(), /CPU/);
  assert.equal(await page.locator('[data-testid="epochs"] tbody tr').count(), 3);
  assert.equal(await page.locator('[data-testid="runs"] tbody tr').count(), 1, 'the finished run is listed');
  assert.deepEqual(foreign, [], 'no request leaves the origin');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('forced WebGPU completes a small run', async () => {
  const page = await newPage(env.browser, { prefix: '[webgpu]' });
  await openApp(page, env.server.url, { backend: 'webgpu', epochs: 1, train_limit: 1000 });
  await page.getByTestId('train').click();
  await waitForState(page, ['done'], 300_000);
  const run = await exportRun(page);
  assert.equal(run.backend, 'webgpu');
  assert.equal(run.epochs.length, 1);
  assert.equal(run.train_count, 1000);
  assert.ok(Number.isFinite(run.epochs[0].val_loss));
  assert.ok(run.epochs[0].val_accuracy > 0.3, `beats chance (0.1): ${run.epochs[0].val_accuracy}`);
  assert.match(await page.getByTestId('backend-banner').textContent(), /WebGPU/);
  await page.close();
});

test('Stop ends the run, keeps its curves and exports what ran', async () => {
  const page = await newPage(env.browser, { prefix: '[stop]' });
  await openApp(page, env.server.url, { backend: 'cpu', epochs: 200 });
  await page.getByTestId('train').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="epochs"] tbody tr').length >= 1, null, { timeout: 120_000 });
  await page.getByTestId('stop').click();
  await waitForState(page, ['done'], 20_000);
  const status = await page.getByTestId('status').textContent();
  assert.match(status, /Stopped/);
  assert.doesNotMatch(status, /did not answer/, 'the worker itself stopped');
  const run = await exportRun(page);
  assert.equal(run.stopped, true);
  // Only the worker's own report has these; the page's stand-in for a worker that did not
  // answer has neither.
  assert.equal(typeof run.aula_version, 'string', 'the report came from the worker');
  assert.ok(run.seconds > 0);
  assert.ok(run.epochs.length >= 1 && run.epochs.length < 200);
  assert.ok((await canvasInk(page, 'curves')).colour > 100, 'curves stay on screen');
  await page.close();
});

test('settings show only where they apply and travel in the URL', async () => {
  const page = await newPage(env.browser, { prefix: '[form]' });
  await openApp(page, env.server.url, { optimizer: 'nesterov', momentum: 0.8, early_stopping: true });
  assert.equal(await page.locator('[name="optimizer"]').inputValue(), 'nesterov');
  assert.ok(await page.locator('[name="momentum"]').isVisible());
  assert.ok(await page.locator('[name="patience"]').isVisible());
  assert.equal(await page.locator('[name="early_stopping"]').isChecked(), true);
  await page.locator('[name="optimizer"]').selectOption('adam');
  assert.equal(await page.locator('[name="momentum"]').isVisible(), false, 'Adam has no momentum field');
  await page.locator('[name="schedule"]').selectOption('step_lr');
  assert.ok(await page.locator('[name="step_size"]').isVisible());
  const hash = new URLSearchParams((await page.evaluate(() => location.hash)).slice(1));
  assert.equal(hash.get('schedule'), 'step_lr');
  assert.equal(hash.get('early_stopping'), 'true');
  assert.equal(hash.get('optimizer'), 'adam');
  await page.close();
});

test('a bad setting in the URL is named, its default used, and the other settings apply', async () => {
  const page = await newPage(env.browser, { prefix: '[url]' });
  await openApp(page, env.server.url, { lr: 'fast', epochs: 2 });
  assert.match(await page.locator('#config-error').textContent(), /'fast' is not a valid value for lr/);
  assert.equal(await page.locator('[name="lr"]').inputValue(), '0.001');
  assert.equal(await page.locator('[name="epochs"]').inputValue(), '2', 'the valid setting applies');
  await page.locator('[name="batch_size"]').fill('0');
  await page.getByTestId('train').click();
  assert.match(await page.locator('#config-error').textContent(), /batch_size must be/);
  assert.equal(await state(page), 'idle', 'nothing started');
  await page.close();
});

test('a panic in the worker reaches the page as an error, and the next run works', async () => {
  const page = await newPage(env.browser, { prefix: '[panic]' });
  await openApp(page, env.server.url, { backend: 'cpu', epochs: 1, train_limit: 200 });
  // The page's worker is private: make the next one panic by wrapping postMessage.
  await page.evaluate(() => {
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (msg) {
      Worker.prototype.postMessage = post;
      return post.call(this, { type: 'panic' });
    };
  });
  await page.getByTestId('train').click();
  await waitForState(page, ['error'], 60_000).catch(() => {});
  assert.equal(await state(page), 'error');
  assert.match(await page.getByTestId('status').textContent(), /panic requested by the page/);
  await page.getByTestId('train').click();
  await waitForState(page, ['done'], 120_000);
  await page.close();
});

test('a missing training module is reported, not waited on', async () => {
  const page = await newPage(env.browser, { prefix: '[404]' });
  // Both training modules: the threaded one (this page is cross-origin isolated) and the other.
  // On the context: the page's service worker fetches them too, which page routes do not see.
  await page.context().route(/aula_(worker|threads)_bg\.wasm$/, (route) => route.fulfill({ status: 404, body: 'gone' }));
  await openApp(page, env.server.url, { backend: 'cpu', epochs: 1 });
  await page.getByTestId('train').click();
  await waitForState(page, ['error'], 60_000).catch(() => {});
  assert.equal(await state(page), 'error');
  assert.match(await page.getByTestId('status').textContent(), /Could not load the training module/);
  await page.close();
});

test('without WebGPU, Auto falls back to the CPU and says so', async () => {
  const plain = await launchBrowser({ webgpu: false });
  try {
    const page = await newPage(plain, { prefix: '[no-webgpu]' });
    await openApp(page, env.server.url, { backend: 'auto', epochs: 1, train_limit: 500 });
    await page.getByTestId('train').click();
    await waitForState(page, ['done'], 120_000);
    const banner = await page.getByTestId('backend-banner').textContent();
    assert.match(banner, /CPU/);
    assert.match(banner, /WebGPU is unavailable/);
    assert.equal((await exportRun(page)).backend, 'cpu');
  } finally {
    await plain.close();
  }
});

test('with only a software WebGPU adapter (SwiftShader), Auto trains on the CPU and says why', async () => {
  const page = await newPage(env.browser, { prefix: '[auto]' });
  await openApp(page, env.server.url, { backend: 'auto', epochs: 1, train_limit: 500 });
  await page.getByTestId('train').click();
  await waitForState(page, ['done'], 120_000);
  const banner = await page.getByTestId('backend-banner').textContent();
  assert.match(banner, /^CPU backend/);
  assert.match(banner, /software one \(.*swiftshader.*\)/i);
  assert.equal((await exportRun(page)).backend, 'cpu');
  await page.close();
});

test('a small CNN trains on the demo; every chart draws; a confusion cell shows its images', async () => {
  const page = await newPage(env.browser, { prefix: '[cnn]' });
  await openApp(page, env.server.url, {
    backend: 'cpu', model: 'cnn', conv_channels: '8,16', hidden: '32', epochs: 2, train_limit: 2000, batch_norm: true,
  });
  await page.getByTestId('train').click();
  await waitForState(page, ['done'], 300_000);
  const run = await exportRun(page);
  assert.equal(run.config.model, 'cnn');
  const summaryRows = await page.locator('[data-testid="summary"] tbody tr').allTextContents();
  assert.ok(summaryRows.some((r) => r.startsWith('Conv2d(1→8')), summaryRows.join(' | '));
  assert.match(await page.locator('[data-testid="summary"] tfoot').textContent(), new RegExp(run.params.toLocaleString('en-US')));
  const best = run.epochs.find((e) => e.epoch === run.best_epoch);
  assert.ok(best.val_accuracy > 0.5, `CNN beats chance (0.1) clearly: ${best.val_accuracy}`);

  for (const chart of ['curves', 'confusion', 'histograms']) {
    const ink = await canvasInk(page, chart);
    assert.ok(ink.ink > 3000 && ink.colour > 300, `${chart} drawn: ${JSON.stringify(ink)}`);
  }
  await page.getByTestId('hist-kind').selectOption('gradients');
  assert.ok((await canvasInk(page, 'histograms')).colour > 300, 'gradient histograms drawn');

  // Click the off-diagonal cell with the most images (at most one gallery page of them).
  const counts = run.confusion.counts;
  let cell = null;
  counts.forEach((row, t) => row.forEach((c, p) => {
    if (t !== p && c > 0 && c <= 120 && (!cell || c > counts[cell[0]][cell[1]])) cell = [t, p];
  }));
  assert.ok(cell, 'some image is misclassified');
  const [t, p] = cell;
  const canvas = page.getByTestId('confusion');
  const area = JSON.parse(await canvas.getAttribute('data-plot-area'));
  const size = await canvas.evaluate((c) => ({ w: c.width, h: c.height, cw: c.clientWidth, ch: c.clientHeight }));
  const n = run.classes.length;
  const x = area.left + ((p + 0.5) / n) * (area.right - area.left);
  const y = area.top + ((t + 0.5) / n) * (area.bottom - area.top);
  await canvas.click({ position: { x: (x * size.cw) / size.w, y: (y * size.ch) / size.h } });
  assert.equal(await page.locator('[data-testid="gallery-item"]').count(), counts[t][p]);
  assert.match(await page.getByTestId('gallery-note').textContent(), new RegExp(`^${counts[t][p]} image`));
  assert.equal(await page.locator('[data-testid="gallery-item"].wrong').count(), counts[t][p], 'all misclassified');
  await page.close();
});

test('switching to AdamW fills in its PyTorch default decay, and switching back undoes it', async () => {
  const page = await newPage(env.browser, { prefix: '[adamw]' });
  await openApp(page, env.server.url, {});
  await page.getByTestId('optimizer').selectOption('adamw');
  assert.equal(await page.getByTestId('weight-decay').inputValue(), '0.01');
  assert.match(await page.getByTestId('weight-decay-note').textContent(), /AdamW's PyTorch default/);
  assert.equal(new URLSearchParams((await page.evaluate(() => location.hash)).slice(1)).get('weight_decay'), '0.01');
  await page.getByTestId('optimizer').selectOption('adam');
  assert.equal(await page.getByTestId('weight-decay').inputValue(), '0');
  await page.close();
});

test('a model too big for the worker is refused before training, with its memory estimate', async () => {
  const page = await newPage(env.browser, { prefix: '[too-big]' });
  await openApp(page, env.server.url, { backend: 'cpu', hidden: '8192,8192,8192,8192,8192,8192,8192,8192' });
  await page.getByTestId('train').click();
  await waitForState(page, ['error'], 60_000).catch(() => {});
  assert.equal(await state(page), 'error');
  const status = await page.getByTestId('status').textContent();
  assert.match(status, /This run needs about \d+(\.\d)? GB in the training worker/);
  assert.match(status, /Linear\(8192→8192\)/);
  // The worker is fine: the next, smaller run trains.
  await page.getByTestId('hidden').fill('32');
  await page.locator('[name="epochs"]').fill('1');
  await page.getByTestId('train').click();
  await waitForState(page, ['done'], 120_000);
  await page.close();
});
