#!/usr/bin/env node
// Tiny static file server for local development and tests.
// Usage: node scripts/serve.mjs <dir> [--port 8080] [--host 127.0.0.1] [--no-isolation]
// Also importable: `startServer(dir, { port, host, isolate, precompressed })` -> Promise<{ url, close() }>.
// It sends COOP/COEP (cross-origin isolation, for the threaded CPU worker) unless told not to.
// A dedicated server (rather than `python -m http.server`) guarantees the
// application/wasm MIME type that WebAssembly.instantiateStreaming requires.
// A file's precompressed copy (file.br, file.gz, written by scripts/finish-dist.mjs) is sent in
// its place, with Content-Encoding, to a browser that accepts that encoding.

import { createReadStream, realpathSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.zip': 'application/zip',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

// Preferred first: brotli is about 40% smaller than gzip on the wasm modules.
const ENCODINGS = [['br', '.br'], ['gzip', '.gz']];

// Cross-origin isolation: the page may use SharedArrayBuffer, so the threaded CPU worker runs.
const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

function send(res, status, text) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache' });
  res.end(text);
}

// Map a URL path to a file strictly inside `root`, or null if it escapes.
function resolveInside(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null; // malformed %-escape
  }
  if (decoded.includes('\0')) return null;
  const file = resolve(join(root, decoded));
  return file === root || file.startsWith(root + sep) ? file : null;
}

async function handle(root, req, res, { isolate, precompressed }) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method Not Allowed\n');
  const urlPath = new URL(req.url, 'http://localhost').pathname;
  let file = resolveInside(root, urlPath);
  if (!file) return send(res, 403, 'Forbidden\n');
  let info = await stat(file).catch(() => null);
  if (info?.isDirectory()) {
    // Redirect /dir -> /dir/ so relative URLs inside index.html resolve correctly.
    if (!urlPath.endsWith('/')) {
      res.writeHead(301, { Location: urlPath + '/', 'Cache-Control': 'no-cache' });
      return res.end();
    }
    file = join(file, 'index.html');
    info = await stat(file).catch(() => null);
  }
  if (!info?.isFile()) return send(res, 404, 'Not Found\n');
  const type = MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
  const { path, size, encoding, mtimeMs } = await variant(file, info, precompressed ? req.headers['accept-encoding'] : '');
  // no-cache = always revalidate: a rebuilt .wasm is never served stale, and an unchanged
  // one costs a 304. The tag names the variant: a gzip body never answers a brotli request.
  const etag = `"${size.toString(36)}-${Math.floor(mtimeMs).toString(36)}${encoding ? '-' + encoding : ''}"`;
  const headers = {
    'Content-Type': type,
    'Cache-Control': 'no-cache',
    ETag: etag,
    Vary: 'Accept-Encoding',
    ...(encoding ? { 'Content-Encoding': encoding } : {}),
    ...(isolate ? ISOLATION : {}),
  };
  if (req.headers['if-none-match']?.split(/\s*,\s*/).includes(etag)) {
    res.writeHead(304, headers);
    return res.end();
  }
  res.writeHead(200, { ...headers, 'Content-Length': size });
  if (req.method === 'HEAD') return res.end();
  createReadStream(path).on('error', () => res.destroy()).pipe(res);
}

/** The accepted encodings of an Accept-Encoding header (those with q=0 refused). */
function accepted(header = '') {
  const names = new Set();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) names.add(name);
  }
  return names;
}

/** The file to send: its precompressed copy where the browser accepts one, else itself. */
async function variant(file, info, acceptEncoding) {
  const ok = accepted(acceptEncoding);
  for (const [encoding, ext] of ENCODINGS) {
    if (!ok.has(encoding) && !ok.has('*')) continue;
    const packed = await stat(file + ext).catch(() => null);
    // A copy older than its file is stale (the file was replaced after the build): not sent.
    if (packed?.isFile() && packed.mtimeMs >= info.mtimeMs) return { path: file + ext, size: packed.size, encoding, mtimeMs: packed.mtimeMs };
  }
  return { path: file, size: info.size, encoding: null, mtimeMs: info.mtimeMs };
}

/**
 * `isolate: false` sends no COOP/COEP headers, as a plain static host would (the page then
 * isolates itself through its service worker, where it can). `precompressed: false` sends every
 * file as it is, whatever the browser accepts.
 */
export function startServer(dir, { port = 8080, host = '127.0.0.1', isolate = true, precompressed = true } = {}) {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    handle(root, req, res, { isolate, precompressed }).catch((err) => {
      if (!res.headersSent) send(res, 500, `Internal Server Error: ${err.message}\n`);
      else res.destroy();
    });
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      const { port: actual } = server.address(); // real port when port 0 was requested
      const h = host.includes(':') ? `[${host}]` : host;
      ok({
        url: `http://${h}:${actual}/`,
        server,
        // closeAllConnections so keep-alive sockets (e.g. from fetch) don't hold close() open.
        close: () => new Promise((done) => { server.close(() => done()); server.closeAllConnections(); }),
      });
    });
  });
}

async function main(argv) {
  const opts = { port: 8080, host: '127.0.0.1' };
  const rest = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--port') opts.port = Number(argv[++i]);
    else if (argv[i] === '--host') opts.host = argv[++i];
    else if (argv[i] === '--no-isolation') opts.isolate = false;
    else rest.push(argv[i]);
  }
  const portOk = Number.isInteger(opts.port) && opts.port >= 0 && opts.port <= 65535;
  if (rest.length !== 1 || !portOk || !opts.host) {
    console.error('usage: node scripts/serve.mjs <dir> [--port 8080] [--host 127.0.0.1] [--no-isolation]');
    process.exit(1);
  }
  const info = await stat(rest[0]).catch(() => null);
  if (!info?.isDirectory()) {
    console.error(`serve: not a directory: ${rest[0]}`);
    process.exit(1);
  }
  const { url } = await startServer(rest[0], opts);
  console.log(`Serving ${rest[0]} at ${url}`);
}

// Run the CLI only when executed directly, not when imported by tests.
// realpath because Node reports import.meta.url with symlinks resolved.
const isMain = () => {
  try {
    return import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false;
  }
};
if (isMain()) {
  main(process.argv.slice(2)).catch((err) => {
    console.error(`serve: ${err.message}`);
    process.exit(1);
  });
}
