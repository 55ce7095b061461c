// Small DOM helpers shared by the page's modules.
import { formatNumber } from './i18n.js';

export const $ = (id) => document.getElementById(id);

const PERCENT = { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 };
/** A share as a percentage with one decimal, in the page's language (26.1% / 26,1 %). */
export const pct = (x) => formatNumber(x, PERCENT);

export function formatSeconds(s) {
  if (!Number.isFinite(s)) return '–';
  const m = Math.floor(s / 60);
  return `${m}:${String(Math.round(s % 60)).padStart(2, '0')}`;
}

export const plural = (n, noun) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/**
 * Fills `table` from plain data: `head` (header texts), `rows` (arrays of cell texts, or
 * `{ cells, className, data }` with `data` copied into the row's dataset), `foot` (cell texts)
 * and an optional `caption`. Everything is set as text, never as HTML.
 */
export function fillTable(table, { caption, head, rows = [], foot }) {
  table.replaceChildren();
  if (caption) table.createCaption().textContent = caption;
  if (head) {
    const tr = table.createTHead().insertRow();
    for (const text of head) {
      const th = document.createElement('th');
      th.textContent = text;
      tr.append(th);
    }
  }
  const body = table.createTBody();
  fillRows(body, rows);
  if (foot) {
    const tr = table.createTFoot().insertRow();
    for (const text of foot) tr.insertCell().textContent = text;
  }
  return body;
}

/** Replaces the rows of a `tbody` (rows as for `fillTable`). */
export function fillRows(body, rows) {
  body.replaceChildren();
  for (const row of rows) {
    const { cells, className, data } = Array.isArray(row) ? { cells: row } : row;
    const tr = body.insertRow();
    if (className) tr.className = className;
    Object.assign(tr.dataset, data ?? {});
    for (const cell of cells) {
      if (cell instanceof Node) tr.insertCell().append(cell);
      else tr.insertCell().textContent = cell;
    }
  }
}

/** Saves `value` as a pretty-printed JSON file. */
export function downloadJson(value, filename) {
  downloadBlob(new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' }), filename);
}

export function downloadBlob(blob, filename) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** One tile of an ImageBlock (u8 HWC, 1 or 3 channels) as a canvas of its own size. */
export function tileCanvas(block, index) {
  const canvas = document.createElement('canvas');
  canvas.width = block.width;
  canvas.height = block.height;
  const { width: w, height: h, channels: c, pixels } = block;
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(w, h);
  const base = index * w * h * c;
  for (let p = 0; p < w * h; p++) {
    const src = base + p * c;
    image.data[p * 4] = pixels[src];
    image.data[p * 4 + 1] = pixels[src + (c === 3 ? 1 : 0)];
    image.data[p * 4 + 2] = pixels[src + (c === 3 ? 2 : 0)];
    image.data[p * 4 + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
  return canvas;
}
