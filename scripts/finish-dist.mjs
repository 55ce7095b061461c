#!/usr/bin/env node
// The build's last step, on a dist/ whose files are all in place (`./aula.sh build` runs it after
// the wasm builds; it can run alone on a copied dist/, as often as wanted):
// 1. the app's icons (icon.svg, icon-192.png, icon-512.png) for the web app manifest;
// 2. sw.js gets the build's version (a hash of every file's path and content) and its list of
//    files with their hashes, so a changed build is a changed service worker: browsers install it, it caches the
//    new files under a new name and deletes the old cache once it takes over;
// 3. precompressed copies beside the files that shrink (.br and .gz), which scripts/serve.mjs
//    sends to browsers that accept them (static hosts that know the convention do the same).
// Usage: node scripts/finish-dist.mjs [dist]
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { writeIcons } from './make-icon.mjs';

const COMPRESSED = ['.br', '.gz'];
const BUILD_LINE = /^const BUILD = .*;$/m;
// Not worth a compressed copy: below this size, or when it saves less than this share.
const MIN_BYTES = 1024;
const MIN_SAVING = 0.05;

/** Every file under `dir`, as paths relative to it with '/' separators, sorted. */
export function listFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) out.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

const isCompressed = (file) => COMPRESSED.some((ext) => file.endsWith(ext));

/** The files a visit may need: everything but sw.js itself and the compressed copies. */
function siteFiles(dist) {
  return listFiles(dist).filter((f) => f !== 'sw.js' && !isCompressed(f));
}

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex').slice(0, 16);

function stampServiceWorker(dist) {
  // Each file with the start of its SHA-256: the service worker keeps only these bytes under
  // this version, never a later build's file fetched while this one still serves the page.
  const files = siteFiles(dist).map((file) => [file, sha256(readFileSync(join(dist, file)))]);
  const version = sha256(files.map(([file, hash]) => `${file}\0${hash}\n`).join(''));
  const swPath = join(dist, 'sw.js');
  const sw = readFileSync(swPath, 'utf8');
  if (!BUILD_LINE.test(sw)) throw new Error(`${swPath}: no "const BUILD = ...;" line to write the build's version into`);
  const line = `const BUILD = ${JSON.stringify({ version, files })};`;
  writeFileSync(swPath, sw.replace(BUILD_LINE, () => line));
  return { version, files: files.length };
}

const brotli = (buf) => brotliCompressSync(buf, {
  params: {
    [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
    [constants.BROTLI_PARAM_LGWIN]: 24,
    [constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
  },
});
const gzip = (buf) => gzipSync(buf, { level: 9 });

/**
 * Writes file.br and file.gz where they save enough. A copy newer than its file is kept as it
 * is (brotli's best level takes about 40 s on the worker's wasm); stale copies are removed.
 */
function compress(dist) {
  const totals = { raw: 0, br: 0, gz: 0 };
  for (const file of listFiles(dist).filter(isCompressed)) {
    const original = join(dist, file.slice(0, -3));
    let fresh = false;
    try { fresh = statSync(join(dist, file)).mtimeMs >= statSync(original).mtimeMs; } catch { /* no original */ }
    if (!fresh) unlinkSync(join(dist, file));
  }
  for (const file of listFiles(dist).filter((f) => !isCompressed(f))) {
    const path = join(dist, file);
    const buf = readFileSync(path);
    totals.raw += buf.length;
    for (const [ext, squeeze] of [['.br', brotli], ['.gz', gzip]]) {
      const out = path + ext;
      let size = statSync(out, { throwIfNoEntry: false })?.size;
      if (size === undefined && buf.length >= MIN_BYTES) {
        const packed = squeeze(buf);
        if (packed.length <= buf.length * (1 - MIN_SAVING)) {
          writeFileSync(out, packed);
          size = packed.length;
        }
      }
      totals[ext.slice(1)] += size ?? buf.length;
    }
  }
  return totals;
}

export function finishDist(dist) {
  writeIcons(dist);
  const build = stampServiceWorker(dist);
  const totals = compress(dist);
  return { ...build, ...totals };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const dist = resolve(process.argv[2] ?? 'dist');
  const { version, files, raw, br, gz } = finishDist(dist);
  const mb = (n) => `${(n / 1048576).toFixed(2)} MB`;
  console.log(`  build ${version}: ${files} files, ${mb(raw)}; as served: brotli ${mb(br)}, gzip ${mb(gz)}`);
}
