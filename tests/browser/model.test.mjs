// The trained model end to end: download it, reload the page, load the file, predict demo
// images (the same top classes as the run's own predictions), export to PyTorch; bad files
// and actions are refused with a message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { servedPage, newPage, openApp, waitForState, exportRun } from './setup.mjs';
import { png } from './images.mjs';

const env = servedPage({ webgpu: false });

/** Clicks a download button and returns the file's bytes and name. */
async function download(page, testid) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  return { bytes: await readFile(await file.path()), name: file.suggestedFilename() };
}

/** Drops demo validation images `indices` (cut from the sprite sheet, as PNGs) on the predict panel. */
async function dropDemoImages(page, indices) {
  await page.evaluate(async (indices) => {
    const manifest = await (await fetch('demo/demo.json')).json();
    const sheet = new Image();
    sheet.src = `demo/${manifest.splits.val.file}`;
    await sheet.decode();
    const { width: w, height: h, tile_cols: cols } = manifest;
    const transfer = new DataTransfer();
    for (const i of indices) {
      const canvas = document.createElement('canvas');
      canvas.width = w;
      canvas.height = h;
      canvas.getContext('2d').drawImage(sheet, (i % cols) * w, Math.floor(i / cols) * h, w, h, 0, 0, w, h);
      const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
      transfer.items.add(new File([blob], `val-${i}.png`, { type: 'image/png' }));
    }
    const zone = document.querySelector('[data-testid="predict-zone"]');
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, indices);
}

test('a trained model is downloaded, loaded after a reload and predicts as the run did', async () => {
  const page = await newPage(env.browser, { prefix: '[model]' });
  await openApp(page, env.server.url, { backend: 'cpu', epochs: 2, train_limit: 1000 });
  assert.equal(await page.getByTestId('export-model').isDisabled(), true, 'no model before a run');
  await page.getByTestId('train').click();
  await waitForState(page, ['done'], 300_000);
  const run = await exportRun(page);
  assert.equal(run.weights_epoch, run.best_epoch, 'the model holds the reported epoch');
  // The run's own predictions for some validation images, at the reported epoch (gallery order is dataset order).
  const picks = [0, 30, 60, 100, 115];
  const inPage = await page.evaluate((picks) => {
    const items = [...document.querySelectorAll('[data-testid="gallery-item"] figcaption b')];
    return picks.map((i) => items[i].textContent);
  }, picks);
  await page.getByTestId('export-model').waitFor({ state: 'visible' });
  await page.waitForFunction(() => !document.querySelector('[data-testid="export-model"]').disabled);
  const model = await download(page, 'export-model');
  assert.match(model.name, /^aula-mlp-256-128-epoch\d\.safetensors$/);
  const pytorch = await download(page, 'export-pytorch');
  assert.match(pytorch.name, /-pytorch\.zip$/);
  assert.equal(pytorch.bytes.readUInt32LE(0), 0x04034b50, 'a zip');
  // A demo run's export carries its images, so train.py repeats it offline.
  for (const file of ['model.py', 'data.py', 'train.py', 'predict.py', 'weights.safetensors', 'recipe.json', 'demo.safetensors']) {
    assert.ok(pytorch.bytes.includes(Buffer.from(`aula-pytorch/${file}`)), `the export holds ${file}`);
  }
  // The stored run links to its model: after a reload its row loads it back.
  await page.reload();
  await page.locator('[data-testid="status"][data-state="idle"]').waitFor();
  assert.match(await page.getByTestId('model-info').textContent(), /No model yet/);
  await page.locator('[data-testid="run-row"] [data-testid="run-model"]').first().click();
  await page.waitForFunction((name) => document.querySelector('[data-testid="model-info"]').textContent.includes(`from ${name}`), model.name);
  assert.match(await page.getByTestId('model-info').textContent(), /10 classes: T-shirt\/top/);
  await page.close();

  // A later visit: load the file, see what it is, predict.
  const later = await newPage(env.browser, { prefix: '[model-later]' });
  await openApp(later, env.server.url, {});
  await later.getByTestId('model-input').setInputFiles({ name: model.name, mimeType: 'application/octet-stream', buffer: model.bytes });
  await later.waitForFunction(() => /from aula-mlp/.test(document.querySelector('[data-testid="model-info"]').textContent));
  const info = await later.getByTestId('model-info').textContent();
  assert.match(info, /10 classes: T-shirt\/top, Trouser/);
  assert.match(info, /28×28 grayscale/);
  await dropDemoImages(later, picks);
  await later.locator('[data-testid="prediction"]').nth(picks.length - 1).waitFor({ timeout: 60_000 });
  const predicted = await later.locator('[data-testid="prediction"]').evaluateAll((figs) => figs.map((f) => f.dataset.topClass));
  assert.deepEqual(predicted, inPage, 'the loaded model predicts what the run predicted for the same images');
  const bars = await later.locator('[data-testid="prediction"] canvas').first().evaluate((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 200 || d[i + 2] < 200) ink++;
    return ink;
  });
  assert.ok(bars > 200, `the top-3 bar chart is drawn (${bars} pixels)`);

  // Evaluate the loaded model on the demo's validation split.
  await later.getByTestId('evaluate-model').click();
  await later.waitForFunction(() => /on the demo's validation split, as in the model's run: accuracy/.test(document.querySelector('[data-testid="model-status"]').textContent));
  assert.equal(await later.locator('[data-testid="report"] tbody tr').count(), 13);
  await later.close();
});

test('a PNG given as a model file, and a non-image given to predict, are refused with the reason', async () => {
  const page = await newPage(env.browser, { prefix: '[bad-model]' });
  await openApp(page, env.server.url, { backend: 'cpu', epochs: 1, train_limit: 300 });
  const image = png(8, 8, () => [10, 20, 30]);
  await page.getByTestId('model-input').setInputFiles({ name: 'cat.png', mimeType: 'image/png', buffer: image });
  await page.waitForFunction(() => document.querySelector('[data-testid="model-status"]').classList.contains('error'));
  assert.match(await page.getByTestId('model-status').textContent(), /cat\.png is not a model file: it is not a \.safetensors file/);
  assert.equal(await page.getByTestId('export-model').isDisabled(), true, 'still no model');
  assert.equal(await page.getByTestId('status').getAttribute('data-state'), 'idle', 'the page stays usable');

  await page.getByTestId('train').click();
  await waitForState(page, ['done'], 120_000);
  await page.waitForFunction(() => !document.querySelector('[data-testid="predict-input"]').disabled);
  await page.getByTestId('predict-input').setInputFiles([
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not an image') },
    { name: 'shoe.png', mimeType: 'image/png', buffer: png(40, 30, (x) => [x * 6, x * 6, x * 6]) },
  ]);
  await page.locator('[data-testid="prediction"]').nth(1).waitFor({ timeout: 60_000 });
  const [bad, good] = await page.locator('[data-testid="prediction"]').evaluateAll((f) => f.map((x) => ({ error: x.dataset.error, top: x.dataset.topClass })));
  assert.match(bad.error, /not an image/);
  assert.ok(good.top, 'the real image still gets a prediction');
  await page.close();
});
