// The app's icon, drawn from one description: a small network (2-3-2 neurons and their
// connections) on a rounded blue square. Written as icon.svg and rasterised to the PNG sizes
// that browsers want for an installed app (192 and 512 px). Coordinates are on a 100-unit square.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

const BACKGROUND = { color: [29, 79, 122], radius: 18 };
const EDGE = { color: [156, 195, 230], width: 3 };
const NODE = { color: [255, 255, 255], radius: 7 };
const LAYERS = [[25, [35, 65]], [50, [25, 50, 75]], [75, [35, 65]]];
const NODES = LAYERS.flatMap(([x, ys]) => ys.map((y) => [x, y]));
const EDGES = LAYERS.slice(1).flatMap(([x, ys], i) => {
  const [px, pys] = LAYERS[i];
  return pys.flatMap((py) => ys.map((y) => [px, py, x, y]));
});

const hex = ([r, g, b]) => `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;

export function iconSvg() {
  const lines = EDGES.map(([x1, y1, x2, y2]) => `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}"/>`);
  const dots = NODES.map(([x, y]) => `<circle cx="${x}" cy="${y}" r="${NODE.radius}"/>`);
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">',
    `<rect width="100" height="100" rx="${BACKGROUND.radius}" fill="${hex(BACKGROUND.color)}"/>`,
    `<g stroke="${hex(EDGE.color)}" stroke-width="${EDGE.width}" stroke-linecap="round">${lines.join('')}</g>`,
    `<g fill="${hex(NODE.color)}">${dots.join('')}</g>`,
    '</svg>',
    '',
  ].join('\n');
}

// Signed distances (negative inside) to each shape, in icon units.
function roundedSquare(x, y) {
  const r = BACKGROUND.radius;
  const qx = Math.abs(x - 50) - (50 - r);
  const qy = Math.abs(y - 50) - (50 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}
function segment(x, y, [x1, y1, x2, y2]) {
  const [dx, dy] = [x2 - x1, y2 - y1];
  const t = Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - x1 - t * dx, y - y1 - t * dy) - EDGE.width / 2;
}

/** RGBA pixels of the icon at `size` px, each shape's edge anti-aliased over one pixel. */
function raster(size) {
  const px = new Uint8Array(size * size * 4);
  const unit = 100 / size;
  const cover = (d) => Math.max(0, Math.min(1, 0.5 - d / unit));
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      const [x, y] = [(i + 0.5) * unit, (j + 0.5) * unit];
      let rgb = BACKGROUND.color;
      const blend = (color, a) => { rgb = rgb.map((c, k) => c + (color[k] - c) * a); };
      blend(EDGE.color, cover(Math.min(...EDGES.map((e) => segment(x, y, e)))));
      blend(NODE.color, cover(Math.min(...NODES.map(([cx, cy]) => Math.hypot(x - cx, y - cy) - NODE.radius))));
      const o = (j * size + i) * 4;
      px.set([...rgb.map(Math.round), Math.round(255 * cover(roundedSquare(x, y)))], o);
    }
  }
  return px;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

export function iconPng(size) {
  const px = raster(size);
  const rows = Buffer.alloc(size * (size * 4 + 1)); // each row: filter byte 0, then RGBA
  for (let j = 0; j < size; j++) Buffer.from(px.buffer, j * size * 4, size * 4).copy(rows, j * (size * 4 + 1) + 1);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA, deflate, no filter method, no interlace
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Writes icon.svg, icon-192.png and icon-512.png into `dir`. */
export function writeIcons(dir) {
  writeFileSync(join(dir, 'icon.svg'), iconSvg());
  for (const size of [192, 512]) writeFileSync(join(dir, `icon-${size}.png`), iconPng(size));
}
