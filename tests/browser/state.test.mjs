// One page state: a grid and a run exclude each other, and each says why it is refused; a grid
// run that fails names why in its row and is offered again; a folder that fails to load keeps
// the previous one; Stop ends only a worker that has gone silent, and says so; the model card
// names the run its model came from.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { servedPage, newPage, openApp, waitForState, exportRun, state } from './setup.mjs';
import { labFolder, writeTree } from './images.mjs';

const env = servedPage({ webgpu: false });
let dir;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'aula-state-'));
  writeTree(dir, labFolder('shapes', { perClass: 8 }));
});
after(() => dir && rmSync(dir, { recursive: true, force: true }));

const status = (page) => page.getByTestId('status').textContent();
const rowStatuses = (page) => page.locator('[data-testid="run-row"]').evaluateAll((rows) => rows.map((r) => r.dataset.status));

/** Runs the grid and waits for its status to say it ended. */
async function gridEnds(page, click) {
  await click();
  await page.locator('[data-testid="grid-status"][data-state="done"]').waitFor({ timeout: 120_000 });
  // The runs table redraws on the next frame.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

test('a grid and a run refuse each other in words; a failed grid run says why in its row and is resumed', async () => {
  const page = await newPage(env.browser, { prefix: '[exclude]' });
  // The demo's images are 28×28: five 2×2 poolings leave nothing, which only the worker finds.
  await openApp(page, env.server.url, { backend: 'cpu', model: 'cnn', conv_channels: '4', hidden: '16', epochs: 1000, train_limit: 300 });
  await page.getByTestId('grid-spec').fill('conv_channels=4|4,4,4,4,4');
  await page.getByTestId('grid-workers').fill('1');

  await page.getByTestId('train').click();
  await waitForState(page, ['training'], 60_000);
  await page.getByTestId('grid-run').click();
  assert.match(await page.getByTestId('grid-status').textContent(), /A grid cannot start while a run trains/);
  assert.equal(await page.getByTestId('grid-stop').isDisabled(), true, 'no grid started');
  await page.getByTestId('stop').click();
  await waitForState(page, ['done'], 60_000);

  await page.locator('[name="epochs"]').fill('2');
  await page.getByTestId('grid-run').click();
  await page.getByTestId('train').click(); // at once: the grid is starting its worker
  assert.match(await status(page), /Train cannot start while a grid runs/);
  assert.equal(await state(page), 'training', 'the grid shows as training on the status line');
  await page.locator('[data-testid="grid-status"][data-state="done"]').waitFor({ timeout: 120_000 });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  const text = await page.getByTestId('grid-status').textContent();
  assert.match(text, /Done: 1 of 2 runs finished/);
  assert.match(text, /1 failed \(image 28x28 is too small for 5 MaxPool 2x2 blocks/);
  assert.match(text, /1 of 2 runs are not done/);
  const failed = page.locator('[data-testid="run-row"][data-failed]');
  assert.equal(await failed.count(), 1, 'the failed run has a row');
  assert.match(await failed.locator('[data-column="ended"]').textContent(), /failed: image 28x28 is too small for 5 MaxPool/);
  assert.deepEqual((await rowStatuses(page)).sort(), ['done', 'interrupted', 'stopped'], 'no row is left running; the single run was stopped');
  assert.equal(await page.locator('[data-testid="run-row"][data-status="done"]').count(), 1, 'the Train refused during the grid added no run');

  // Offered after a reload too, and resume runs only the failed one (it fails again, and says so).
  await page.reload();
  await page.locator('[data-testid="status"][data-state="idle"]').waitFor();
  await page.getByTestId('grid-resume').waitFor({ state: 'visible' });
  assert.match(await page.getByTestId('grid-status').textContent(), /1 of 2 runs are not done \(1 failed: image 28x28/);
  await gridEnds(page, () => page.getByTestId('grid-resume').click());
  assert.match(await page.getByTestId('grid-status').textContent(), /Done: 0 of 1 runs finished.*1 failed/);
  assert.equal(await failed.count(), 2, 'the failed combination ran again');
  assert.equal(await page.locator('[data-testid="run-row"][data-status="done"]').count(), 1, 'the finished one did not');
  await page.close();
});

test('a folder that fails to load keeps the previous one: Train trains on it', async () => {
  const page = await newPage(env.browser, { prefix: '[folder-kept]' });
  await openApp(page, env.server.url, { backend: 'cpu', image_size: 16, epochs: 1, hidden: '16', batch_size: 8 });
  await page.getByTestId('folder-input').setInputFiles(join(dir, 'shapes'));
  await waitForState(page, ['idle'], 60_000);
  await page.getByTestId('zip-input').setInputFiles({ name: 'broken.zip', mimeType: 'application/zip', buffer: Buffer.from('not a zip at all') });
  await waitForState(page, ['error'], 60_000).catch(() => {});
  assert.equal(await state(page), 'error');
  const said = await status(page);
  assert.match(said, /broken\.zip/, said);
  assert.match(said, /shapes stays loaded/, said);
  assert.match(await page.locator('#folder-title').textContent(), /shapes stays loaded/);
  await page.getByTestId('train').click();
  await waitForState(page, ['done'], 120_000);
  const run = await exportRun(page);
  assert.equal(run.data.name, 'shapes', 'trained on the folder that loaded');
  assert.deepEqual(run.classes, ['blue', 'green', 'red']);
  await page.close();
});

/**
 * Workers whose Stop the test holds back: 'talking' keeps the worker training (it goes on
 * sending progress), 'silent' also drops every message it sends from then on.
 */
function holdStops() {
  const Original = Worker;
  window.aulaWorkers = [];
  window.Worker = class extends Original {
    constructor(...args) {
      super(...args);
      this.ended = false;
      window.aulaWorkers.push(this);
    }
    postMessage(message, ...rest) {
      if (message?.type === 'stop' && window.aulaStopMode) {
        this.silent = window.aulaStopMode === 'silent';
        return undefined;
      }
      return super.postMessage(message, ...rest);
    }
    set onmessage(handler) {
      super.onmessage = (e) => this.silent || handler(e);
    }
    get onmessage() {
      return super.onmessage;
    }
    terminate() {
      this.ended = true;
      super.terminate();
    }
  };
}

/** Waits for the run just asked for to train (the epochs table may still show the last run's). */
async function trainingStarted(page) {
  await waitForState(page, ['training'], 60_000);
  await page.waitForFunction(() => /^Training/.test(document.querySelector('[data-testid="status"]').textContent), null, { timeout: 60_000 });
}

const lastWorker = (page) => page.evaluate(() => ({ ended: window.aulaWorkers.at(-1).ended, count: window.aulaWorkers.length }));

/** The model card's run, and the ids of the rows with `status`. */
async function modelRun(page, status) {
  const run = await page.getByTestId('model-info').getAttribute('data-run');
  const rows = await page.locator(`[data-testid="run-row"][data-status="${status}"]`).evaluateAll((r) => r.map((x) => x.dataset.run));
  return { run, rows };
}

test('Stop ends only a worker gone silent, and says so; the model card keeps naming its own run', async () => {
  const page = await newPage(env.browser, { prefix: '[silence]' });
  await page.addInitScript(holdStops);
  await openApp(page, env.server.url, { backend: 'cpu', epochs: 1, train_limit: 300, hidden: '32', lr: 0.001 });
  await page.getByTestId('train').click();
  await waitForState(page, ['done'], 120_000);
  await page.waitForFunction(() => document.querySelector('[data-testid="model-info"]').dataset.run);
  const first = await modelRun(page, 'done');
  assert.deepEqual([first.run], first.rows, 'the model card names the run that made it');

  // A worker that keeps talking after Stop is not ended, however long it takes.
  await page.locator('[name="epochs"]').fill('1000');
  await page.locator('[name="lr"]').fill('0.002');
  // The whole demo set each epoch on a wider model: a run that cannot end on its own while the
  // test waits (1000 epochs of 4,000 images through 784-32-10 take about 36 s on this host class).
  await page.locator('[name="train_limit"]').fill('0');
  await page.locator('[name="hidden"]').fill('256,256');
  await page.evaluate(() => (window.aulaStopMode = 'talking'));
  await page.getByTestId('train').click();
  await trainingStarted(page);
  await page.getByTestId('stop').click();
  await page.waitForTimeout(25_000);
  assert.equal((await lastWorker(page)).ended, false, 'a worker still sending messages is not ended');
  assert.equal(await state(page), 'training');
  assert.match(await status(page), /Stopping/);
  await page.evaluate(() => Object.getPrototypeOf(Worker.prototype).postMessage.call(window.aulaWorkers.at(-1), { type: 'stop' }));
  await waitForState(page, ['done'], 60_000);
  assert.match(await status(page), /^Stopped in/);
  await page.waitForFunction((run) => document.querySelector('[data-testid="model-info"]').dataset.run !== run, first.run);
  const second = await modelRun(page, 'stopped');
  assert.deepEqual([second.run], second.rows, 'now the stopped run’s model, named by it');

  // A worker that goes silent after Stop is ended after the silence, and the page says so.
  await page.locator('[name="lr"]').fill('0.003');
  await page.evaluate(() => (window.aulaStopMode = 'silent'));
  await page.getByTestId('train').click();
  await trainingStarted(page);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="epochs"] tbody tr').length >= 1, null, { timeout: 60_000 });
  const { count } = await lastWorker(page);
  await page.getByTestId('stop').click();
  await page.waitForFunction(() => /has not answered for \d+ s/.test(document.querySelector('[data-testid="status"]').textContent), null, { timeout: 15_000 });
  await waitForState(page, ['done'], 40_000);
  assert.match(await status(page), /did not answer for 20 s and was ended; the results so far are kept/);
  assert.deepEqual(await lastWorker(page), { ended: true, count }, 'that worker was ended');
  const run = await exportRun(page);
  assert.equal(run.stopped, true);
  assert.ok(run.epochs.length >= 1, 'the epochs so far are kept');
  assert.equal(run.config.lr, 0.003);
  const card = await modelRun(page, 'stopped');
  assert.equal(card.run, second.run, 'the card still names the run whose model the page holds, not the one ended');
  assert.match(await page.getByTestId('model-info').textContent(), /lr 0\.002/);
  await page.close();
});
