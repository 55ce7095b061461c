// Experiments: every run kept in IndexedDB and still there after a reload, compared in the
// runs table, the overlay and a CSV; grids run in parallel workers and resume after a reload;
// a failed write or a dead worker loses nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { servedPage, openApp, waitForState } from './setup.mjs';

const env = servedPage({ webgpu: false });

/** A page in a context of its own (its own IndexedDB), which `reload` keeps. */
async function freshPage(prefix, init) {
  const context = await env.browser.newContext({ acceptDownloads: true });
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  page.on('console', (m) => console.log(`${prefix} ${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => console.log(`${prefix} pageerror: ${e.message}`));
  page.once('close', () => context.close().catch(() => {}));
  return page;
}

const rows = (page) => page.locator('[data-testid="run-row"]');

/** The runs table as [{column: text}], keyed by the header's column ids. */
async function table(page) {
  // The runs table redraws on the next animation frame (after a status line that may already
  // say done): read it after that frame.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  return page.getByTestId('runs-table').evaluate((t) => [...t.tBodies[0].rows].map((r) =>
    Object.fromEntries([...r.cells].filter((c) => c.dataset.column).map((c) => [c.dataset.column, c.querySelector('input')?.value ?? c.textContent]))));
}

async function trainOnce(page, settings) {
  for (const [name, value] of Object.entries(settings)) await page.locator(`[name="${name}"]`).fill(String(value));
  await page.getByTestId('train').click();
  await waitForState(page, ['done'], 120_000);
}

/** RFC 4180 rows: fields may be quoted, with "" for a quote (settings like hidden=256,128 are). */
function csvRows(text) {
  const rows = [[]];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') field += text[++i];
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') rows.at(-1).push(field), (field = '');
    else if (c === '\n') rows.at(-1).push(field), (field = ''), rows.push([]);
    else field += c;
  }
  if (field || rows.at(-1).length) rows.at(-1).push(field);
  const [header, ...body] = rows.filter((r) => r.length > 1);
  return { header, body };
}

test('runs survive a reload, are compared in the overlay and exported as CSV', async () => {
  const page = await freshPage('[runs]');
  await openApp(page, env.server.url, { backend: 'cpu', epochs: 1, train_limit: 400, hidden: '32' });
  await trainOnce(page, { lr: 0.001 });
  await trainOnce(page, { lr: 0.01 });
  await page.reload();
  await page.locator('[data-testid="status"][data-state="idle"]').waitFor();
  await rows(page).nth(1).waitFor();
  assert.equal(await rows(page).count(), 2, 'both runs are kept');
  const listed = await table(page);
  assert.deepEqual(listed.map((r) => r['config.lr']).sort(), ['0.001', '0.01'], 'lr differs, so it has a column');
  assert.ok(listed.every((r) => /\d+\.\d%/.test(r.best) && r.ended === 'done'), JSON.stringify(listed));
  assert.ok(!('config.epochs' in listed[0]), 'settings that are the same are not listed');

  for (let i = 0; i < 2; i++) await rows(page).nth(i).locator('input[type="checkbox"]').check();
  await page.waitForFunction(() => document.querySelector('[data-testid="overlay"]').dataset.series === '2');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-runs-csv').click()]);
  const { header, body } = csvRows(await readFile(await download.path(), 'utf8'));
  assert.equal(body.length, 2, 'a row per run');
  const col = (name) => header.indexOf(name);
  assert.ok(col('lr') >= 0 && col('val_accuracy') >= 0 && col('best_epoch') >= 0 && col('seconds') >= 0, header.join(','));
  const byLr = Object.fromEntries(body.map((r) => [r[col('lr')], Number(r[col('val_accuracy')])]));
  for (const row of listed) {
    const shown = Number(row.best.match(/([\d.]+)%/)[1]) / 100;
    assert.ok(Math.abs(byLr[row['config.lr']] - shown) < 0.0006, `${row['config.lr']}: csv ${byLr[row['config.lr']]} vs table ${shown}`);
  }
  await page.close();
});

async function runGrid(page, workers) {
  await page.getByTestId('grid-spec').fill('lr=0.001,0.003; batch_size=32,64');
  await page.getByTestId('grid-workers').fill(String(workers));
  const start = Date.now();
  await page.getByTestId('grid-run').click();
  await page.locator('[data-testid="grid-status"][data-state="done"]').waitFor({ timeout: 300_000 });
  return (Date.now() - start) / 1000;
}

// How much faster two workers are is grid-bench.mjs's to print: these runs take milliseconds
// and the workers' start most of the time, so a bound here failed on a busy host.
test('a grid of 4 runs completes with 2 workers, with the right settings', async () => {
  const settings = { backend: 'cpu', epochs: 1, train_limit: 300, hidden: '32' };
  const serial = await freshPage('[grid-1]');
  await openApp(serial, env.server.url, settings);
  const one = await runGrid(serial, 1);
  assert.match(await serial.getByTestId('grid-status').textContent(), /Done: 4 of 4 runs finished/, 'one worker ran them all');
  await serial.close();
  const page = await freshPage('[grid-2]');
  await openApp(page, env.server.url, settings);
  const two = await runGrid(page, 2);
  console.log(`grid of 4 demo runs: ${one.toFixed(1)} s with 1 worker, ${two.toFixed(1)} s with 2`);
  assert.match(await page.getByTestId('grid-status').textContent(), /Done: 4 of 4 runs finished/);
  const listed = await table(page);
  assert.equal(listed.length, 4);
  const combos = listed.map((r) => `${r['config.lr']}/${r['config.batch_size']}`).sort();
  assert.deepEqual(combos, ['0.001/32', '0.001/64', '0.003/32', '0.003/64']);
  assert.ok(listed.every((r) => r.ended === 'done'));
  assert.match(await page.evaluate(() => location.hash), /grid=lr%3D0\.001%2C0\.003/, 'the grid is in the URL');
  await page.close();
});

test('a reload in the middle of a grid resumes only the runs not done', async () => {
  const page = await freshPage('[resume]');
  // Runs of a second or more: the reload must come while runs are left (3 epochs of 300 images
  // through 784-32-10 could all end first).
  await openApp(page, env.server.url, { backend: 'cpu', epochs: 5, train_limit: 2000, hidden: '256,256' });
  await page.getByTestId('grid-spec').fill('lr=0.001,0.002,0.003,0.004');
  await page.getByTestId('grid-workers').fill('1');
  await page.getByTestId('grid-run').click();
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="run-row"]')].filter((r) => r.dataset.status === 'done').length >= 1, null, { timeout: 120_000 });
  await page.reload();
  await page.locator('[data-testid="status"][data-state="idle"]').waitFor();
  await page.getByTestId('grid-resume').waitFor({ state: 'visible' });
  const before = await table(page);
  const done = before.filter((r) => r.ended === 'done').map((r) => r['config.lr']);
  assert.ok(done.length >= 1 && done.length < 4, `some runs finished before the reload: ${done}`);
  assert.match(await page.getByTestId('grid-status').textContent(), new RegExp(`${4 - done.length} of 4 runs are not done`));
  await page.getByTestId('grid-resume').click();
  await page.locator('[data-testid="grid-status"][data-state="done"]').waitFor({ timeout: 300_000 });
  const after = await table(page);
  const finished = after.filter((r) => r.ended === 'done').map((r) => r['config.lr']).sort();
  assert.deepEqual(finished, ['0.001', '0.002', '0.003', '0.004'], 'each combination done once');
  assert.ok(after.filter((r) => r.ended === 'interrupted').length <= 1, 'at most the run cut by the reload is interrupted');
  await page.close();
});

test('a failing IndexedDB write is said and the page goes on; a dead worker leaves an interrupted run', async () => {
  const failing = await freshPage('[quota]', () => {
    IDBObjectStore.prototype.put = function () {
      throw new DOMException('no room left (forced by the test)', 'QuotaExceededError');
    };
  });
  await openApp(failing, env.server.url, { backend: 'cpu', epochs: 1, train_limit: 300, hidden: '32' });
  await failing.getByTestId('train').click();
  await waitForState(failing, ['done'], 120_000);
  const message = await failing.getByTestId('runs-message').textContent();
  assert.match(message, /Could not save .*QuotaExceededError/);
  assert.ok(await failing.getByTestId('runs-delete-old').isVisible(), 'offers to delete old runs');
  assert.equal(await rows(failing).count(), 1, 'the run is still listed in this page');
  await trainOnce(failing, { lr: 0.01 });
  assert.equal(await rows(failing).count(), 2, 'the page goes on: another run trains and is listed');
  await failing.close();

  const page = await freshPage('[crash]', () => {
    const Original = Worker;
    window.Worker = class extends Original {
      constructor(...args) {
        super(...args);
        window.aulaWorkers = [...(window.aulaWorkers ?? []), this];
      }
    };
  });
  // Long enough that the panic lands mid-run on the threaded worker too.
  await openApp(page, env.server.url, { backend: 'cpu', epochs: 1000, train_limit: 300, hidden: '32' });
  await page.getByTestId('train').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="epochs"] tbody tr').length >= 2, null, { timeout: 120_000 });
  await page.evaluate(() => window.aulaWorkers.at(-1).postMessage({ type: 'panic' }));
  await waitForState(page, ['error'], 60_000).catch(() => {});
  await page.waitForFunction(() => document.querySelector('[data-testid="run-row"]')?.dataset.status === 'interrupted');
  await page.reload();
  await page.locator('[data-testid="status"][data-state="idle"]').waitFor();
  await rows(page).first().waitFor();
  assert.equal(await rows(page).first().getAttribute('data-status'), 'interrupted');
  const [download] = await Promise.all([page.waitForEvent('download'), rows(page).first().locator('button', { hasText: 'JSON' }).click()]);
  const run = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.ok(run.epochs.length >= 2, `the finished epochs are kept: ${run.epochs.length}`);
  await page.close();
});
