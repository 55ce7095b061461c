// The page's one service worker. Two jobs:
// - cross-origin isolation on a static host that sends no headers: it adds COOP/COEP to the
//   site's own responses, so the page may use SharedArrayBuffer and run the threaded CPU worker;
// - offline use: it keeps the build's files (listed below by the build) in a cache named after
//   the build's version, and serves them from there, so after one visit the page loads and
//   trains with no network. A new build served is a new sw.js (its version differs): it caches
//   the whole new build before it waits, and takes over when the page asks (the page's
//   "new version — reload" note); the old version's cache is then deleted.
// The page loads nothing from other origins; their requests pass untouched.

// Written by scripts/finish-dist.mjs: the build's content hash and its files, relative to this
// script, each with the start of its SHA-256 (hex). Unbuilt ('dev', no files), nothing is
// cached: every request goes to the network.
const BUILD = { version: 'dev', files: [] };

const CACHE = `aula-${BUILD.version}`;
const PREFIX = 'aula-';
const SCOPE = new URL('./', self.location.href);
// Keys are absolute URLs without query or hash; the site's root stands for index.html.
const keyOf = (path) => new URL(path, SCOPE).href;
const FILES = new Map(BUILD.files.map(([path, hash]) => [keyOf(path), hash]));
const inflight = new Map(); // key -> a network fetch storing that file, so none is fetched twice

self.addEventListener('install', (event) => {
  // The first install takes control at once (the page reloads into isolation). An update
  // caches its whole build first and then waits, so a page never mixes two builds' files.
  if (!self.registration.active) self.skipWaiting();
  else event.waitUntil(cacheAll());
});

self.addEventListener('activate', (event) => event.waitUntil((async () => {
  for (const name of await caches.keys()) {
    if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
  }
  await self.clients.claim();
})()));

self.addEventListener('message', (event) => {
  const { data } = event;
  const reply = (message) => event.ports[0]?.postMessage(message);
  if (data?.type === 'cache-build') event.waitUntil(cacheAll().then(reply, (e) => reply({ error: String(e?.message ?? e) })));
  else if (data?.type === 'take-over') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  event.respondWith(respond(request, url).then(isolated));
});

/** A build file from the cache (stored on its first fetch); anything else from the network. */
async function respond(request, url) {
  const key = cacheKey(url);
  if (request.method !== 'GET' || !FILES.has(key) || request.headers.has('range')) return fetch(request);
  const cache = await caches.open(CACHE);
  const hit = (await cache.match(key)) ?? (inflight.has(key) && await inflight.get(key) && await cache.match(key));
  return hit || store(cache, key, request).response;
}

function cacheKey(url) {
  const plain = url.origin + url.pathname;
  return plain === SCOPE.href ? keyOf('index.html') : plain;
}

/**
 * Fetches one build file and keeps a copy: `response` for the page, `saved` (true once it is
 * cached) for whoever waits on the same file meanwhile, so no file is fetched twice at once.
 */
function store(cache, key, request = new Request(key, { cache: 'no-cache' })) {
  const response = fetch(request);
  const saved = response
    .then(async (r) => {
      const copy = r.ok && r.type === 'basic' && await ofThisBuild(key, r.clone());
      if (copy) await cache.put(key, copy);
      return Boolean(copy);
    })
    .catch(() => false)
    .finally(() => inflight.delete(key));
  inflight.set(key, saved);
  return { response, saved };
}

/** A copy of `response` if its bytes are this build's file `key`, else null (another build's). */
async function ofThisBuild(key, response) {
  const body = await response.arrayBuffer();
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', body));
  const hex = Array.from(digest.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join('');
  if (hex !== FILES.get(key)) return null;
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/** Caches every file of the build not cached yet; says how many there are. */
async function cacheAll() {
  const cache = await caches.open(CACHE);
  const missing = [];
  for (const key of FILES.keys()) if (!(await cache.match(key))) missing.push(key);
  const failed = [];
  // A few at a time: the page's own requests keep a share of the network.
  for (let i = 0; i < missing.length; i += 4) {
    await Promise.all(missing.slice(i, i + 4).map(async (key) => {
      const saved = await (inflight.get(key) ?? store(cache, key).saved);
      if (!saved) failed.push(new URL(key).pathname);
    }));
  }
  if (failed.length) throw new Error(`could not keep ${failed.join(', ')} (unreachable, or not this build's)`);
  return { version: BUILD.version, files: FILES.size };
}

function isolated(response) {
  // Opaque and redirect responses cannot be rewritten; they pass as they are.
  if (response.status === 0 || response.type === 'opaqueredirect') return response;
  const headers = new Headers(response.headers);
  headers.set('Cross-Origin-Opener-Policy', 'same-origin');
  headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
  headers.set('Cross-Origin-Resource-Policy', 'same-origin');
  // The body here is already decoded: the sent encoding and length no longer describe it.
  headers.delete('Content-Encoding');
  headers.delete('Content-Length');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
