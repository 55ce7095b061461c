// The course's labs: a preset fills the form and the grid and is a link; the overfitting lab
// runs as a 4-run grid on the demo and its runs are overlaid; the presenter view draws the
// curves larger, and the keyboard drives it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { servedPage, newPage, openApp, waitForState, exportRun } from './setup.mjs';

const env = servedPage({ webgpu: false });

const field = (page, name) => page.locator(`[name="${name}"]`);

test('a lab fills the form and the grid, says what it shows, and survives a reload as a link', async () => {
  const page = await newPage(env.browser, { prefix: '[labs]' });
  await openApp(page, env.server.url);
  const ids = await page.getByTestId('preset').locator('option').evaluateAll((o) => o.map((x) => x.value).filter(Boolean));
  assert.ok(ids.length >= 8 && ids.includes('overfitting') && ids.includes('course-grid'), ids.join(','));
  await page.getByTestId('preset').selectOption('overfitting');
  assert.equal(await field(page, 'train_limit').inputValue(), '500');
  assert.match(await page.getByTestId('grid-spec').inputValue(), /dropout=0\.3 \+ weight_decay=0\.001 \+ horizontal_flip=0\.5/);
  assert.match(await page.getByTestId('grid-plan').textContent(), /^4 combinations/);
  assert.match(await page.getByTestId('preset-about').textContent(), /500 training images/);
  assert.equal(await page.getByTestId('preset-run').textContent(), 'Run grid');
  assert.match(await page.evaluate(() => location.hash), /preset=overfitting/);

  // A lab without a grid empties the grid; one that needs a folder says so and waits.
  await page.getByTestId('preset').selectOption('mlp-baseline');
  assert.equal(await page.getByTestId('grid-spec').inputValue(), '');
  assert.equal(await field(page, 'train_limit').inputValue(), '0', 'settings the lab does not name are the defaults');
  assert.equal(await page.getByTestId('preset-run').textContent(), 'Train');
  await page.getByTestId('preset').selectOption('course-grid');
  assert.ok(await page.getByTestId('preset-note').isVisible(), 'asks for a folder');
  assert.match(await page.getByTestId('preset-note').textContent(), /load a folder or a \.zip/);
  assert.ok(await page.getByTestId('preset-run').isDisabled(), 'and waits for one');

  await page.getByTestId('preset').selectOption('optimizers');
  const link = await page.evaluate(() => location.href);
  await page.goto('about:blank');
  await page.goto(link);
  await page.locator('[data-testid="status"][data-state="idle"]').waitFor();
  assert.equal(await page.getByTestId('preset').inputValue(), 'optimizers');
  assert.match(await page.getByTestId('grid-spec').inputValue(), /optimizer=sgd,momentum,nesterov,adam,adamw \+ optimizer=rmsprop; lr=0\.01/);
  assert.match(await page.getByTestId('preset-about').textContent(), /RMSprop/);
  await page.close();
});

test('the overfitting lab runs on the demo as 4 runs, overlaid', async () => {
  const page = await newPage(env.browser, { prefix: '[overfit]' });
  await openApp(page, env.server.url, { preset: 'overfitting' });
  assert.equal(await page.getByTestId('preset').inputValue(), 'overfitting');
  await field(page, 'epochs').fill('1');
  await field(page, 'epochs').dispatchEvent('input');
  await page.getByTestId('preset-run').click();
  await page.locator('[data-testid="grid-status"][data-state="done"]').waitFor({ timeout: 300_000 });
  assert.match(await page.getByTestId('grid-status').textContent(), /Done: 4 of 4 runs finished/);
  const rows = page.locator('[data-testid="run-row"]');
  await page.waitForFunction(() => {
    const statuses = [...document.querySelectorAll('[data-testid="run-row"]')].map((r) => r.dataset.status);
    return statuses.length === 4 && statuses.every((s) => s === 'done');
  }, null, { timeout: 10_000 });
  const names = await rows.evaluateAll((r) => r.map((x) => x.querySelector('[data-column="name"] input').value).sort());
  assert.deepEqual(names, ['grid: dropout=0', 'grid: dropout=0.3', 'grid: horizontal_flip=0.5, shift_scale_rotate=0.5', 'grid: weight_decay=0.001'],
    'each run is named by what its variant sets');
  await page.waitForFunction(() => document.querySelector('[data-testid="overlay"]').dataset.series === '4', null, { timeout: 10_000 });
  await page.close();
});

/** The tallest epoch label of the curves, from the chart module's own layout. */
const labelHeight = (page) => page.getByTestId('curves').evaluate((c) => {
  const panels = JSON.parse(c.dataset.layout).panels;
  return Math.max(...panels.flat().map((b) => b.bottom - b.top));
});

test('the presenter view draws the curves larger and the keyboard runs the labs', async () => {
  const page = await newPage(env.browser, { prefix: '[presenter]' });
  await openApp(page, env.server.url, { preset: 'mlp-baseline', backend: 'cpu', epochs: 1, train_limit: 300, hidden: '32' });
  await page.getByTestId('train').click();
  await waitForState(page, ['done'], 120_000);
  await page.waitForFunction(() => JSON.parse(document.querySelector('[data-testid="curves"]').dataset.layout || '{}').panels?.length === 3);
  const normal = { height: await labelHeight(page), width: await page.getByTestId('curves').evaluate((c) => c.getBoundingClientRect().width) };

  await page.getByTestId('presenter').click();
  assert.equal(await page.getByTestId('presenter').getAttribute('aria-pressed'), 'true');
  await page.waitForFunction((h) => {
    const layout = JSON.parse(document.querySelector('[data-testid="curves"]').dataset.layout);
    return Math.max(...layout.panels.flat().map((b) => b.bottom - b.top)) > h;
  }, normal.height);
  const large = { height: await labelHeight(page), width: await page.getByTestId('curves').evaluate((c) => c.getBoundingClientRect().width) };
  assert.ok(large.height >= normal.height * 1.5, `labels ${normal.height} -> ${large.height} px`);
  assert.ok(large.width > normal.width, `the chart is wider on screen: ${normal.width} -> ${large.width}`);
  assert.ok(!(await page.locator('#settings').isVisible()), 'the settings are out of the way');
  assert.ok(await page.getByTestId('confusion').isVisible(), 'the confusion matrix stays');
  assert.ok(await page.getByTestId('confusion-epoch').isVisible(), 'with its epoch picker');
  for (const id of ['histograms', 'hist-epoch', 'gallery-filter']) {
    assert.equal(await page.getByTestId(id).evaluate((e) => e.offsetParent === null), true, `${id} is hidden in the presenter view`);
  }
  const fontSize = (id) => page.getByTestId(id).evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  assert.ok((await fontSize('status')) >= 28, 'the status line reads from the back of the room');

  // → goes to the next lab, ← back; Space trains (and the run is the lab's).
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getByTestId('preset').inputValue(), 'overfitting');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await page.getByTestId('preset').inputValue(), 'mlp-baseline');
  await field(page, 'epochs').evaluate((e) => (e.value = '1'));
  await field(page, 'train_limit').evaluate((e) => (e.value = '300'));
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  const before = await page.locator('[data-testid="run-row"]').count();
  await page.keyboard.press(' ');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="run-row"]').length > n, before, { timeout: 60_000 });
  await waitForState(page, ['done'], 120_000);

  await page.getByTestId('presenter').click();
  await page.waitForFunction((h) => {
    const layout = JSON.parse(document.querySelector('[data-testid="curves"]').dataset.layout);
    return Math.max(...layout.panels.flat().map((b) => b.bottom - b.top)) <= h;
  }, normal.height);
  assert.ok(await page.locator('#settings').isVisible(), 'leaving the presenter view brings the settings back');
  assert.ok(await page.getByTestId('histograms').isVisible(), 'and the histograms');
  const run = await exportRun(page);
  assert.deepEqual([run.config.hidden, run.config.epochs, run.config.train_limit], [[256, 128], 1, 300], "Space trained the lab's settings");
  await page.close();
});
