// The run store as it grows: runs listed from light summaries, their epochs, report and
// thumbnails kept in stores of their own and read when a run is opened; the runs table updated
// in place, so a note typed while a grid trains keeps its caret and is kept; a database of the
// earlier whole-run records upgraded without losing a run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { servedPage, openApp, canvasInk } from './setup.mjs';

const env = servedPage({ webgpu: false });
const SETTINGS = { backend: 'cpu', train_limit: 300, hidden: '32' };

async function freshPage(prefix) {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  page.on('console', (m) => m.type() !== 'log' && console.log(`${prefix} ${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => console.log(`${prefix} pageerror: ${e.message}`));
  page.once('close', () => context.close().catch(() => {}));
  return page;
}

/** Runs the page's own IndexedDB calls (www/store.js) on the page. */
const stored = (page, name) => page.evaluate(async (n) => (await import(new URL('www/store.js', document.baseURI))).all(n), name);

/** The runs table's cells by column, after its next frame (it redraws on one). */
async function table(page) {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  return page.getByTestId('runs-table').evaluate((t) => [...t.tBodies[0].rows].map((r) => ({ id: r.dataset.run,
    ...Object.fromEntries([...r.cells].filter((c) => c.dataset.column).map((c) => [c.dataset.column, c.querySelector('input')?.value ?? c.textContent])),
    note: r.querySelector('[data-testid="run-note"]').value })));
}

/** Opens a run from its row: its epochs table, curves and gallery come from the stores. */
async function openStored(page, id, epochs) {
  await page.locator(`[data-testid="run-row"][data-run="${id}"] button`, { hasText: 'Open' }).click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="epochs"] tbody tr').length === n, epochs);
  await page.getByTestId('gallery-item').first().waitFor();
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  assert.ok((await canvasInk(page, 'curves')).colour > 50, 'the curves are drawn from the stored epochs');
  assert.ok((await canvasInk(page, 'gallery', 'canvas')).ink > 20, 'the gallery shows the stored thumbnails');
}

// Long enough that a run is still training after the note is typed on a fast machine (30
// epochs of this MLP were over within 3 s, 100 in 4 s), with an epoch every few tens of ms.
const EPOCHS = 300;

test('a note typed while a grid trains keeps its caret and text as epochs arrive, and is there after a reload', async () => {
  const page = await freshPage('[note]');
  await openApp(page, env.server.url, { ...SETTINGS, train_limit: 3000, epochs: EPOCHS, early_stopping: false });
  await page.getByTestId('grid-spec').fill('lr=0.001,0.002');
  await page.getByTestId('grid-workers').fill('1');
  await page.getByTestId('grid-run').click();
  const running = page.locator('[data-testid="run-row"][data-status="running"]').first();
  await running.waitFor({ timeout: 60_000 });
  const id = await running.getAttribute('data-run');
  // Every change the table makes to what it shows while the note is typed (not the row's
  // data-epochs, which the test reads).
  await page.evaluate(() => {
    window.tableChanges = 0;
    new MutationObserver((m) => (window.tableChanges += m.filter((r) => r.attributeName !== 'data-epochs').length))
      .observe(document.querySelector('#runs-table tbody'), { childList: true, subtree: true, characterData: true, attributes: true });
  });
  const row = page.locator(`[data-testid="run-row"][data-run="${id}"]`);
  const note = row.locator('[data-testid="run-note"]');
  await note.click();
  await page.evaluate(() => (window.typingIn = document.activeElement));
  const typed = 'kept while the grid trains';
  // Half the note, then a wait for the next epoch with the focus still in it, then the rest:
  // an epoch arrives mid-typing however fast or slow the machine.
  const epochs = async () => Number(await row.getAttribute('data-epochs'));
  const epochsBefore = await epochs();
  await page.keyboard.type(typed.slice(0, 12), { delay: 30 });
  await page.waitForFunction(([run, n]) => Number(document.querySelector(`[data-testid="run-row"][data-run="${run}"]`).dataset.epochs) > n,
    [id, await epochs()], { timeout: 60_000 });
  await page.keyboard.type(typed.slice(12), { delay: 30 });
  const after = await page.evaluate(() => ({ same: document.activeElement === window.typingIn && window.typingIn.isConnected,
    value: window.typingIn.value, caret: window.typingIn.selectionStart, changes: window.tableChanges,
    running: window.typingIn.closest('tr').dataset.status === 'running',
    ended: window.typingIn.closest('tr').querySelector('[data-column="ended"]').textContent }));
  const epochsAfter = await epochs();
  assert.ok(after.running, 'the run was still training when the note was typed');
  assert.ok(epochsAfter > epochsBefore, `epochs arrived while the note was typed: ${epochsBefore} -> ${epochsAfter}`);
  assert.ok(after.changes > 0, 'the row showed them (its progress) while the note had the focus');
  assert.match(after.ended, new RegExp(`^running: epoch \\d+ of ${EPOCHS}$`), 'the running row says how far it is');
  assert.ok(after.same, 'the note keeps the focus');
  assert.equal(after.value, typed);
  assert.equal(after.caret, typed.length, 'the caret stays at the end of what was typed');

  await page.locator('[data-testid="grid-status"][data-state="done"]').waitFor({ timeout: 300_000 });
  await page.reload();
  await page.locator('[data-testid="status"][data-state="idle"]').waitFor();
  await page.locator('[data-testid="run-row"]').nth(1).waitFor();
  const listed = await table(page);
  assert.equal(listed.find((r) => r.id === id)?.note, typed, 'the note is kept after a reload');

  // The list is read from summaries; a run's epochs and thumbnails only from their own stores.
  const [summary] = (await stored(page, 'runs')).filter((r) => r.id === id);
  assert.ok(summary && !('report' in summary) && !('view' in summary) && summary.epoch_count === EPOCHS, JSON.stringify(summary)?.slice(0, 200));
  assert.equal((await stored(page, 'views')).length, 2, 'one view (thumbnails) per run');
  await openStored(page, id, EPOCHS);
  await page.close();
});

test('runs stored whole by the previous version are upgraded without loss; the table sorts and filters', async () => {
  const page = await freshPage('[upgrade]');
  await openApp(page, env.server.url, { ...SETTINGS, epochs: 2 });
  await page.getByTestId('train').click();
  await page.locator('[data-testid="status"][data-state="done"]').waitFor({ timeout: 120_000 });
  // The trained run as version 2 kept it (one record: summary fields, report and view), with
  // two more that differ in lr and accuracy; then a version 2 database holding only those.
  await page.goto(`${env.server.url}no-page-here`);
  await page.evaluate(async () => {
    const done = (r) => new Promise((resolve, reject) => ((r.onsuccess = () => resolve(r.result)), (r.onerror = () => reject(r.error))));
    const d = await done(indexedDB.open('aula'));
    const read = (name) => done(d.transaction(name).objectStore(name).getAll());
    const [[run], [{ report }], [{ run: _, ...view }], epochs] = [await read('runs'), await read('reports'), await read('views'), await read('epochs')];
    d.close();
    const whole = { format: 1, id: run.id, name: run.name, created: run.created, status: run.status, note: 'the trained one', grid: null, report, view };
    const other = (n, accuracy) => ({ ...whole, id: `old-${n}`, name: `old run ${n}`, note: '', created: `2020-01-0${n}T00:00:00.000Z`, view: undefined,
      report: { ...report, config: { ...report.config, lr: n / 100 }, best_epoch: 1, epochs: [{ ...report.epochs[0], epoch: 1, val_accuracy: accuracy }] } });
    await done(indexedDB.deleteDatabase('aula'));
    const open = indexedDB.open('aula', 2);
    open.onupgradeneeded = () => {
      const v2 = open.result;
      v2.createObjectStore('runs', { keyPath: 'id' });
      v2.createObjectStore('epochs', { keyPath: ['run', 'epoch'] }).createIndex('run', 'run');
      v2.createObjectStore('grids', { keyPath: 'id' });
      v2.createObjectStore('models', { keyPath: 'run' });
    };
    const v2 = await done(open);
    const t = v2.transaction(['runs', 'epochs'], 'readwrite');
    for (const r of [whole, other(1, 0.2), other(2, 0.9)]) t.objectStore('runs').put(r);
    for (const e of epochs) t.objectStore('epochs').put(e);
    await new Promise((resolve) => (t.oncomplete = resolve));
    v2.close();
    window.seeded = run.id;
  });
  const id = await page.evaluate(() => window.seeded);
  await openApp(page, env.server.url, { ...SETTINGS, epochs: 2 });
  await page.locator('[data-testid="run-row"]').nth(2).waitFor();
  assert.ok(await page.getByTestId('runs-message').isHidden(), 'no run was skipped');
  let listed = await table(page);
  assert.deepEqual(listed.map((r) => r.id).sort(), [id, 'old-1', 'old-2'].sort(), 'every stored run is listed');
  assert.equal(listed.find((r) => r.id === id).note, 'the trained one');
  assert.match(listed.find((r) => r.id === 'old-2').best, /^90\.0% \(epoch 1\)/);
  const runs = await stored(page, 'runs');
  assert.ok(runs.every((r) => r.format === 2 && !('report' in r)), 'the records are summaries now');
  assert.equal((await stored(page, 'reports')).length, 3);

  // Sorted by best val acc, largest first, then smallest first; filtered by name.
  const best = (rows) => rows.map((r) => parseFloat(r.best));
  await page.locator('#runs-table th[data-column="best"]').click();
  const down = best(await table(page));
  assert.deepEqual(down, [...down].sort((a, b) => b - a), `sorted down: ${down}`);
  await page.locator('#runs-table th[data-column="best"]').click();
  const up = best(await table(page));
  assert.deepEqual(up, [...down].reverse(), `sorted up: ${up}`);
  await page.getByTestId('runs-filter').fill('old run 2');
  listed = await table(page);
  assert.deepEqual(listed.map((r) => r.id), ['old-2'], 'the filter keeps the runs that match');
  await page.getByTestId('runs-filter').fill('');
  assert.equal((await table(page)).length, 3);

  await openStored(page, id, 2);
  await page.close();
});
