#!/usr/bin/env node
// Builds the built-in demo dataset (a Fashion-MNIST subset) as PNG sprite sheets.
// Source: Debian package `dataset-fashion-mnist` (MIT, Zalando Research).
// Usage: node scripts/make-demo.mjs <out-dir> [--train-per-class 400]
//          [--val-per-class 100] [--source /usr/share/datasets/fashion-mnist]
// Dependency-free on purpose: the PNG encoder below is ~40 lines.

import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync, gunzipSync } from 'node:zlib';

const CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat',
  'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
const SIDE = 28;
const TILE_COLS = 100;

function fail(msg) {
  console.error(`make-demo: ${msg}`);
  process.exit(1);
}

function parseArgs(argv) {
  const opts = { trainPerClass: 400, valPerClass: 100, source: '/usr/share/datasets/fashion-mnist' };
  const flags = { '--train-per-class': 'trainPerClass', '--val-per-class': 'valPerClass', '--source': 'source' };
  const rest = [];
  for (let i = 0; i < argv.length; i++) {
    const key = flags[argv[i]];
    if (!key) { rest.push(argv[i]); continue; }
    const val = argv[++i];
    if (val === undefined) fail(`missing value for ${argv[i - 1]}`);
    opts[key] = key === 'source' ? val : Number(val);
    if (key !== 'source' && !(Number.isInteger(opts[key]) && opts[key] > 0)) {
      fail(`${argv[i - 1]} must be a positive integer, got "${val}"`);
    }
  }
  if (rest.length !== 1 || rest[0].startsWith('--')) {
    fail('usage: node scripts/make-demo.mjs <out-dir> [--train-per-class N] [--val-per-class N] [--source DIR]');
  }
  opts.out = rest[0];
  return opts;
}

// --- IDX parsing (big-endian header: magic, counts, then raw uint8 data) ---

function readIdx(path, magic) {
  const buf = gunzipSync(readFileSync(path));
  const got = buf.readUInt32BE(0);
  if (got !== magic) fail(`${path}: bad magic ${got}, expected ${magic}`);
  const dims = [];
  const ndim = magic & 0xff; // low byte of the magic is the number of dimensions
  for (let d = 0; d < ndim; d++) dims.push(buf.readUInt32BE(4 + 4 * d));
  const data = buf.subarray(4 + 4 * ndim);
  const expected = dims.reduce((a, b) => a * b, 1);
  if (data.length !== expected) fail(`${path}: ${data.length} data bytes, header says ${expected}`);
  return { dims, data };
}

function loadSet(source, prefix) {
  const images = readIdx(join(source, `${prefix}-images-idx3-ubyte.gz`), 2051);
  const labels = readIdx(join(source, `${prefix}-labels-idx1-ubyte.gz`), 2049);
  const [n, h, w] = images.dims;
  if (h !== SIDE || w !== SIDE) fail(`${prefix}: images are ${w}x${h}, expected ${SIDE}x${SIDE}`);
  if (labels.dims[0] !== n) fail(`${prefix}: ${n} images but ${labels.dims[0]} labels`);
  return { n, pixels: images.data, labels: labels.data };
}

// First `perClass` images of each class in file order, grouped class 0 first.
function selectByClass(set, perClass, name) {
  const buckets = CLASSES.map(() => []);
  for (let i = 0; i < set.n; i++) {
    const c = set.labels[i];
    if (c >= CLASSES.length) fail(`${name}: label ${c} out of range at index ${i}`);
    if (buckets[c].length < perClass) buckets[c].push(i);
  }
  buckets.forEach((b, c) => {
    if (b.length < perClass) fail(`${name}: class ${c} has only ${b.length} images, need ${perClass}`);
  });
  return buckets.flat();
}

// Lay tiles out row-major, TILE_COLS per row; unused tiles stay black.
function spriteSheet(set, indices) {
  const rows = Math.ceil(indices.length / TILE_COLS);
  const width = Math.min(indices.length, TILE_COLS) * SIDE;
  const height = rows * SIDE;
  const img = new Uint8Array(width * height);
  indices.forEach((src, t) => {
    const x0 = (t % TILE_COLS) * SIDE;
    const y0 = Math.floor(t / TILE_COLS) * SIDE;
    for (let y = 0; y < SIDE; y++) {
      const from = (src * SIDE + y) * SIDE;
      img.set(set.pixels.subarray(from, from + SIDE), (y0 + y) * width + x0);
    }
  });
  return { width, height, img };
}

// --- Minimal PNG encoder: 8-bit grayscale, one IDAT ---

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bufs) {
  let c = 0xffffffff;
  for (const b of bufs) for (let i = 0; i < b.length; i++) c = CRC_TABLE[(c ^ b[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32([head.subarray(4), data]), 0);
  return Buffer.concat([head, data, crc]);
}

function paeth(a, b, c) {
  const p = a + b - c;
  const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

// Per row, pick the filter (None/Sub/Up/Paeth) with the smallest sum of
// |signed residual| — the usual libpng heuristic; it shrinks the deflate output.
function filterRows(img, width, height) {
  const out = Buffer.alloc(height * (width + 1));
  const cand = [0, 1, 2, 4].map((type) => ({ type, row: new Uint8Array(width) }));
  const zero = new Uint8Array(width);
  for (let y = 0; y < height; y++) {
    const cur = img.subarray(y * width, (y + 1) * width);
    const prev = y > 0 ? img.subarray((y - 1) * width, y * width) : zero;
    let best = null, bestSum = Infinity;
    for (const { type, row } of cand) {
      let sum = 0;
      for (let x = 0; x < width; x++) {
        const a = x > 0 ? cur[x - 1] : 0, b = prev[x], c = x > 0 ? prev[x - 1] : 0;
        const pred = type === 0 ? 0 : type === 1 ? a : type === 2 ? b : paeth(a, b, c);
        const v = (cur[x] - pred) & 0xff;
        row[x] = v;
        sum += v < 128 ? v : 256 - v;
      }
      if (sum < bestSum) { bestSum = sum; best = { type, row }; }
    }
    const o = y * (width + 1);
    out[o] = best.type;
    out.set(best.row, o + 1);
  }
  return out;
}

function encodePng(width, height, img) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // colour type: grayscale
  // bytes 10-12: compression, filter method, interlace — all 0
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(filterRows(img, width, height), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// --- main ---

const opts = parseArgs(process.argv.slice(2));
const files = ['train', 't10k'].flatMap((p) =>
  [`${p}-images-idx3-ubyte.gz`, `${p}-labels-idx1-ubyte.gz`].map((f) => join(opts.source, f)));
const missing = files.filter((f) => !existsSync(f));
if (missing.length) {
  fail(`missing source files:\n  ${missing.join('\n  ')}\n` +
    'Install them with: sudo apt-get install dataset-fashion-mnist (or pass --source DIR)');
}

mkdirSync(opts.out, { recursive: true });
const splits = {};
for (const [split, prefix, perClass] of [['train', 'train', opts.trainPerClass], ['val', 't10k', opts.valPerClass]]) {
  const set = loadSet(opts.source, prefix);
  const indices = selectByClass(set, perClass, prefix);
  const { width, height, img } = spriteSheet(set, indices);
  const file = `fashion-${split}.png`;
  writeFileSync(join(opts.out, file), encodePng(width, height, img));
  splits[split] = { file, per_class: perClass, count: indices.length };
}

const meta = {
  name: 'Fashion-MNIST (subset)',
  license: 'MIT',
  source: 'Zalando Research, via Debian package dataset-fashion-mnist',
  width: SIDE,
  height: SIDE,
  channels: 1,
  tile_cols: TILE_COLS,
  classes: CLASSES,
  splits,
};
writeFileSync(join(opts.out, 'demo.json'), JSON.stringify(meta, null, 2) + '\n');

let total = 0;
for (const f of [splits.train.file, splits.val.file, 'demo.json']) {
  const size = statSync(join(opts.out, f)).size;
  total += size;
  console.log(`${join(opts.out, f)}: ${size} bytes`);
}
console.log(`total: ${total} bytes (${(total / 1024 / 1024).toFixed(2)} MiB)`);
