// Shared by the browser tests: serve dist/ on a free port and drive the page.
import { before, after } from 'node:test';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../scripts/serve.mjs';
import { launchBrowser } from './browser.mjs';

export const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

/**
 * The benchmarks' warm-up floor, for every library and column alike: a warm-up lasts at least
 * this long as well as at least as many steps as are timed. A fresh worker runs wasm on V8's
 * baseline code until its hot functions are recompiled in the background; with every core
 * training, that took about 2 s from the worker's start (warmup-bench.mjs, BENCHMARKS.md).
 */
export const WARMUP_MS = 3000;
export { launchBrowser, newPage } from './browser.mjs';

/** Serves dist/, cross-origin isolated (COOP/COEP) unless `isolate: false` (a plain static host). */
export async function serveDist({ isolate = true } = {}) {
  return startServer(DIST, { port: 0, host: '127.0.0.1', isolate });
}

/**
 * For a test file: serves dist/ and launches Chromium before its tests and closes both after.
 * Returns `{ server, browser }`, filled in once the tests start.
 */
export function servedPage(options) {
  const env = { server: null, browser: null };
  before(async () => {
    env.server = await serveDist();
    env.browser = await launchBrowser(options);
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

/** Opens the page with settings in the URL hash and waits until it is ready. */
export async function openApp(page, url, settings = {}) {
  const hash = new URLSearchParams(settings).toString();
  await page.goto(`${url}${hash ? '#' + hash : ''}`);
  await page.locator('[data-testid="status"][data-state="idle"]').waitFor({ timeout: 30_000 });
}

export async function state(page) {
  return page.getByTestId('status').getAttribute('data-state');
}

/** Waits for the status to reach one of `states`; fails fast (with the text) on error. */
export async function waitForState(page, states, timeout) {
  const handle = await page.waitForFunction(
    (wanted) => {
      const s = document.querySelector('[data-testid="status"]');
      return (wanted.includes(s.dataset.state) || s.dataset.state === 'error') && s.dataset.state;
    },
    states,
    { timeout, polling: 200 },
  );
  const reached = await handle.jsonValue();
  if (!states.includes(reached)) {
    throw new Error(`status reached '${reached}': ${await page.getByTestId('status').textContent()}`);
  }
  return reached;
}

/** Clicks Export run and returns the parsed JSON download. */
export async function exportRun(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-run').click()]);
  return JSON.parse(await readFile(await download.path(), 'utf8'));
}

/** Pixels of a canvas that are neither white nor transparent, and how many are coloured. */
export async function canvasInk(page, testid, inner) {
  const target = inner ? page.getByTestId(testid).locator(inner).first() : page.getByTestId(testid);
  return target.evaluate((canvas) => {
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let ink = 0;
    let colour = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
      if (a > 0 && (r < 240 || g < 240 || b < 240)) ink++;
      if (a > 0 && Math.max(r, g, b) - Math.min(r, g, b) > 60) colour++;
    }
    return { ink, colour, total: canvas.width * canvas.height };
  });
}
