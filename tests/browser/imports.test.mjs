// Hostile runs files: a file whose confusion matrix has no classes, or whose run claims two
// billion epochs, is refused with the file, the run and the field named, and nothing of it is
// kept; the page goes on (its charts still draw, a good file still imports). A name that a
// spreadsheet would run as a formula goes into the CSV as text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { servedPage, newPage, openApp, waitForState } from './setup.mjs';

const env = servedPage({ webgpu: false });

const rows = (page) => page.locator('[data-testid="run-row"]');

async function download(page, testid) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  return readFile(await file.path(), 'utf8');
}

/** Drops `runs` into the import input as `name`; the runs message the page shows then. */
async function importRuns(page, name, runsFile) {
  const before = await page.getByTestId('runs-message').textContent();
  await page.getByTestId('runs-import').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(runsFile)) });
  await page.waitForFunction((b) => document.querySelector('[data-testid="runs-message"]').textContent !== b, before);
  return page.getByTestId('runs-message').textContent();
}

test('hostile runs files are refused by name, and formulas reach the CSV as text', async () => {
  const page = await newPage(env.browser, { prefix: '[imports]' });
  const trapped = [];
  page.on('pageerror', (e) => trapped.push(e.message));
  await openApp(page, env.server.url, { backend: 'cpu', epochs: 1, train_limit: 300, hidden: '32' });
  await page.getByTestId('train').click();
  await waitForState(page, ['done'], 120_000);
  const good = JSON.parse(await download(page, 'export-runs-json'));
  assert.equal(good.runs.length, 1);
  const copy = (edit) => {
    const file = structuredClone(good);
    edit(file.runs[0]);
    return file;
  };

  const noClasses = copy((run) => (run.report.confusion = { classes: 0, counts: [] }));
  const said = await importRuns(page, 'no-classes.json', noClasses);
  assert.match(said, /no-classes\.json was not imported/);
  assert.match(said, /run 1 .*report\.confusion\.classes/);

  const endless = copy((run) => {
    run.report.config.epochs = 2e9;
    run.report.epochs[0].epoch = 2e9;
  });
  const saidEpochs = await importRuns(page, 'two-billion-epochs.json', endless);
  assert.match(saidEpochs, /two-billion-epochs\.json was not imported/);
  assert.match(saidEpochs, /epochs/);
  assert.equal(await rows(page).count(), 1, 'nothing of a refused file is kept');

  const formula = copy((run) => (run.name = '=HYPERLINK("http://example.invalid","click")'));
  assert.match(await importRuns(page, 'formula.json', formula), /Imported 1 run from formula\.json/);
  await rows(page).nth(1).waitFor();
  assert.equal(await rows(page).count(), 2, 'a good file imports beside the run');
  const csv = await download(page, 'export-runs-csv');
  assert.ok(csv.includes(`"'=HYPERLINK(""http://example.invalid"",""click"")"`) || csv.includes(`'=HYPERLINK(`), csv.slice(0, 400));
  assert.ok(!/(^|,)"?=HYPERLINK/m.test(csv), 'no cell starts with =');

  // The imported run is drawn beside the trained one: nothing trapped the page's module.
  for (let i = 0; i < 2; i++) await rows(page).nth(i).locator('input[type="checkbox"]').check();
  await page.waitForFunction(() => document.querySelector('[data-testid="overlay"]').dataset.series === '2', null, { timeout: 10_000 });
  assert.deepEqual(trapped, [], 'no page error');
  await page.close();
});
