// Your own folder, end to end: upload through folder-input and as a .zip, the summary's
// counts and skipped files by name, the augmentation preview, then training on it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { servedPage, newPage, openApp, waitForState, exportRun, canvasInk, state } from './setup.mjs';
import { labFolder, writeTree, zip, png } from './images.mjs';

const PER_CLASS = 24;
const SKIPPED = ['shapes/README.md', 'shapes/red/notes.txt', 'shapes/green/broken.png', 'shapes/blue/empty.jpg'];

const env = servedPage({ webgpu: false });
let dir;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aula-folder-'));
  const files = labFolder('shapes', { perClass: PER_CLASS });
  writeTree(dir, files);
  // A zip as macOS makes it: the same tree plus resource forks under __MACOSX/.
  writeFileSync(join(dir, 'shapes.zip'), zip({ ...files, '__MACOSX/shapes/red/._red-1.png': Buffer.from('fork') }));
  // The same images as train/, val/ and test/ folders, for a run with a test score.
  const splits = {};
  for (const [path, data] of Object.entries(files)) {
    const m = path.match(/^shapes\/(red|green|blue)\/(?:more\/)?\w+-(\d+)\.png$/);
    if (m) splits[`split-shapes/${Number(m[2]) % 6 === 0 ? 'test' : Number(m[2]) % 6 === 1 ? 'val' : 'train'}/${m[1]}/${m[1]}-${m[2]}.png`] = data;
  }
  writeTree(dir, splits);
  writeTree(dir, { 'one-class/cats/a.png': files['shapes/red/red-1.png'], 'one-class/cats/b.png': files['shapes/red/red-2.png'] });
});
after(async () => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The class-counts table as { class: [train, val, test] }. */
async function counts(page) {
  return page.getByTestId('class-counts').evaluate((table) =>
    Object.fromEntries([...table.tBodies[0].rows].map((r) => [r.dataset.class, [1, 2, 3].map((i) => Number(r.cells[i].textContent))])));
}

async function skippedPaths(page) {
  return page.getByTestId('skipped-files').evaluate((t) => [...(t.tBodies[0]?.rows ?? [])].map((r) => r.cells[0].textContent));
}

async function expectLabSummary(page) {
  const table = await counts(page);
  // round(24 * 0.2) = 5 of each class held out; `lonely` has one image and is excluded.
  assert.deepEqual(table, { blue: [19, 5, 0], green: [19, 5, 0], red: [19, 5, 0], lonely: [1, 0, 0] });
  assert.deepEqual((await skippedPaths(page)).sort(), [...SKIPPED].sort());
  const reasons = await page.getByTestId('skipped-files').textContent();
  assert.match(reasons, /empty/i);
  assert.match(reasons, /not an image/i);
  assert.match(reasons, /truncated|corrupt/i);
  const warnings = await page.getByTestId('dataset-warnings').textContent();
  assert.match(warnings, /lonely/, 'the one-image class is named in a warning');
}

test('a folder uploaded through folder-input is summarised, previewed and trained on', async () => {
  const page = await newPage(env.browser, { prefix: '[folder]' });
  await openApp(page, env.server.url, { backend: 'cpu', image_size: 16, epochs: 8, hidden: '32', batch_size: 16, horizontal_flip: 0.5 });
  await page.getByTestId('folder-input').setInputFiles(join(dir, 'shapes'));
  await waitForState(page, ['idle'], 60_000);
  assert.match(await page.getByTestId('status').textContent(), /Loaded shapes/);
  await expectLabSummary(page);

  await page.locator('[data-testid="preview-box"] > summary').click();
  await page.locator('[data-testid="preview"][data-tiles="36"]').waitFor({ timeout: 30_000 });
  assert.ok((await canvasInk(page, 'preview')).colour > 1000, 'the preview shows the coloured images');

  // A new size after loading: the worker decodes the files again before training.
  await page.getByTestId('image-size').selectOption('24');
  await page.getByTestId('train').click();
  await waitForState(page, ['done'], 180_000);
  const run = await exportRun(page);
  assert.equal(run.config.dataset, 'folder');
  assert.equal(run.config.image_size, 24);
  assert.deepEqual(run.classes, ['blue', 'green', 'red']);
  assert.equal(run.train_count, 57);
  assert.equal(run.val_count, 15);
  assert.equal(run.data.name, 'shapes');
  assert.equal(run.data.image_size, 24, 'trained on the images decoded again at 24x24');
  assert.equal(run.data.skipped.length, SKIPPED.length);
  assert.ok(run.epochs.at(-1).train_loss < run.epochs[0].train_loss, 'loss falls');
  const best = run.epochs.find((e) => e.epoch === run.best_epoch);
  assert.ok(best.val_accuracy >= 0.6, `val accuracy ${best.val_accuracy} beats chance (0.33) by a margin`);
  assert.ok((await canvasInk(page, 'gallery', 'canvas')).ink > 50, 'the gallery shows the folder images');
  await page.close();
});

test("a model is evaluated on its own run's split, not the form's", async () => {
  const page = await newPage(env.browser, { prefix: '[own-split]' });
  await openApp(page, env.server.url, { backend: 'cpu', image_size: 16, epochs: 4, hidden: '32', batch_size: 16, seed: 5, val_fraction: 0.3 });
  await page.getByTestId('folder-input').setInputFiles(join(dir, 'shapes'));
  await waitForState(page, ['idle'], 60_000);
  await page.getByTestId('train').click();
  await waitForState(page, ['done'], 180_000);
  const run = await exportRun(page);
  const best = run.epochs.find((e) => e.epoch === run.best_epoch);
  assert.equal(run.val_count, 21, 'round(24 * 0.3) = 7 of each of 3 classes');
  // Another seed and share in the form: a split by them would hold images the model trained on.
  await page.locator('[name="seed"]').fill('99');
  await page.locator('[name="val_fraction"]').fill('0.5');
  await page.getByTestId('evaluate-model').click();
  await page.waitForFunction(() => /: accuracy/.test(document.querySelector('[data-testid="model-status"]').textContent));
  const said = await page.getByTestId('model-status').textContent();
  assert.match(said, /the validation split of the model's run \(seed 5, 30% of each class held out/);
  const rows = await page.getByTestId('report').evaluate((t) => [...t.tBodies[0].rows].map((r) => [...r.cells].map((c) => c.textContent)));
  const support = Number(rows.find((r) => r[0] === 'weighted avg')[4]);
  const accuracy = Number(rows.find((r) => r[0] === 'accuracy')[3]);
  assert.equal(support, run.val_count, "the run's 21 validation images, not the form's 36");
  assert.equal(accuracy, Number(best.val_accuracy.toFixed(2)), 'the accuracy the run had on them');
  await page.close();
});

test('Stop during a slow CNN epoch on a folder ends as stopped, with its partial epoch, test score and model', async () => {
  const page = await newPage(env.browser, { prefix: '[cnn-stop]' });
  // Batches of 2 images of 96x96 through two wide conv blocks: an epoch of many slow steps.
  await openApp(page, env.server.url, { backend: 'cpu', model: 'cnn', conv_channels: '32,64', image_size: 96, batch_size: 2, epochs: 50, hidden: '64' });
  await page.getByTestId('folder-input').setInputFiles(join(dir, 'split-shapes'));
  await waitForState(page, ['idle'], 60_000);
  await page.getByTestId('train').click();
  // Into the second epoch: its first batches done, the most of it still to run.
  await page.waitForFunction(() => /Epoch 2\/50 · batch [2-9]\//.test(document.querySelector('[data-testid="progress-text"]').textContent), null, { timeout: 180_000 });
  const stopping = page.waitForFunction(() => document.querySelector('[data-testid="status"]').dataset.phase === 'stopping');
  await page.getByTestId('stop').click();
  await stopping;
  await waitForState(page, ['done'], 120_000);
  const status = await page.getByTestId('status').textContent();
  assert.doesNotMatch(status, /did not answer/, 'the worker was never ended');
  const run = await exportRun(page);
  assert.equal(run.stopped, true);
  assert.equal(run.epochs.length, 2, 'the finished epoch and the one cut short');
  assert.equal(run.epochs[1].partial, true, 'the cut-short epoch is kept, marked partial');
  assert.ok(Number.isFinite(run.epochs[1].val_accuracy), 'and evaluated');
  assert.equal(run.test_count, 12, 'the test/ folder: 4 images of each of 3 classes');
  assert.ok(Number.isFinite(run.test_accuracy), 'the test split is scored');
  assert.ok(await page.getByTestId('export-model').isEnabled(), 'the model is kept');
  assert.doesNotMatch(await page.getByTestId('model-info').textContent(), /No model yet/);
  await page.close();
});

test('a .zip of the folder, chosen or dropped on the page, gives the same summary', async () => {
  const page = await newPage(env.browser, { prefix: '[zip]' });
  await openApp(page, env.server.url, { backend: 'cpu', image_size: 16 });
  await page.getByTestId('zip-input').setInputFiles(join(dir, 'shapes.zip'));
  await waitForState(page, ['idle'], 60_000);
  assert.match(await page.getByTestId('status').textContent(), /Loaded shapes\.zip/);
  await expectLabSummary(page);

  // The same archive dropped on the page, under another name.
  const bytes = [...readFileSync(join(dir, 'shapes.zip'))];
  await page.evaluate((bytes) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(bytes)], 'dropped.zip', { type: 'application/zip' }));
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, bytes);
  await page.waitForFunction(() => /Loaded dropped\.zip/.test(document.querySelector('[data-testid="status"]').textContent), null, { timeout: 60_000 });
  await expectLabSummary(page);
  await page.close();
});

test('a folder with a single class is a clear error and the page stays usable', async () => {
  const page = await newPage(env.browser, { prefix: '[one-class]' });
  await openApp(page, env.server.url, { backend: 'cpu', image_size: 16 });
  await page.getByTestId('folder-input').setInputFiles(join(dir, 'one-class'));
  await waitForState(page, ['error'], 60_000).catch(() => {});
  assert.equal(await state(page), 'error');
  assert.match(await page.getByTestId('status').textContent(), /one class|two class/i);
  // Still usable: the good folder loads next.
  await page.getByTestId('folder-input').setInputFiles(join(dir, 'shapes'));
  await waitForState(page, ['idle'], 60_000);
  assert.deepEqual(Object.keys(await counts(page)).sort(), ['blue', 'green', 'lonely', 'red']);
  await page.close();
});

test('sixty classes: no heatmap, the most frequent confusions instead, and a report row per class', async () => {
  const page = await newPage(env.browser, { prefix: '[many]' });
  const files = {};
  for (let c = 0; c < 60; c++) {
    for (let i = 0; i < 3; i++) files[`many/class-${String(c).padStart(2, '0')}/${i}.png`] = png(16, 16, () => [c * 4, i * 60, 255 - c * 4]);
  }
  await openApp(page, env.server.url, { backend: 'cpu', image_size: 16, epochs: 1, hidden: '32', val_fraction: 0.34 });
  await page.getByTestId('zip-input').setInputFiles({ name: 'many.zip', mimeType: 'application/zip', buffer: zip(files) });
  await waitForState(page, ['idle'], 60_000);
  await page.getByTestId('train').click();
  await waitForState(page, ['done'], 120_000);
  assert.equal(await page.getByTestId('confusion').isVisible(), false, 'no 60x60 heatmap');
  const table = page.getByTestId('top-confusions');
  assert.ok(await table.isVisible());
  assert.match(await table.locator('caption').textContent(), /60 classes/);
  assert.ok((await table.locator('tbody tr').count()) >= 1, 'some confusions listed');
  assert.equal(await page.locator('[data-testid="report"] tbody tr').count(), 63, '60 classes + accuracy, macro, weighted');
  await page.close();
});

test('a grid over a folder: decoded once by the page worker, shared with two grid workers', async () => {
  const page = await newPage(env.browser, { prefix: '[folder-grid]' });
  // Every message the page sends to a worker, by type, and what the workers say they decode.
  await page.addInitScript(() => {
    const post = Worker.prototype.postMessage;
    window.aulaSent = [];
    window.aulaDecoding = [];
    Worker.prototype.postMessage = function (message, ...rest) {
      window.aulaSent.push(message?.type);
      this.aulaHeard ??= this.addEventListener('message', (e) => {
        if (e.data?.type === 'status' && /again at/.test(e.data.text)) window.aulaDecoding.push(e.data.text);
      }) ?? true;
      return post.call(this, message, ...rest);
    };
  });
  await openApp(page, env.server.url, { backend: 'cpu', image_size: 16, epochs: 2, hidden: '32', batch_size: 16 });
  await page.getByTestId('folder-input').setInputFiles(join(dir, 'shapes'));
  await waitForState(page, ['idle'], 60_000);
  await page.getByTestId('grid-spec').fill('lr=0.003,0.01; image_size=16,24');
  await page.getByTestId('grid-workers').fill('2');
  await page.getByTestId('grid-run').click();
  await page.locator('[data-testid="grid-status"][data-state="done"]').waitFor({ timeout: 300_000 });
  assert.match(await page.getByTestId('grid-status').textContent(), /Done: 4 of 4 runs finished/);
  // The runs table redraws on the next animation frame: give it that frame (a run left
  // 'running' would still fail here).
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="run-row"]')].filter((r) => r.dataset.status === 'done').length === 4,
    null, { timeout: 5_000 }).catch(() => {});
  const listed = await page.locator('[data-testid="run-row"]').evaluateAll((rows) => rows.map((r) => r.dataset.status));
  assert.deepEqual(listed, ['done', 'done', 'done', 'done']);
  const sizes = await page.locator('[data-testid="run-row"] td[data-column="config.image_size"]').allTextContents();
  assert.deepEqual(sizes.sort(), ['16', '16', '24', '24']);
  const { sent, decoding } = await page.evaluate(() => ({ sent: window.aulaSent, decoding: window.aulaDecoding }));
  const count = (type) => sent.filter((t) => t === type).length;
  assert.equal(count('load'), 1, `the files are read once, by the page's worker: ${sent}`);
  assert.deepEqual(decoding.map((t) => t.match(/at (\d+)×/)[1]), ['24'], `decoded again once, at the new size: ${decoding}`);
  assert.ok(count('load_shared') >= 2 && count('load_shared') <= 4, `each grid worker gets a size at most once: ${sent}`);
  assert.equal(count('share_folder'), count('load_shared'), 'each share goes to one grid worker');
  assert.equal(count('train'), 4);
  await page.close();
});
