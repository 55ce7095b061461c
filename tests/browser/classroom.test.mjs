// The class as a cluster: a 12-combination grid on the demo split into 3 shards, each run in a
// browser context of its own (its own storage, as on its own laptop) and handed in as a file;
// a teacher's context merges the three into the grid one page would have run, with the same
// results per combination, and refuses by name a file of the same grid over another folder. A
// shard run twice is merged with its duplicates named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { servedPage, newPage, openApp, state } from './setup.mjs';

const env = servedPage({ webgpu: false });
const SETTINGS = { backend: 'cpu', epochs: 1, train_limit: 200, hidden: '16', grid: 'lr=0.1,0.03,0.01; batch_size=16,32; dropout=0,0.3', grid_repeats: 1 };

/** Runs the grid the page was opened with and waits for it to end. */
async function runGrid(page) {
  await page.getByTestId('grid-workers').fill('2');
  await page.getByTestId('grid-run').click();
  await page.locator('[data-testid="grid-status"][data-state="done"]').waitFor({ timeout: 300_000 });
}

/** A student's laptop: the link with `shard`, the grid run, its runs handed in. */
async function student(shard) {
  const page = await newPage(env.browser, { prefix: `[shard ${shard}]` });
  await openApp(page, env.server.url, { ...SETTINGS, shard });
  const [seat, of] = shard.split('/');
  assert.match(await page.getByTestId('grid-plan').textContent(), new RegExp(`^shard ${seat} of ${of}: combinations ${seat}, ${Number(seat) + 3}, `));
  await runGrid(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('grid-hand-in').click()]);
  const file = { name: download.suggestedFilename(), mimeType: 'application/json', buffer: await readFile(await download.path()) };
  await page.close();
  assert.match(file.name, new RegExp(`^aula-grid-[0-9a-f]+-shard-${seat}of${of}\\.json$`));
  const runs = JSON.parse(file.buffer).runs;
  assert.deepEqual(runs.map((r) => r.grid.combination + 1).sort((a, b) => a - b), [0, 1, 2, 3].map((i) => Number(seat) + 3 * i));
  return file;
}

/** Best val accuracy per combination (numbered from 1) of a runs file. */
function bestByCombination(runs) {
  const best = (report) => report.epochs.find((e) => e.epoch === report.best_epoch)?.val_accuracy;
  return Object.fromEntries(runs.map((r) => [r.grid.combination + 1, best(r.report)]));
}

/** Drops `files` on the teacher's merge input; what the page then says of the grid. */
async function drop(page, files) {
  const before = await page.getByTestId('grid-merged').evaluate((list) => list.textContent);
  await page.getByTestId('grid-merge').setInputFiles(files);
  await page.waitForFunction((text) => {
    const list = document.querySelector('[data-testid="grid-merged"]');
    return !list.hidden && list.textContent !== text;
  }, before);
  return page.getByTestId('grid-merged').evaluate((list) => ({
    said: [...list.children].map((li) => li.textContent), missing: list.dataset.missing, duplicates: list.dataset.duplicates,
  }));
}

/** The teacher's page, in the presenter view (as in class), with `files` dropped on it at once. */
async function teacher(files) {
  const page = await newPage(env.browser, { prefix: '[teacher]' });
  await openApp(page, env.server.url, { backend: 'cpu' });
  await page.getByTestId('presenter').click();
  const merged = await drop(page, files);
  return { page, merged, runs: await exported(page) };
}

/** The runs a page holds, as its runs file exports them. */
async function exported(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-runs-json').evaluate((b) => b.click())]);
  return JSON.parse(await readFile(await download.path(), 'utf8')).runs;
}

test('a grid split across three laptops and merged on a fourth is the grid one page runs', async () => {
  const files = [];
  for (const shard of ['1/3', '2/3', '3/3']) files.push(await student(shard));

  // The same grid in one page, for the results each combination should have.
  const whole = await newPage(env.browser, { prefix: '[one page]' });
  await openApp(whole, env.server.url, SETTINGS);
  await runGrid(whole);
  const [download] = await Promise.all([whole.waitForEvent('download'), whole.getByTestId('export-runs-json').click()]);
  const expected = bestByCombination(JSON.parse(await readFile(await download.path(), 'utf8')).runs);
  await whole.close();
  assert.equal(Object.keys(expected).length, 12);

  // A file of the same grid over another folder: its runs (ids of their own) name other data.
  const foreign = JSON.parse(files[0].buffer);
  for (const run of foreign.runs) {
    run.id = `other-${run.id}`;
    run.grid.identity.data = 'folder:120:0123456789abcdef';
  }
  const other = { name: 'other-folder.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(foreign)) };

  // Two files arrive first: the grid fills in, and says what it still lacks.
  const { page, merged: early } = await teacher(files.slice(0, 2));
  assert.equal(early.missing, '3,6,9,12', early.said.join(' | '));
  assert.ok(early.said.includes('Still missing: combinations 3, 6, 9, 12.'), early.said.join(' | '));
  // The table and the overlay (the presenter view shows both) fill in with the runs so far.
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="run-row"]').length === 8 &&
    document.querySelector('[data-testid="overlay"]').dataset.series === '8', null, { timeout: 10_000 });
  const merged = await drop(page, [files[2], other]);
  const runs = await exported(page);
  assert.equal(merged.missing, '', merged.said.join(' | '));
  assert.equal(merged.duplicates, '', merged.said.join(' | '));
  assert.ok(merged.said.some((s) => /^Refused: other-folder\.json: the same grid, but trained on other data/.test(s)), merged.said.join(' | '));
  assert.ok(merged.said.some((s) => /^3 files merged: 12 runs of a grid of 12 combinations\./.test(s)), merged.said.join(' | '));
  assert.equal(runs.length, 12, 'the refused file added nothing');
  const got = bestByCombination(runs);
  assert.deepEqual(got, expected, 'each combination as the one page ran it');
  assert.equal(await page.locator('[data-testid="run-row"]').count(), 12);
  await page.close();

  // A shard link opened twice: each page runs its combinations once, and the merge names them.
  const again = await student('1/3');
  const twice = await teacher([...files, again]);
  assert.equal(twice.merged.duplicates, '1,4,7,10', twice.merged.said.join(' | '));
  assert.equal(twice.merged.missing, '');
  assert.equal(twice.runs.length, 16, 'duplicates are kept');
  await twice.page.close();
});

test('a link with only the number of shards asks for the seat, and runs nothing until it is given', async () => {
  const page = await newPage(env.browser, { prefix: '[seat]' });
  await openApp(page, env.server.url, { ...SETTINGS, shard: '3' });
  assert.match(await page.getByTestId('grid-plan').textContent(), /^3 shards: which seat is yours\?/);
  await page.getByTestId('grid-run').click();
  assert.match(await page.getByTestId('grid-status').textContent(), /which seat is yours/);
  assert.equal(await page.getByTestId('grid-status').getAttribute('data-state'), 'idle', 'no grid started');
  assert.equal(await state(page), 'idle');
  await page.getByTestId('grid-shard').fill('2/3');
  assert.match(await page.getByTestId('grid-plan').textContent(), /^shard 2 of 3: combinations 2, 5, 8, 11; /);
  assert.match(await page.evaluate(() => location.hash), /shard=2%2F3/);
  await page.close();
});

test('shards handed in with their models: a merged run exports to PyTorch, and the merged grid opens from its link', async () => {
  const settings = { ...SETTINGS, grid: 'lr=0.1,0.01' };
  const files = [];
  for (const shard of ['1/2', '2/2']) {
    const page = await newPage(env.browser, { prefix: `[models ${shard}]` });
    await openApp(page, env.server.url, { ...settings, shard });
    await page.getByTestId('grid-hand-in-models').check();
    await runGrid(page);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('grid-hand-in').click()]);
    const buffer = await readFile(await download.path());
    const handed = JSON.parse(buffer);
    assert.deepEqual(handed.models?.map((m) => m.run), handed.runs.map((r) => r.id), 'the shard hands in its run with its model');
    assert.ok(Buffer.from(handed.models[0].safetensors, 'base64').length > 10_000, 'a whole model file');
    files.push({ name: download.suggestedFilename(), mimeType: 'application/json', buffer });
    await page.close();
  }

  const page = await newPage(env.browser, { prefix: '[models teacher]' });
  await openApp(page, env.server.url, { backend: 'cpu' });
  const merged = await drop(page, files);
  assert.ok(merged.said.includes('2 trained models came with the files: open one from its run\'s row to export it to PyTorch.'), merged.said.join(' | '));
  assert.equal(merged.missing, '', merged.said.join(' | '));
  // The merged grid's best run: its row opens its model, which exports to PyTorch as any run's.
  const runs = await exported(page);
  const best = (r) => Math.max(...r.report.epochs.map((e) => e.val_accuracy));
  const top = runs.reduce((a, b) => (best(b) > best(a) ? b : a));
  const row = page.locator(`[data-testid="run-row"][data-run="${top.id}"]`);
  await row.getByTestId('run-model').click();
  await page.waitForFunction(() => !document.querySelector('[data-testid="export-pytorch"]').disabled);
  const [zip] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-pytorch').click()]);
  const bytes = await readFile(await zip.path());
  assert.equal(bytes.readUInt32LE(0), 0x04034b50, 'a zip');
  for (const file of ['model.py', 'train.py', 'predict.py', 'weights.safetensors', 'recipe.json']) {
    assert.ok(bytes.includes(Buffer.from(`aula-pytorch/${file}`)), `the export holds ${file}`);
  }

  // The merged grid as a link: another page (another laptop) opens it with the same runs.
  await page.getByTestId('grid-merged-link').click();
  await page.getByTestId('grid-merged-url').waitFor();
  const url = await page.getByTestId('grid-merged-url').inputValue();
  assert.match(url, /#runs=[\w-]+$/);
  await page.close();
  const other = await newPage(env.browser, { prefix: '[link]' });
  await other.goto(url);
  await other.locator('[data-testid="status"][data-state="idle"]').waitFor({ timeout: 30_000 });
  await other.waitForFunction(() => document.querySelectorAll('[data-testid="run-row"]').length === 2, null, { timeout: 10_000 });
  assert.ok(await other.locator('#config-error').isHidden(), 'runs= is not a setting');
  assert.doesNotMatch(await other.evaluate(() => location.hash), /runs=/, 'read once, then out of the URL');
  const linked = await exported(other);
  assert.deepEqual(linked.map((r) => r.id).sort(), runs.map((r) => r.id).sort());
  assert.deepEqual(bestByCombination(linked), bestByCombination(runs));
  await other.close();
});
