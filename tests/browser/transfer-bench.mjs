// What a visit transfers: bytes the server sends (headers and bodies, counted on its sockets,
// the service worker's own fetches included) for a first visit, until the service worker has
// kept the whole build for offline use, and for a second visit in the same browser. Served as
// `./aula.sh serve` serves (COOP/COEP headers, .br/.gz copies), then once more without the
// compressed copies, and once by a browser without service workers (what the page itself loads
// to train, kept for nothing). Prints numbers only.
import { startServer } from '../../scripts/serve.mjs';
import { DIST, launchBrowser, newPage } from './setup.mjs';

const MB = (n) => `${(n / 1048576).toFixed(2)} MB`;
const KB = (n) => `${(n / 1024).toFixed(1)} kB`;

/** A server of dist/ that counts the bytes it writes; `sent()` is the count so far. */
async function countingServer(options) {
  const served = await startServer(DIST, { port: 0, host: '127.0.0.1', ...options });
  const sockets = new Set();
  let closed = 0;
  served.server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => { closed += socket.bytesWritten; sockets.delete(socket); });
  });
  const sent = () => closed + [...sockets].reduce((sum, s) => sum + s.bytesWritten, 0);
  return { ...served, sent };
}

/** Opens the page and waits until it is idle and, where it can be, saved for offline use. */
async function visit(page, url, offline) {
  await page.goto(url);
  await page.locator('[data-testid="status"][data-state="idle"]').waitFor({ timeout: 60_000 });
  if (offline) {
    await page.waitForFunction(() => ['ready', 'failed'].includes(document.documentElement.dataset.offline), null, { timeout: 300_000 });
    const state = await page.evaluate(() => document.documentElement.dataset.offline);
    if (state !== 'ready') throw new Error(`not saved for offline use: ${await page.getByTestId('offline-state').textContent()}`);
  }
  await page.waitForTimeout(1000); // the last responses finish
}

async function measure(browser, { precompressed = true, serviceWorkers = 'allow' } = {}) {
  const server = await countingServer({ precompressed });
  const page = await newPage(browser, { prefix: '[transfer]', serviceWorkers });
  page.removeAllListeners('console');
  try {
    const offline = serviceWorkers === 'allow';
    await visit(page, server.url, offline);
    const first = server.sent();
    await visit(page, server.url, offline);
    return { first, second: server.sent() - first };
  } finally {
    await page.close();
    await server.close();
  }
}

const browser = await launchBrowser({ webgpu: false });
try {
  const compressed = await measure(browser);
  console.log(`transfer: first visit, until the page is saved for offline use: ${MB(compressed.first)} (brotli copies); second visit: ${KB(compressed.second)}`);
  const plain = await measure(browser, { precompressed: false });
  console.log(`transfer: the same without compressed copies: first visit ${MB(plain.first)}, second visit ${KB(plain.second)}`);
  const bare = await measure(browser, { serviceWorkers: 'block' });
  console.log(`transfer: a browser without service workers (nothing kept offline), until the page is idle: first visit ${MB(bare.first)}, second visit ${KB(bare.second)} (revalidated: unchanged files answered 304)`);
} finally {
  await browser.close();
}
