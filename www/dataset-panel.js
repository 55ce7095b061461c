// The dataset card: the demo's samples, a folder or .zip of one's own (chosen or dropped),
// its decoding progress and summary, and the augmentation preview.
import { $, fillTable, plural, tileCanvas } from './dom.js';
import { current, hasFolder } from './state.js';

let deps = null; // { choose(name, entries, zip), fail(text), client, readConfig(), demoUrl() }
let previewRound = 0;
let previewTimer = null;

/**
 * `choose(name, entries, zip)` hands a folder to the page (which says why not, when it cannot
 * take one now), `fail(text)` reports an unreadable drop.
 */
export function setUpDatasetPanel(dependencies) {
  deps = dependencies;
  $('folder-input').onchange = (e) => {
    const files = [...e.target.files];
    const name = files[0]?.webkitRelativePath.split('/')[0] || 'folder';
    choose(name, files.map((file) => ({ path: file.webkitRelativePath || file.name, file })));
    e.target.value = ''; // choosing the same folder again reloads it
  };
  $('zip-input').onchange = (e) => {
    const file = e.target.files[0];
    if (file) choose(file.name, [{ path: file.name, file }], true);
    e.target.value = '';
  };
  const zone = document.body;
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    $('drop-zone').classList.add('over');
  });
  zone.addEventListener('dragleave', (e) => {
    if (!e.relatedTarget) $('drop-zone').classList.remove('over');
  });
  zone.addEventListener('drop', onDrop);
  $('preview-box').addEventListener('toggle', () => $('preview-box').open && requestPreview());
  $('preview-resample').onclick = () => {
    previewRound += 1;
    requestPreview();
  };
}

function choose(name, entries, zip = false) {
  deps.choose(name, entries, zip);
}

/** Files of a dropped folder, with paths relative to the drop (as webkitRelativePath). */
async function droppedEntries(items) {
  const out = [];
  const walk = async (entry) => {
    if (entry.isFile) {
      const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
      out.push({ path: entry.fullPath.replace(/^\//, ''), file });
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (;;) {
        // readEntries answers in chunks (about 100 at a time) until it returns none.
        const chunk = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
        if (!chunk.length) break;
        for (const child of chunk) await walk(child);
      }
    }
  };
  const entries = [...items].map((item) => item.webkitGetAsEntry?.()).filter(Boolean);
  for (const entry of entries) await walk(entry);
  return { entries: out, roots: entries };
}

async function onDrop(event) {
  event.preventDefault();
  $('drop-zone').classList.remove('over');
  if (current().phase !== 'idle') return deps.choose('the dropped files', [], false); // says why not
  const files = [...event.dataTransfer.files];
  const zip = files.length === 1 && /\.zip$/i.test(files[0].name) ? files[0] : null;
  if (zip) return choose(zip.name, [{ path: zip.name, file: zip }], true);
  try {
    const { entries, roots } = await droppedEntries(event.dataTransfer.items);
    choose(roots.length === 1 ? roots[0].name : 'dropped files', entries);
  } catch (e) {
    deps.fail(`The dropped folder could not be read: ${e.message ?? e}`);
  }
}

export function showLoadProgress(done, total) {
  $('load-box').hidden = false;
  $('load-progress').value = total ? done / total : 0;
  $('load-text').textContent = `Decoding and resizing: ${done.toLocaleString()} of ${total.toLocaleString()} files`;
}

export const hideLoadProgress = () => ($('load-box').hidden = true);

/** A folder's summary; for one that could not be used, `kept` is the folder that stays loaded. */
export function showFolderSummary(summary, kept = null) {
  showDatasetBox(true);
  const used = summary.train + summary.val + summary.test;
  $('folder-title').textContent = summary.error
    ? `${summary.name}: could not be used.` + (kept ? ` ${kept.name} stays loaded (${kept.images.toLocaleString()} images): Train and grids use it.` : '')
    : `${summary.name}: ${used.toLocaleString()} images in ${summary.classes.length} classes, ` +
      `${summary.image_size}×${summary.image_size} ${summary.channels === 1 ? 'grayscale' : 'RGB'}. ` +
      summary.layout.charAt(0).toUpperCase() + summary.layout.slice(1);
  const warnings = $('dataset-warnings');
  warnings.replaceChildren();
  for (const text of [summary.error, ...summary.warnings].filter(Boolean)) {
    const li = document.createElement('li');
    li.textContent = text;
    if (text === summary.error) li.className = 'error';
    warnings.append(li);
  }
  const classes = [...summary.classes.map((c) => [c, false]), ...summary.excluded.map((c) => [c, true])];
  $('class-counts').replaceChildren();
  if (classes.length) {
    fillTable($('class-counts'), {
      head: ['class', 'train', 'val', 'test'],
      rows: classes.map(([c, excluded]) => ({
        cells: [excluded ? `${c.name} (excluded)` : c.name, c.train, c.val, c.test],
        className: excluded ? 'excluded' : '',
        data: { class: c.name },
      })),
      foot: ['total', summary.train, summary.val, summary.test],
    });
  }
  const skipped = summary.skipped;
  $('skipped-files').replaceChildren();
  $('skipped-box').hidden = !skipped.length && !summary.ignored;
  $('skipped-title').textContent = `${plural(skipped.length, 'file')} skipped` +
    (summary.ignored ? `, ${plural(summary.ignored, 'hidden or system file')} ignored` : '');
  $('skipped-box').open = skipped.length > 0 && skipped.length <= 20;
  if (skipped.length) {
    fillTable($('skipped-files'), { head: ['file', 'reason'], rows: skipped.map((f) => [f.path, f.reason]) });
  }
}

/** Demo samples or the folder's summary, as the dataset setting says. */
export function showDatasetBox(folderLoaded) {
  const isFolder = $('dataset-select').value === 'folder';
  $('demo-box').hidden = isFolder;
  $('folder-box').hidden = !isFolder;
  if (isFolder && !folderLoaded) {
    $('folder-title').textContent = 'No folder loaded yet: choose one or drop it here.';
  }
}

export const setPreviewNote = (text) => ($('preview-note').textContent = text);

/** Asks the worker for the augmentation preview of the current settings. */
function requestPreview() {
  const config = deps.readConfig();
  if (!config || current().reading) return; // a folder being decoded: its summary comes first
  if (config.dataset === 'folder' && !hasFolder()) {
    setPreviewNote('Load a folder first to preview it.');
    return;
  }
  setPreviewNote('');
  deps.client.post({ type: 'preview', config, demo_url: deps.demoUrl(), round: previewRound });
}

export function schedulePreview() {
  if (!$('preview-box').open) return;
  clearTimeout(previewTimer);
  previewTimer = setTimeout(requestPreview, 300);
}

/** Asks for a preview now (with the current round) if the preview is open. */
export function previewIfOpen() {
  if ($('preview-box').open) requestPreview();
}

/** Rows: train images; column 0 as loaded, the rest augmented. Drawn 2x, pixelated. */
export function drawPreview({ block, labels, classes, columns }) {
  const canvas = $('preview');
  const rows = Math.ceil(block.count / columns);
  const scale = Math.max(1, Math.floor(72 / block.width));
  const cell = block.width * scale + 6;
  const label = 90;
  canvas.width = label + columns * cell;
  canvas.height = rows * (block.height * scale + 6) + 18;
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.imageSmoothingEnabled = false;
  ctx.fillStyle = '#5f6b7a';
  ctx.font = '12px system-ui, sans-serif';
  ctx.fillText('original', label, 12);
  ctx.fillText('augmented →', label + cell, 12);
  for (let i = 0; i < block.count; i++) {
    const row = Math.floor(i / columns);
    const col = i % columns;
    const y = 18 + row * (block.height * scale + 6);
    if (col === 0) ctx.fillText(classes[labels[row]] ?? '', 0, y + (block.height * scale) / 2, label - 6);
    ctx.drawImage(tileCanvas(block, i), label + col * cell, y, block.width * scale, block.height * scale);
  }
  canvas.dataset.tiles = block.count;
}

async function loadSheet(file) {
  const sheet = new Image();
  sheet.src = `demo/${file}`;
  await sheet.decode();
  return sheet;
}

/** Three train images of each demo class, from the sprite sheet (or why they are missing). */
export function showSamples() {
  drawSamples().catch((e) => {
    $('dataset-counts').textContent = `the demo set could not be loaded (${e.message})`;
  });
}

async function drawSamples() {
  const manifest = await (await fetch('demo/demo.json')).json();
  const sheet = await loadSheet(manifest.splits.train.file);
  const { width: w, height: h, tile_cols: cols } = manifest;
  const per = manifest.splits.train.per_class;
  const box = $('samples');
  box.replaceChildren();
  manifest.classes.forEach((name, c) => {
    const fig = document.createElement('figure');
    const canvas = document.createElement('canvas');
    canvas.width = w * 2;
    canvas.height = h * 2 * 3;
    const ctx = canvas.getContext('2d');
    ctx.imageSmoothingEnabled = false;
    for (let k = 0; k < 3; k++) {
      const i = c * per + k;
      ctx.drawImage(sheet, (i % cols) * w, Math.floor(i / cols) * h, w, h, 0, k * h * 2, w * 2, h * 2);
    }
    const caption = document.createElement('figcaption');
    caption.textContent = name;
    fig.append(canvas, caption);
    box.append(fig);
  });
  $('dataset-counts').textContent =
    `${manifest.classes.length} classes, ${manifest.splits.train.count} train and ${manifest.splits.val.count} validation images, ${w}×${h} grayscale`;
}
