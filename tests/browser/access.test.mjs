// Accessibility: axe-core finds no WCAG 2.1 A or AA violation before a run, after one, in the
// presenter view, and with the runs and grid panels filled; the confusion drill-down works
// from the keyboard (the matrix's confusions are choices of the gallery's filter).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { servedPage, newPage, openApp, waitForState } from './setup.mjs';

const env = servedPage({ webgpu: false });

async function violations(page, state) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations.map((v) => `${state}: ${v.id} (${v.impact}): ${v.help}: ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(', ')}`);
}

test('no WCAG 2.1 A/AA violation in four states; the confusion drill-down by keyboard', async () => {
  const page = await newPage(env.browser, { prefix: '[access]' });
  await openApp(page, env.server.url, { backend: 'cpu', epochs: 2, train_limit: 600, hidden: '32' });
  const found = await violations(page, 'before a run');

  await page.getByTestId('train').click();
  await waitForState(page, ['done'], 120_000);
  found.push(...(await violations(page, 'after a run')));

  // The keyboard alone: Tab to the gallery's filter, pick the largest confusion with the arrows.
  await page.getByTestId('gallery-filter').focus();
  const options = await page.getByTestId('gallery-filter').evaluate((s) => [...s.options].map((o) => o.value));
  assert.ok(options.some((v) => v.startsWith('cell:')), `the matrix's confusions are choices: ${options}`);
  for (let i = 0; i < options.indexOf(options.find((v) => v.startsWith('cell:'))); i++) await page.keyboard.press('ArrowDown');
  const [, t, p] = (await page.getByTestId('gallery-filter').inputValue()).split(':').map(Number);
  assert.ok(Number.isInteger(t) && Number.isInteger(p) && t !== p, 'a confusion was chosen by keyboard');
  const captions = await page.locator('[data-testid="gallery"] figcaption').allTextContents();
  assert.ok(captions.length > 0, 'the gallery shows its images');
  const classes = await page.evaluate(() => JSON.parse(document.querySelector('[data-testid="confusion"]').dataset.plotArea ?? 'null') && [...document.querySelectorAll('#report tbody tr th, #report tbody tr td:first-child')].map((c) => c.textContent));
  assert.ok(captions.every((c) => c.startsWith(classes[t])), `every image shown is of true class ${classes[t]}: ${captions.slice(0, 3)}`);

  await page.getByTestId('presenter').click();
  found.push(...(await violations(page, 'presenter view')));
  await page.getByTestId('presenter').click();

  await page.getByTestId('grid-spec').fill('lr=0.001,0.003');
  await page.getByTestId('grid-workers').fill('1');
  await page.getByTestId('grid-run').click();
  await page.locator('[data-testid="grid-status"][data-state="done"]').waitFor({ timeout: 300_000 });
  for (let i = 0; i < 2; i++) await page.locator('[data-testid="run-row"]').nth(i).locator('input[type="checkbox"]').check();
  await page.waitForFunction(() => document.querySelector('[data-testid="overlay"]').dataset.series === '2');
  found.push(...(await violations(page, 'runs and grid filled')));
  assert.deepEqual(found, []);
  await page.close();
});
