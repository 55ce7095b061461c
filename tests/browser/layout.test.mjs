// Finding your way: at 1366x768 during a run, Train/Stop and the whole loss chart are on
// screen together wherever the settings are scrolled; the navigation reaches each section
// and says the state of each (dataset, run, model, runs) at a glance. Screenshots of each
// position go to $AULA_SHOTS (default: a folder in the system's temp dir).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { servedPage, newPage, openApp, waitForState } from './setup.mjs';

const env = servedPage({ webgpu: false });
const SHOTS = process.env.AULA_SHOTS ?? join(tmpdir(), 'aula-layout');

/** Where `id` is on screen, and whether its centre is its own (not under the navigation). */
const placed = (page, id) => page.evaluate((i) => {
  const el = document.getElementById(i);
  const r = el.getBoundingClientRect();
  const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: innerWidth, height: innerHeight, own: el === top || el.contains(top) };
}, id);

const badge = (page, name) => page.getByTestId(`badge-${name}`).textContent();

/** The badges named in `want` once they read so (they follow the page on its next frame),
 * else as they read after 10 s. */
async function settledBadges(page, want) {
  const names = Object.keys(want);
  const read = () => page.evaluate((ns) => Object.fromEntries(ns.map((n) => [n, document.querySelector(`[data-testid="badge-${n}"]`).textContent])), names);
  for (const until = Date.now() + 10_000; Date.now() < until; await page.waitForTimeout(50)) {
    const got = await read();
    if (names.every((n) => got[n] === want[n])) return got;
  }
  return read();
}

test('at 1366x768 Stop and the loss chart are seen together during a run; the navigation reaches every section', async () => {
  // A run far longer than the test (1000 epochs), ended by Stop: the layout is checked while
  // it trains, whatever the machine's speed.
  await mkdir(SHOTS, { recursive: true });
  const page = await newPage(env.browser, { prefix: '[layout]' });
  await page.setViewportSize({ width: 1366, height: 768 });
  await openApp(page, env.server.url, { backend: 'cpu', epochs: 1000, train_limit: 4000, hidden: '128', early_stopping: false });
  assert.deepEqual(await settledBadges(page, { dataset: 'demo' }), { dataset: 'demo' });

  await page.getByTestId('sections').getByRole('button', { name: /^Settings/ }).click();
  const settingsAt = await placed(page, 'settings');
  const nav = await placed(page, 'sections');
  assert.ok(settingsAt.top >= nav.bottom && settingsAt.top < nav.bottom + 40, `Settings starts just below the navigation: ${settingsAt.top} (navigation ends at ${nav.bottom})`);
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Settings', 'its heading has the focus');
  await page.getByTestId('sections').getByRole('button', { name: /^Training/ }).click();

  await page.getByTestId('train').click();
  await waitForState(page, ['training'], 60_000);
  const settings = await page.evaluate(() => {
    const r = document.getElementById('settings').getBoundingClientRect();
    return { top: r.top + scrollY, bottom: r.bottom + scrollY };
  });
  const positions = [0, Math.round((settings.top + settings.bottom) / 2) - 384, Math.round(settings.bottom) - 768];
  for (const [i, y] of positions.entries()) {
    await page.evaluate((to) => window.scrollTo(0, to), y);
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const path = join(SHOTS, `during-run-${i}.png`);
    await page.screenshot({ path });
    console.log(`screenshot at scroll ${y}: ${path}`);
    assert.equal(await page.evaluate(() => document.querySelector('[data-testid="status"]').dataset.state), 'training', 'still training');
    for (const id of ['stop', 'train', 'curves']) {
      const at = await placed(page, id);
      assert.ok(at.top >= 0 && at.bottom <= at.height && at.left >= 0 && at.right <= at.width, `${id} is whole on screen at scroll ${y}: ${JSON.stringify(at)}`);
      assert.ok(at.own, `${id} is not covered at scroll ${y}`);
    }
    assert.match(await badge(page, 'training'), /^\d+%$/, 'the navigation shows the run going');
  }
  await page.getByTestId('stop').click();
  await waitForState(page, ['done'], 60_000);
  const settled = { training: 'done', model: 'ready', runs: '1' };
  assert.deepEqual(await settledBadges(page, settled), settled, 'the navigation says the run is done and its model ready');
  await page.close();
});
