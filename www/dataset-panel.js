// The dataset card: the demo's samples, a folder or .zip of one's own (chosen or dropped),
// its decoding progress and summary, and the augmentation preview.
import { $, fillTable, tileCanvas } from './dom.js';
import { current, hasFolder } from './state.js';
import { t, tSaid, setL10n, onLanguage } from './i18n.js';

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
  if (current().phase !== 'idle') return deps.choose(t('dropped-files-the'), [], false); // says why not
  const files = [...event.dataTransfer.files];
  const zip = files.length === 1 && /\.zip$/i.test(files[0].name) ? files[0] : null;
  if (zip) return choose(zip.name, [{ path: zip.name, file: zip }], true);
  try {
    const { entries, roots } = await droppedEntries(event.dataTransfer.items);
    choose(roots.length === 1 ? roots[0].name : t('dropped-files'), entries);
  } catch (e) {
    deps.fail(t('drop-failed', { message: e.message ?? String(e) }));
  }
}

export function showLoadProgress(done, total) {
  $('load-box').hidden = false;
  $('load-progress').value = total ? done / total : 0;
  setL10n($('load-text'), 'load-progress', { done, total });
}

export const hideLoadProgress = () => ($('load-box').hidden = true);

let shownSummary = null; // the folder summary on screen, drawn again on a switch
onLanguage(() => shownSummary && !$('folder-box').hidden && showFolderSummary(...shownSummary));

const capitalised = (text) => text.charAt(0).toUpperCase() + text.slice(1);

/** A folder's summary; for one that could not be used, `kept` is the folder that stays loaded. */
export function showFolderSummary(summary, kept = null) {
  shownSummary = [summary, kept];
  showDatasetBox(true);
  const used = summary.train + summary.val + summary.test;
  $('folder-title').textContent = summary.error
    ? t('folder-unusable', { name: summary.name }) + (kept ? ' ' + t('folder-kept-images', { name: kept.name, images: kept.images }) : '')
    : t('folder-summary', { name: summary.name, images: used, classes: summary.classes.length, size: summary.image_size,
      channels: summary.channels === 1 ? 'gray' : 'rgb' }) + ' ' + capitalised(tSaid(summary.layout_note, summary.layout));
  const warnings = $('dataset-warnings');
  warnings.replaceChildren();
  // The worker's notes in the page's language (a summary stored before they existed: its English).
  const notes = summary.notes?.length === summary.warnings.length
    ? summary.notes.map((note, i) => tSaid(note, summary.warnings[i])) : summary.warnings;
  const error = summary.error && tSaid(summary.error_note, summary.error);
  for (const [text, isError] of [[error, true], ...notes.map((n) => [n, false])]) {
    if (!text) continue;
    const li = document.createElement('li');
    li.textContent = text;
    if (isError) li.className = 'error';
    warnings.append(li);
  }
  const classes = [...summary.classes.map((c) => [c, false]), ...summary.excluded.map((c) => [c, true])];
  $('class-counts').replaceChildren();
  if (classes.length) {
    fillTable($('class-counts'), {
      head: [t('col-class'), t('col-train'), t('col-val'), t('col-test')],
      rows: classes.map(([c, excluded]) => ({
        cells: [excluded ? t('class-excluded', { name: c.name }) : c.name, c.train, c.val, c.test],
        className: excluded ? 'excluded' : '',
        data: { class: c.name },
      })),
      foot: [t('col-total'), summary.train, summary.val, summary.test],
    });
  }
  const skipped = summary.skipped;
  $('skipped-files').replaceChildren();
  $('skipped-box').hidden = !skipped.length && !summary.ignored;
  $('skipped-title').textContent = t('files-skipped', { count: skipped.length }) +
    (summary.ignored ? ', ' + t('files-ignored', { count: summary.ignored }) : '');
  $('skipped-box').open = skipped.length > 0 && skipped.length <= 20;
  if (skipped.length) {
    fillTable($('skipped-files'), { head: [t('col-file'), t('col-reason')], rows: skipped.map((f) => [f.path, tSaid(f.note, f.reason)]) });
  }
}

/** Demo samples or the folder's summary, as the dataset setting says. */
export function showDatasetBox(folderLoaded) {
  const isFolder = $('dataset-select').value === 'folder';
  $('demo-box').hidden = isFolder;
  $('folder-box').hidden = !isFolder;
  if (isFolder && !folderLoaded) {
    setL10n($('folder-title'), 'no-folder-yet');
  }
}

export const setPreviewNote = (text) => ($('preview-note').textContent = text);

/** Asks the worker for the augmentation preview of the current settings. */
function requestPreview() {
  const config = deps.readConfig();
  if (!config || current().reading) return; // a folder being decoded: its summary comes first
  if (config.dataset === 'folder' && !hasFolder()) {
    setPreviewNote(t('preview-needs-folder'));
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
    setL10n($('dataset-counts'), 'demo-failed', { message: e.message });
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
  setL10n($('dataset-counts'), 'demo-counts', {
    classes: manifest.classes.length, train: manifest.splits.train.count, val: manifest.splits.val.count, width: w, height: h,
  });
}
