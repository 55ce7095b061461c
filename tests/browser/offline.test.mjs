// Offline after one visit: the service worker keeps the build, the page loads and trains with
// the network gone, a new build served shows "new version — reload" and takes over on the click,
// and the server sends the build's precompressed copies. Needs a finished dist/ (`./aula.sh build`,
// or `node scripts/finish-dist.mjs dist`): its sw.js lists the files to keep.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../scripts/serve.mjs';
import { DIST, serveDist, launchBrowser, newPage, openApp, waitForState, exportRun } from './setup.mjs';

const SHORT = { backend: 'cpu', epochs: 1, train_limit: 300, hidden: '32' };
const BUILD_LINE = /^const BUILD = (.*);$/m;
const build = JSON.parse(readFileSync(join(DIST, 'sw.js'), 'utf8').match(BUILD_LINE)[1]);

const env = { browser: null, dir: null };
before(async () => {
  assert.ok(build.files.length > 20, 'dist/sw.js lists the build (run scripts/finish-dist.mjs)');
  env.browser = await launchBrowser({ webgpu: false });
  env.dir = mkdtempSync(join(tmpdir(), 'aula-offline-'));
});
after(async () => {
  await env.browser?.close();
  if (env.dir) rmSync(env.dir, { recursive: true, force: true });
});

/** Waits until the service worker says the whole build is kept. */
async function savedForOffline(page) {
  await page.waitForFunction(() => ['ready', 'failed'].includes(document.documentElement.dataset.offline), null, { timeout: 120_000 });
  const line = await page.getByTestId('offline-state').textContent();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.offline), 'ready', line);
}

/** The web app manifest is read without errors and Chromium finds the page installable. */
async function installable(page) {
  const cdp = await page.context().newCDPSession(page);
  const manifest = await cdp.send('Page.getAppManifest');
  assert.deepEqual(manifest.errors, [], manifest.url);
  const data = JSON.parse(manifest.data);
  assert.equal(data.name, 'aula');
  assert.equal(data.start_url, '.');
  assert.equal(data.display, 'standalone');
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  // The test's browser contexts are incognito ones, where nothing installs: that one aside.
  assert.deepEqual(installabilityErrors.filter((e) => e.errorId !== 'in-incognito'), []);
  await cdp.detach();
}

const cacheNames = (page) => page.evaluate(() => caches.keys());

test('after one visit to a plain static host the page loads and trains the demo with the network gone', async () => {
  const server = await serveDist({ isolate: false });
  const page = await newPage(env.browser, { prefix: '[offline]' });
  try {
    await openApp(page, server.url, SHORT);
    await savedForOffline(page);
    assert.deepEqual(await cacheNames(page), [`aula-${build.version}`]);
    const cached = await page.evaluate(async (name) => (await (await caches.open(name)).keys()).length, `aula-${build.version}`);
    assert.equal(cached, build.files.length, 'every file of the build is kept');
    await installable(page);

    // No network at all: the browser is offline and the server is gone.
    await page.context().setOffline(true);
    await server.close();
    await page.reload();
    await waitForState(page, ['idle'], 60_000);
    assert.equal(await page.evaluate(() => navigator.onLine), false);
    await savedForOffline(page);
    assert.match(await page.getByTestId('offline-state').textContent(), /^Saved for offline use/);
    assert.equal(await page.evaluate(() => crossOriginIsolated), true, 'cached responses carry COOP/COEP');
    assert.equal(await page.getByTestId('update-note').count(), 0, 'no update note without a new build');
    await page.getByTestId('train').click();
    await waitForState(page, ['done'], 180_000);
    assert.match(await page.getByTestId('backend-banner').textContent(), /on \d+ threads/, 'the threaded worker loaded offline');
    const run = await exportRun(page);
    assert.equal(run.backend, 'cpu');
    assert.ok(run.epochs[0].val_accuracy > 0.3, `beats chance (0.1): ${run.epochs[0].val_accuracy}`);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.close();
    await server.close().catch(() => {});
  }
});

/** A site of dist/'s files (linked) whose sw.js lists `served`, as another build's would. */
function writeSite(site, served) {
  rmSync(site, { recursive: true, force: true });
  mkdirSync(site);
  for (const name of readdirSync(DIST)) {
    if (!name.startsWith('sw.js')) symlinkSync(join(DIST, name), join(site, name));
  }
  const sw = readFileSync(join(DIST, 'sw.js'), 'utf8');
  writeFileSync(join(site, 'sw.js'), sw.replace(BUILD_LINE, () => `const BUILD = ${JSON.stringify(served)};`));
}

test('a new build served shows "new version — reload"; the click loads it once and deletes the old cache', async () => {
  const site = join(env.dir, 'site');
  writeSite(site, build);
  const server = await startServer(site, { port: 0, host: '127.0.0.1' });
  const page = await newPage(env.browser, { prefix: '[update]' });
  let loads = 0;
  page.on('load', () => loads++);
  try {
    await openApp(page, server.url, SHORT);
    await savedForOffline(page);
    await page.reload();
    await waitForState(page, ['idle'], 60_000);
    await page.waitForTimeout(1000);
    assert.equal(await page.getByTestId('update-note').count(), 0, 'the same build: no note');

    writeSite(site, { ...build, version: `${build.version}-next` });
    await page.reload();
    await waitForState(page, ['idle'], 60_000);
    const note = page.getByTestId('update-note');
    await note.waitFor({ timeout: 120_000 });
    assert.match(await note.textContent(), /new version/i);
    assert.deepEqual((await cacheNames(page)).sort(), [`aula-${build.version}`, `aula-${build.version}-next`].sort(),
      'the new build is cached beside the old one before it takes over');

    const before = loads;
    await Promise.all([page.waitForEvent('load', { timeout: 30_000 }), page.getByTestId('update-reload').click()]);
    await waitForState(page, ['idle'], 60_000);
    await page.waitForTimeout(2000);
    assert.equal(loads, before + 1, 'one reload, no loop');
    assert.equal(await page.getByTestId('update-note').count(), 0, 'the new build serves the page');
    assert.deepEqual(await cacheNames(page), [`aula-${build.version}-next`], 'the old cache is deleted');
    assert.equal(await page.evaluate(() => crossOriginIsolated), true);
  } finally {
    await page.close();
    await server.close();
  }
});

test("a file whose bytes are not the listed build's is not kept, and the page says which", async () => {
  const site = join(env.dir, 'other');
  const files = build.files.map(([path, hash]) => [path, path === 'www/dom.js' ? '0'.repeat(16) : hash]);
  writeSite(site, { version: `${build.version}-other`, files });
  const server = await startServer(site, { port: 0, host: '127.0.0.1' });
  const page = await newPage(env.browser, { prefix: '[mismatch]' });
  try {
    await openApp(page, server.url, SHORT);
    await page.waitForFunction(() => ['ready', 'failed'].includes(document.documentElement.dataset.offline), null, { timeout: 120_000 });
    assert.equal(await page.evaluate(() => document.documentElement.dataset.offline), 'failed');
    assert.match(await page.getByTestId('offline-state').textContent(), /^Not saved for offline use: could not keep \/www\/dom\.js \(/);
    const kept = await page.evaluate(async (name) => (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname), `aula-${build.version}-other`);
    assert.equal(kept.length, files.length - 1);
    assert.ok(!kept.includes('/www/dom.js'));
  } finally {
    await page.close();
    await server.close();
  }
});

test('the server sends the precompressed copy a browser accepts, with the type kept', async () => {
  const server = await serveDist({ isolate: false });
  try {
    const wasm = readFileSync(join(DIST, 'pkg/aula_worker_bg.wasm'));
    for (const [accept, encoding] of [['gzip, deflate, br', 'br'], ['gzip', 'gzip'], ['identity', null], ['br;q=0, gzip', 'gzip']]) {
      const response = await fetch(`${server.url}pkg/aula_worker_bg.wasm`, { headers: { 'Accept-Encoding': accept } });
      assert.equal(response.headers.get('content-type'), 'application/wasm', accept);
      assert.equal(response.headers.get('content-encoding'), encoding, accept);
      assert.equal(response.headers.get('vary'), 'Accept-Encoding');
      if (encoding) assert.ok(Number(response.headers.get('content-length')) < wasm.length / 3, `${accept}: sent compressed`);
      assert.ok(Buffer.from(await response.arrayBuffer()).equals(wasm), `${accept}: the same bytes once decoded`);
    }
    // A file replaced after the build (its copies now older than it) is sent as it is.
    const js = join(DIST, 'www/dom.js');
    const { atime, mtime } = statSync(js);
    utimesSync(js, atime, new Date(Date.now() + 60_000));
    try {
      const response = await fetch(`${server.url}www/dom.js`, { headers: { 'Accept-Encoding': 'br' } });
      assert.equal(response.headers.get('content-encoding'), null, 'a stale copy is not sent');
      assert.equal(await response.text(), readFileSync(js, 'utf8'));
    } finally {
      utimesSync(js, atime, mtime);
    }
    // Unchanged: a 304 for the tag it gave.
    const first = await fetch(`${server.url}index.html`, { headers: { 'Accept-Encoding': 'br' } });
    await first.arrayBuffer();
    const again = await fetch(`${server.url}index.html`, { headers: { 'Accept-Encoding': 'br', 'If-None-Match': first.headers.get('etag') } });
    assert.equal(again.status, 304);
  } finally {
    await server.close();
  }
});
