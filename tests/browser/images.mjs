// Test data written from scratch: PNG files and zip archives, no dependencies.
import { deflateSync, crc32 } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const u32 = (n) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};

function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  return Buffer.concat([u32(data.length), body, u32(crc32(body))]);
}

/** An 8-bit RGB PNG; `pixel(x, y)` returns [r, g, b]. */
export function png(width, height, pixel) {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1); // filter byte 0 (None) first
    for (let x = 0; x < width; x++) raw.set(pixel(x, y), row + 1 + x * 3);
  }
  const header = Buffer.concat([u32(width), u32(height), Buffer.from([8, 2, 0, 0, 0])]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A stored (uncompressed) zip of `files`: { path: Buffer }. */
export function zip(files) {
  const locals = [];
  const central = [];
  let offset = 0;
  for (const [path, data] of Object.entries(files)) {
    const name = Buffer.from(path, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x0800, 8);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(data.length, 20);
    entry.writeUInt32LE(data.length, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    central.push(entry, name);
    offset += 30 + name.length + data.length;
  }
  const dir = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}

/** A small deterministic generator, so the test data is the same on every run. */
export function random(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A lab-like folder: `classes` colour classes of `perClass` PNGs of mixed sizes (one of them
 * in a nested folder), plus the troublemakers a real folder holds. Returns { path: Buffer }.
 */
export function labFolder(root, { perClass = 24 } = {}) {
  const rand = random(7);
  const colours = { red: [200, 40, 40], green: [40, 170, 60], blue: [50, 70, 210] };
  const files = {};
  for (const [name, [r, g, b]] of Object.entries(colours)) {
    for (let i = 0; i < perClass; i++) {
      const w = 20 + Math.floor(rand() * 24);
      const h = 18 + Math.floor(rand() * 24);
      const shade = 0.6 + rand() * 0.5;
      const image = png(w, h, () => {
        const n = () => (rand() - 0.5) * 90;
        const c = (v) => Math.max(0, Math.min(255, Math.round(v * shade + n())));
        return [c(r), c(g), c(b)];
      });
      const nested = i === 0 ? 'more/' : '';
      files[`${root}/${name}/${nested}${name}-${i}.png`] = image;
    }
  }
  const valid = files[`${root}/red/red-1.png`];
  Object.assign(files, {
    [`${root}/red/notes.txt`]: Buffer.from('measurements, not an image\n'),
    [`${root}/green/broken.png`]: valid.subarray(0, 60),
    [`${root}/blue/empty.jpg`]: Buffer.alloc(0),
    [`${root}/README.md`]: Buffer.from('# my data\n'),
    [`${root}/lonely/only-one.png`]: valid,
    [`${root}/.DS_Store`]: Buffer.from([0, 0, 0, 1, 66, 117, 100, 49]),
    [`${root}/red/Thumbs.db`]: Buffer.from('thumbs'),
  });
  return files;
}

export function writeTree(dir, files) {
  for (const [path, data] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, data);
  }
}
