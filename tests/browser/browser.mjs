// Test helper: drive Debian's headless Chromium (/usr/bin/chromium) through playwright-core.
// `npx playwright install` cannot download browsers here, so we point Playwright at the
// system binary. Checked with Chromium 156 + playwright-core 1.65.1: WebGPU (SwiftShader
// fallback adapter) works in pages and in dedicated/module workers.
import { chromium } from 'playwright-core';

// The Debian launcher script; it execs /usr/lib/chromium/chromium (Playwright's pipe survives).
const EXECUTABLE = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// No network here except package registries: keep Chromium from trying to reach Google hosts.
// Playwright already passes most of these itself; listing them keeps the intent explicit.
const OFFLINE_ARGS = [
  '--disable-quic', // no QUIC probes to Google.
  '--no-first-run', // no first-run UI or its fetches.
  '--disable-background-networking', // no variations, safe-browsing or translate fetches.
  '--disable-component-update', // no component updater downloads.
  '--disable-sync', // no sync sign-in traffic.
  // Even with the flags above, Chromium 156 still looks up update.googleapis.com (through
  // the Debian launcher) or accounts.google.com (binary run directly). Fail every hostname
  // lookup inside Chromium without asking DNS, except the loopback hosts tests use.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];

// WebGPU: `--enable-unsafe-webgpu` is the one flag that matters. With it, requestAdapter()
// returns the SwiftShader (Vulkan-on-CPU) adapter, isFallbackAdapter === true, in page and
// worker, with or without --disable-gpu. Tried and not needed: --enable-features=Vulkan
// (it would also override Playwright's own --enable-features list, and made the first
// requestAdapter take about 700 ms), --use-angle=swiftshader, and --use-webgpu-adapter=swiftshader
// (no effect here because SwiftShader is the only adapter).
// We do not pass --disable-gpu here: it is not needed headless and does not stop WebGPU.
const WEBGPU_ARGS = ['--enable-unsafe-webgpu'];
// Without the flag, navigator.gpu still exists but requestAdapter() resolves to null (page and
// worker; the console warns "No available adapters."). --disable-gpu is meant to keep a machine
// with a real GPU from giving a hardware adapter (not tried: this machine has no GPU).
const NO_WEBGPU_ARGS = ['--disable-gpu'];

/**
 * Launch headless Chromium. browserType.launch() already creates a fresh temporary
 * --user-data-dir (playwright_chromiumdev_profile-*) and deletes it on browser.close(), so no
 * profile state leaks between runs. Passing --user-data-dir in args throws;
 * launchPersistentContext would return a BrowserContext, not a Browser.
 * Playwright also adds --headless and --no-sandbox (we run as root, so the sandbox cannot start).
 * @returns {Promise<import('playwright-core').Browser>}
 */
export async function launchBrowser({ webgpu = true, jsFlags = '' } = {}) {
  return chromium.launch({
    executablePath: EXECUTABLE,
    headless: true,
    chromiumSandbox: false,
    // `jsFlags`: V8's own flags, for benchmarks that compare its compilers (warmup-bench.mjs).
    args: [...OFFLINE_ARGS, ...(webgpu ? WEBGPU_ARGS : NO_WEBGPU_ARGS), ...(jsFlags ? [`--js-flags=${jsFlags}`] : [])],
    timeout: 60_000,
  });
}

/**
 * Open a page in a new context (downloads are accepted, so page.waitForEvent('download') works;
 * `serviceWorkers: 'block'` plays a browser without service workers).
 * Page console messages and uncaught page errors are printed with a prefix and kept in
 * page.logs = [{type, text, url}] and page.errors = [Error], for tests to assert on.
 * Messages from dedicated workers also arrive as page 'console' events.
 * Note: Chromium requests /favicon.ico, so a server without one logs a 404 console error.
 * Note: navigator.gpu exists only in secure contexts: serve pages from http://127.0.0.1,
 * http://localhost or file://. On about:blank (page.setContent) and data: URLs it is undefined.
 * @returns {Promise<import('playwright-core').Page & {logs: object[], errors: Error[]}>}
 */
export async function newPage(browser, { prefix = '[browser]', serviceWorkers = 'allow' } = {}) {
  const context = await browser.newContext({ acceptDownloads: true, serviceWorkers });
  const page = await context.newPage();
  page.logs = [];
  page.errors = [];
  page.on('console', (msg) => {
    const entry = { type: msg.type(), text: msg.text(), url: msg.location().url };
    page.logs.push(entry);
    console.log(`${prefix} console.${entry.type}: ${entry.text}`);
  });
  page.on('pageerror', (err) => {
    page.errors.push(err);
    console.error(`${prefix} pageerror: ${err.stack || err.message}`);
  });
  // Closing the page also closes its context (and deletes its downloads).
  page.once('close', () => context.close().catch(() => {}));
  return page;
}
