// The two CPU workers: the threaded one (wasm threads, a rayon pool) where the page is
// cross-origin isolated, by the server's headers or by the page's service worker on a plain
// static host, and the single-threaded one where it cannot be (no service workers). The rest
// of the browser suite runs on the isolated server, so on the threaded worker; this file adds
// the isolation paths and the single-threaded page end to end.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveDist, launchBrowser, newPage, openApp, waitForState, exportRun } from './setup.mjs';
import { labFolder, writeTree } from './images.mjs';

const env = { isolated: null, plain: null, browser: null, dir: null };
before(async () => {
  env.isolated = await serveDist();
  env.plain = await serveDist({ isolate: false });
  env.browser = await launchBrowser({ webgpu: false });
  env.dir = mkdtempSync(join(tmpdir(), 'aula-threads-'));
  writeTree(env.dir, labFolder('shapes', { perClass: 12 }));
});
after(async () => {
  await env.browser?.close();
  await env.isolated?.close();
  await env.plain?.close();
  if (env.dir) rmSync(env.dir, { recursive: true, force: true });
});

/** Documents `page` loads (the first visit, reloads), counted from now. */
function countLoads(page) {
  const loads = { count: 0 };
  page.on('load', () => loads.count++);
  return loads;
}

/** Trains the demo for one short epoch on the CPU; returns the banner's text and the run. */
async function trainDemo(page) {
  await page.getByTestId('train').click();
  await waitForState(page, ['done'], 120_000);
  return { banner: await page.getByTestId('backend-banner').textContent(), run: await exportRun(page) };
}

const SHORT = { backend: 'cpu', epochs: 1, train_limit: 500, hidden: '64' };

test('served with COOP/COEP the page trains on the threaded CPU worker, one thread per core', async () => {
  const page = await newPage(env.browser, { prefix: '[threads]' });
  await openApp(page, env.isolated.url, SHORT);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  assert.equal(await page.evaluate(() => crossOriginIsolated), true);
  assert.ok(cores >= 2, `this test needs 2 cores or more (${cores})`);
  const threads = Math.min(cores, 16);
  assert.match(await page.getByTestId('threads-note').textContent(), new RegExp(`^${threads} threads per run`));
  const { banner, run } = await trainDemo(page);
  assert.match(banner, new RegExp(`on ${threads} threads \\(${cores} cores\\)`), banner);
  assert.equal(run.backend, 'cpu');
  assert.ok(run.epochs[0].val_accuracy > 0.3, `beats chance (0.1): ${run.epochs[0].val_accuracy}`);
  // The threads setting: one thread (on the threaded worker, with a pool of one).
  await page.getByTestId('cpu-threads').fill('1');
  assert.match(await page.getByTestId('threads-note').textContent(), /one thread per run on the CPU: the threads setting asks for one/);
  const single = await trainDemo(page);
  assert.match(single.banner, /on one thread: the threads setting asks for one/, single.banner);
  await page.close();
});

test('a panic or a failed allocation on a pool thread reaches the page at once, and the next run trains', async () => {
  const page = await newPage(env.browser, { prefix: '[pool panic]' });
  // The page's worker is private: keep a handle on each one it starts.
  await page.addInitScript(() => {
    const Original = Worker;
    window.Worker = class extends Original {
      constructor(...args) {
        super(...args);
        window.aulaWorkers = [...(window.aulaWorkers ?? []), this];
      }
    };
  });
  await openApp(page, env.isolated.url, { ...SHORT, epochs: 1000 });
  await page.getByTestId('train').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="epochs"] tbody tr').length >= 1, null, { timeout: 120_000 });
  // The worker's own thread then waits for the pool for good: only the pool thread can tell
  // (without the page's channel the run would train on in the status line, and never end).
  await page.evaluate(() => window.aulaWorkers.at(-1).postMessage({ type: 'panic', in_pool: true }));
  await waitForState(page, ['error'], 15_000);
  assert.match(await page.getByTestId('status').textContent(), /panic requested by the page in a pool thread/);
  await page.waitForFunction(() => document.querySelector('[data-testid="run-row"]')?.dataset.status === 'interrupted');
  await page.locator('[name="epochs"]').fill('1');
  const { banner, run } = await trainDemo(page);
  assert.match(banner, /threads/, banner);
  assert.ok(run.epochs[0].val_accuracy > 0.3, `a fresh worker trains: ${run.epochs[0].val_accuracy}`);
  // Memory running out on a pool thread: a trap with no panic, said by the allocator.
  await page.evaluate(() => window.aulaWorkers.at(-1).postMessage({ type: 'exhaust', in_pool: true }));
  await waitForState(page, ['error'], 30_000);
  assert.match(await page.getByTestId('status').textContent(), /ran out of memory: it could not get 512 MB more/);
  await page.close();
});

test('on a plain static host the service worker isolates the page after one reload, and never reloads again', async () => {
  const page = await newPage(env.browser, { prefix: '[isolation]' });
  const loads = countLoads(page);
  await openApp(page, env.plain.url, SHORT);
  assert.equal(await page.evaluate(() => crossOriginIsolated), true, 'isolated through the service worker');
  assert.equal(loads.count, 2, 'the first visit reloads once');
  await page.waitForTimeout(1500);
  assert.equal(loads.count, 2, 'and only once');
  await page.reload();
  await waitForState(page, ['idle'], 30_000);
  assert.equal(loads.count, 3, 'a later visit is isolated at once, with no reload');
  assert.equal(await page.evaluate(() => crossOriginIsolated), true);
  const { banner, run } = await trainDemo(page);
  assert.match(banner, /on \d+ threads/, banner);
  assert.ok(run.epochs[0].val_accuracy > 0.3, `beats chance (0.1): ${run.epochs[0].val_accuracy}`);
  await page.close();
});

test('without service workers the page runs single-threaded and says why: folder, grid, Stop and model export work', async () => {
  const page = await newPage(env.browser, { prefix: '[single]', serviceWorkers: 'block' });
  const loads = countLoads(page);
  const opened = Date.now();
  await openApp(page, env.plain.url, { backend: 'cpu', image_size: 32, epochs: 1000, hidden: '256', batch_size: 16 });
  assert.equal(loads.count, 1, 'no reload');
  assert.ok(Date.now() - opened < 3000, 'no wait for a service worker that cannot come');
  assert.equal(await page.evaluate(() => crossOriginIsolated), false);
  assert.match(await page.getByTestId('threads-note').textContent(), /one thread per run on the CPU: the page is not cross-origin isolated and service workers are blocked here/);

  await page.getByTestId('folder-input').setInputFiles(join(env.dir, 'shapes'));
  await waitForState(page, ['idle'], 60_000);
  assert.match(await page.getByTestId('status').textContent(), /Loaded shapes/);
  // Stop mid-run keeps what ran.
  await page.getByTestId('train').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="epochs"] tbody tr').length >= 1, null, { timeout: 120_000 });
  await page.getByTestId('stop').click();
  await waitForState(page, ['done'], 20_000);
  assert.match(await page.getByTestId('status').textContent(), /Stopped/);
  assert.match(await page.getByTestId('backend-banner').textContent(), /on one thread: the page is not cross-origin isolated/);
  const run = await exportRun(page);
  assert.equal(run.stopped, true);
  assert.ok(run.epochs.length >= 1 && run.epochs.length < 1000);
  // The model of that run.
  await page.waitForFunction(() => !document.querySelector('[data-testid="export-model"]').disabled);
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-model').click()]);
  assert.match(file.suggestedFilename(), /\.safetensors$/);
  assert.ok((await readFile(await file.path())).length > 1000, 'a model file');
  // A grid of two one-epoch runs.
  await page.locator('[name="epochs"]').fill('1');
  await page.getByTestId('grid-spec').fill('lr=0.003,0.01');
  await page.getByTestId('grid-run').click();
  await page.locator('[data-testid="grid-status"][data-state="done"]').waitFor({ timeout: 120_000 });
  assert.match(await page.getByTestId('grid-status').textContent(), /Done: 2 of 2 runs finished .*one thread each \(the page is not cross-origin isolated/);
  await page.close();
});
