// The page: settings form <-> config (also the URL), worker lifecycle, live progress and charts.
// Rust owns the config format and draws the charts; this file only wires the DOM.
import initPage, {
  defaultConfig, configFromPairs, configToPairs, Curves, drawConfusion, classificationReport,
  confusionCellAt, drawHistograms,
} from '../pkg/aula_page.js';

const $ = (id) => document.getElementById(id);
const form = $('config-form');
const RUNS_KEY = 'aula.runs';
const STOP_GRACE_MS = 5000;

let worker = null;
let curves = null;
let run = null; // the run in progress: what the page has heard of it
let lastReport = null;
let drawPending = false;
let evaluationRun = null; // the run whose confusion matrix is on screen
let confusionArea = null; // where the matrix's cells are, for clicks
let demo = null; // the demo manifest and its sprite sheets, for the samples
let folder = null; // the last folder or zip handed to the worker: { name, paths, zip, files, summary }
let workerHasFolder = false; // a fresh worker has none: the folder is sent again before training
let loading = false; // a folder is being decoded
let pendingTrain = null; // a train message waiting for the folder to load first
let previewRound = 0;
let previewTimer = null;
const GALLERY_MAX = 120;

// ---- status -------------------------------------------------------------------------------

function setState(state, text) {
  const status = $('status');
  status.dataset.state = state;
  status.textContent = text;
  const busy = state === 'loading' || state === 'training';
  $('train').disabled = busy;
  $('stop').disabled = !busy;
  $('export-run').disabled = busy || !lastReport;
  for (const el of form.elements) el.disabled = busy;
  for (const id of ['folder-input', 'zip-input', 'preview-resample']) $(id).disabled = busy;
  $('drop-zone').classList.toggle('disabled', busy);
}

function showBanner(backend, reason) {
  const banner = $('backend-banner');
  banner.hidden = false;
  banner.dataset.backend = backend;
  banner.textContent = `${backend === 'webgpu' ? 'WebGPU' : 'CPU'} backend — ${reason}`;
}

// ---- config: form and URL are two views of one object -------------------------------------

function fillForm(config) {
  for (const [key, value] of configToPairs(config)) {
    const el = form.elements[key];
    if (!el) continue;
    if (el.type === 'checkbox') el.checked = value === 'true';
    else el.value = value;
  }
  showRelevantFields();
}

function formPairs() {
  const pairs = [];
  for (const el of form.elements) {
    if (el.name) pairs.push([el.name, el.type === 'checkbox' ? String(el.checked) : el.value]);
  }
  return pairs;
}

/** Shows a field only when it applies, e.g. momentum for the SGD variants that use it. */
function showRelevantFields() {
  const values = Object.fromEntries(formPairs());
  for (const el of form.querySelectorAll('[data-show-when]')) {
    const [key, wanted] = el.dataset.showWhen.split('=');
    el.toggleAttribute('data-hidden-by-setting', !wanted.split(',').includes(values[key]));
  }
}

/** The config in the form, or null with the problems shown next to it. */
function readConfig() {
  const error = $('config-error');
  try {
    const config = configFromPairs(formPairs());
    error.hidden = true;
    return config;
  } catch (e) {
    error.textContent = e.message;
    error.hidden = false;
    return null;
  }
}

function syncUrl() {
  showRelevantFields();
  const config = readConfig();
  if (config) history.replaceState(null, '', '#' + new URLSearchParams(configToPairs(config)));
}

function configFromUrl() {
  const pairs = [...new URLSearchParams(location.hash.slice(1))];
  if (!pairs.length) return defaultConfig();
  try {
    return configFromPairs(pairs);
  } catch (e) {
    $('config-error').textContent = `Settings in the URL were ignored: ${e.message}`;
    $('config-error').hidden = false;
    return defaultConfig();
  }
}

// ---- worker ---------------------------------------------------------------------------------

function ensureWorker() {
  if (worker) return worker;
  worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  workerHasFolder = false;
  worker.onmessage = (e) => onMessage(e.data);
  worker.onerror = (e) => {
    e.preventDefault();
    fail(`The training worker failed: ${e.message || 'it could not be started'}`);
  };
  worker.onmessageerror = () => fail('A message from the training worker could not be read.');
  return worker;
}

/** Ends the run in the error state; the worker may be trapped, so start afresh next time. */
function fail(message) {
  if (worker) worker.terminate();
  worker = null;
  loading = false;
  pendingTrain = null;
  $('load-box').hidden = true;
  finishRun(null);
  setState('error', message);
}

function onMessage(msg) {
  if (['started', 'progress', 'epoch'].includes(msg.type) && curves.add(msg)) scheduleDraw();
  switch (msg.type) {
    case 'ready':
      break;
    case 'status':
      if (run || loading) setState('loading', msg.text);
      else $('preview-note').textContent = msg.text; // outside a run or load: why there is no preview
      break;
    case 'load_progress':
      showLoadProgress(msg.done, msg.total);
      break;
    case 'loaded':
      onLoaded(msg.summary);
      break;
    case 'preview':
      drawPreview(msg);
      break;
    case 'bench':
      window.aulaBench = msg.lines; // read by tests/browser/bench.mjs
      console.log(msg.lines.join('\n'));
      break;
    case 'run_failed':
      finishRun(null);
      setState('error', msg.message);
      break;
    case 'backend':
      showBanner(msg.backend, msg.reason);
      break;
    case 'started':
      Object.assign(run, { backend: msg.backend, classes: msg.classes, params: msg.params, valLabels: msg.val_labels, valImages: msg.val_images });
      showSummary(msg.summary, msg.params);
      setState('training', `Training ${run.config.model === 'cnn' ? 'a CNN' : 'an MLP'} (${msg.params.toLocaleString()} parameters) on ${msg.train_count} images, validating on ${msg.val_count}.`);
      break;
    case 'progress':
      showProgress(msg);
      break;
    case 'epoch':
      run.epochs.push(msg.record);
      run.confusions.push(msg.confusion);
      run.details.push({ predicted: msg.predicted, confidence: msg.confidence, weights: msg.weights, gradients: msg.gradients });
      addEpochRow(msg.record);
      showEvaluation(run, msg.record.epoch);
      break;
    case 'done': {
      const report = msg.report;
      const shown = evaluationRun;
      finishRun(report);
      if (report.best_epoch) showEvaluation(shown, report.best_epoch);
      const best = report.epochs.find((e) => e.epoch === report.best_epoch);
      const test = report.test_accuracy != null ? ` Test accuracy (${report.test_count} images, final weights): ${pct(report.test_accuracy)}.` : '';
      const summary = (best ? ` Reported epoch ${best.epoch}: validation accuracy ${pct(best.val_accuracy)}.` : '') + test;
      if (report.halted) {
        setState('error', `${report.halted}${summary} The run is kept and can be exported.`);
      } else {
        const how = report.stopped ? 'Stopped' : report.early_stopped ? 'Stopped early (EarlyStopping)' : 'Finished';
        setState('done', `${how} in ${report.seconds.toFixed(1)} s.${summary}`);
      }
      break;
    }
    case 'error':
      if (run || $('status').dataset.state !== 'error') fail(msg.message);
      break;
  }
}

function startTraining() {
  const config = readConfig();
  if (!config) return;
  syncUrl();
  curves = new Curves();
  scheduleDraw();
  run = { config, epochs: [], confusions: [], details: [], backend: null, classes: [] };
  evaluationRun = null;
  $('evaluation').hidden = true;
  $('epochs').tBodies[0].replaceChildren();
  $('progress').value = 0;
  $('progress-text').textContent = '';
  setState('loading', 'Starting the training worker…');
  const message = { type: 'train', config, demo_url: demoUrl() };
  ensureWorker();
  if (config.dataset === 'folder' && folder && !workerHasFolder) {
    // A fresh worker (the last one was ended) has not seen the folder: send it again first.
    pendingTrain = message;
    sendFolder();
  } else {
    worker.postMessage(message);
  }
}

const demoUrl = () => new URL('demo/', document.baseURI).href;

function stopTraining() {
  if (worker && loading && !run) {
    worker.postMessage({ type: 'stop' }); // cancels the decoding
    return;
  }
  if (!worker || !run) return;
  worker.postMessage({ type: 'stop' });
  $('stop').disabled = true;
  $('status').textContent = 'Stopping after this batch…';
  // A worker stuck in a long GPU call cannot read the message: end it, keep what arrived.
  const stopping = run;
  setTimeout(() => {
    if (run !== stopping) return;
    worker.terminate();
    worker = null;
    finishRun({ ...reportFromMessages(stopping), stopped: true });
    setState('done', 'Stopped (the worker did not answer in time and was ended). Results so far are kept.');
  }, STOP_GRACE_MS);
}

/** The export built from what the page heard, for runs whose worker ended before `done`. */
function reportFromMessages(r) {
  return { config: r.config, backend: r.backend, classes: r.classes, epochs: r.epochs, params: r.params,
    confusion: r.confusions.at(-1) ?? null, best_epoch: r.epochs.at(-1)?.epoch ?? null };
}

function finishRun(report) {
  if (report) {
    lastReport = report;
    saveRun(report);
  }
  run = null;
}

// ---- progress and charts -------------------------------------------------------------------

/** The Keras-style summary: layer, output shape (one image, PyTorch's C, H, W), parameters. */
function showSummary(rows, total) {
  const table = $('summary');
  table.replaceChildren();
  const head = table.createTHead().insertRow();
  for (const h of ['layer', 'output shape', 'params']) head.insertCell().outerHTML = `<th>${h}</th>`;
  const body = table.createTBody();
  for (const r of rows) {
    const tr = body.insertRow();
    for (const text of [r.layer, r.output_shape, r.params.toLocaleString()]) tr.insertCell().textContent = text;
  }
  const foot = table.createTFoot().insertRow();
  for (const text of ['Total params', '', total.toLocaleString()]) foot.insertCell().textContent = text;
  $('summary-box').hidden = false;
}

function showProgress(p) {
  const done = (p.epoch - 1) * p.batches + p.batch;
  $('progress').value = done / (p.epochs * p.batches);
  $('progress-text').textContent =
    `Epoch ${p.epoch}/${p.epochs} · batch ${p.batch}/${p.batches} · ` +
    `${Math.round(p.images_per_sec).toLocaleString()} images/s · ETA ${formatSeconds(p.eta_seconds)}`;
}

function formatSeconds(s) {
  if (!Number.isFinite(s)) return '–';
  const m = Math.floor(s / 60);
  return `${m}:${String(Math.round(s % 60)).padStart(2, '0')}`;
}

function scheduleDraw() {
  if (drawPending) return;
  drawPending = true;
  requestAnimationFrame(() => {
    drawPending = false;
    try {
      curves.draw($('curves'));
    } catch (e) {
      console.error('chart drawing failed', e);
    }
  });
}

const pct = (x) => (x * 100).toFixed(1) + '%';

function addEpochRow(r) {
  const row = $('epochs').tBodies[0].insertRow();
  const cells = [r.epoch + (r.partial ? ' (partial)' : ''), r.train_loss.toFixed(4), pct(r.train_accuracy),
    r.val_loss.toFixed(4), pct(r.val_accuracy), r.lr.toExponential(1), r.seconds.toFixed(1)];
  for (const text of cells) row.insertCell().textContent = text;
}

// ---- confusion matrix and classification report, for any finished epoch ----------------------

function showEvaluation(r, epoch) {
  evaluationRun = r;
  $('evaluation').hidden = false;
  const select = $('confusion-epoch');
  select.replaceChildren(...r.epochs.map((e) => new Option(`${e.epoch}${e.partial ? ' (partial)' : ''}`, e.epoch)));
  select.value = epoch;
  const slider = $('hist-epoch');
  slider.max = r.epochs.length;
  slider.value = r.epochs.findIndex((e) => e.epoch === Number(epoch)) + 1;
  $('gallery-filter').value = 'all';
  drawEvaluation();
  drawHistogramsNow();
}

function drawEvaluation() {
  const r = evaluationRun;
  if (!r) return;
  const index = r.epochs.findIndex((e) => e.epoch === Number($('confusion-epoch').value));
  const confusion = r.confusions[index];
  if (!confusion) return;
  try {
    confusionArea = drawConfusion($('confusion'), confusion, r.classes, $('confusion-normalised').checked);
    $('confusion').dataset.plotArea = JSON.stringify(confusionArea); // where the cells are, for automation
    showReport(classificationReport(confusion), r.classes, r.epochs[index].epoch);
  } catch (e) {
    console.error('evaluation drawing failed', e);
  }
  showGallery();
}

/** Canvas pixels from a click on the (CSS-scaled) confusion canvas. */
function onConfusionClick(event) {
  const r = evaluationRun;
  if (!r || !confusionArea) return;
  const canvas = $('confusion');
  const box = canvas.getBoundingClientRect();
  const x = ((event.clientX - box.left) / box.width) * canvas.width;
  const y = ((event.clientY - box.top) / box.height) * canvas.height;
  const cell = confusionCellAt(confusionArea, r.classes.length, x, y);
  if (!cell) return;
  const [t, p] = cell;
  const filter = $('gallery-filter');
  filter.querySelector('option[data-cell]')?.remove();
  const option = new Option(`true ${r.classes[t]}, predicted ${r.classes[p]}`, `cell:${t}:${p}`);
  option.dataset.cell = '';
  filter.add(option);
  filter.value = option.value;
  showGallery();
}

/** Validation images of the selected epoch with true and predicted class and confidence. */
function showGallery() {
  const r = evaluationRun;
  const box = $('gallery');
  box.replaceChildren();
  if (!r || !r.valImages) return;
  const index = r.epochs.findIndex((e) => e.epoch === Number($('confusion-epoch').value));
  const detail = r.details[index];
  if (!detail) return;
  const filter = $('gallery-filter').value;
  const [, ct, cp] = filter.startsWith('cell:') ? filter.split(':').map(Number) : [];
  const truth = (i) => r.valLabels[i];
  const shown = [];
  for (let i = 0; i < detail.predicted.length; i++) {
    const t = truth(i);
    const p = detail.predicted[i];
    if (filter === 'wrong' && t === p) continue;
    if (filter.startsWith('cell:') && (t !== ct || p !== cp)) continue;
    shown.push(i);
  }
  const thumbs = r.valImages;
  for (const i of shown.slice(0, GALLERY_MAX)) {
    const fig = document.createElement('figure');
    fig.dataset.testid = 'gallery-item';
    const t = truth(i);
    const p = detail.predicted[i];
    if (t !== p) fig.className = 'wrong';
    const canvas = i < thumbs.count ? tileCanvas(thumbs, i) : document.createElement('canvas');
    const caption = document.createElement('figcaption');
    const predicted = document.createElement('b');
    predicted.textContent = r.classes[p];
    caption.append(r.classes[t], document.createElement('br'), predicted, ` ${Math.round(detail.confidence[i] * 100)}%`);
    caption.title = `true: ${r.classes[t]}, predicted: ${r.classes[p]} (${(detail.confidence[i] * 100).toFixed(1)}%)`;
    fig.append(canvas, caption);
    box.append(fig);
  }
  $('gallery-note').textContent = `${shown.length} image${shown.length === 1 ? '' : 's'}` +
    (shown.length > GALLERY_MAX ? `, first ${GALLERY_MAX} shown` : '') + ' · caption: true, predicted, confidence' +
    (thumbs.count < detail.predicted.length ? ` · pictures for the first ${thumbs.count} only` : '');
}

function drawHistogramsNow() {
  const r = evaluationRun;
  if (!r) return;
  const index = Number($('hist-epoch').value) - 1;
  const detail = r.details[index];
  if (!detail) return;
  const kind = $('hist-kind').value;
  const title = `${kind === 'weights' ? 'Weights' : 'Gradients (last batch)'}, epoch ${r.epochs[index].epoch}`;
  try {
    drawHistograms($('histograms'), title, detail[kind]);
  } catch (e) {
    console.error('histogram drawing failed', e);
  }
}

/** sklearn's classification_report as a table. */
function showReport(report, names, epoch) {
  const table = $('report');
  table.replaceChildren();
  table.createCaption().textContent = `Classification report, epoch ${epoch}`;
  const head = table.createTHead().insertRow();
  for (const h of ['', 'precision', 'recall', 'f1-score', 'support']) head.insertCell().outerHTML = `<th>${h}</th>`;
  const body = table.createTBody();
  const row = (label, c) => {
    const tr = body.insertRow();
    for (const text of [label, c.precision.toFixed(2), c.recall.toFixed(2), c.f1.toFixed(2), c.support]) tr.insertCell().textContent = text;
  };
  report.per_class.forEach((c, i) => row(names[i] ?? i, c));
  const total = report.weighted_avg.support;
  const acc = body.insertRow();
  for (const text of ['accuracy', '', '', report.accuracy.toFixed(2), total]) acc.insertCell().textContent = text;
  row('macro avg', report.macro_avg);
  row('weighted avg', report.weighted_avg);
}

// ---- finished runs: kept in localStorage, exported as JSON ---------------------------------

function loadRuns() {
  try {
    return JSON.parse(localStorage.getItem(RUNS_KEY) || '[]');
  } catch {
    return [];
  }
}

function saveRun(report) {
  const runs = loadRuns();
  runs.unshift({ finished: new Date().toISOString(), report });
  try {
    localStorage.setItem(RUNS_KEY, JSON.stringify(runs.slice(0, 50)));
  } catch (e) {
    console.warn('could not keep the run in localStorage', e); // the in-page copy stays
  }
  showRuns(runs);
}

function showRuns(runs) {
  const body = document.querySelector('[data-testid="runs"] tbody');
  body.replaceChildren();
  for (const { finished, report } of runs) {
    const row = body.insertRow();
    const last = report.epochs?.at(-1);
    for (const text of [new Date(finished).toLocaleString(), report.backend ?? '–',
      runLabel(report), report.epochs?.length ?? 0,
      last ? pct(last.val_accuracy) : '–']) row.insertCell().textContent = text;
    const button = document.createElement('button');
    button.textContent = 'Export';
    button.onclick = () => download(report, finished);
    row.insertCell().append(button);
  }
}

function runLabel(report) {
  const c = report.config;
  const model = c.model === 'cnn' ? `CNN ${(c.conv_channels ?? []).join('-')}` : `MLP ${(c.hidden ?? []).join('-') || '(linear)'}`;
  const data = report.data ? `${report.data.name} ${report.data.image_size}px` : 'demo';
  return `${model} · ${data}`;
}

function download(report, finished = new Date().toISOString()) {
  const blob = new Blob([JSON.stringify(report, null, 2)], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `aula-run-${finished.replace(/[:.]/g, '-')}.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

// ---- a folder of one's own: upload, drop, zip; summary; preview ----------------------------

/** One tile of an ImageBlock (u8 HWC, 1 or 3 channels) as a canvas of its own size. */
function tileCanvas(block, index) {
  const canvas = document.createElement('canvas');
  canvas.width = block.width;
  canvas.height = block.height;
  drawTile(canvas.getContext('2d'), block, index, 0, 0);
  return canvas;
}

function drawTile(ctx, block, index, x, y) {
  const { width: w, height: h, channels: c, pixels } = block;
  const image = ctx.createImageData(w, h);
  const base = index * w * h * c;
  for (let p = 0; p < w * h; p++) {
    const src = base + p * c;
    image.data[p * 4] = pixels[src];
    image.data[p * 4 + 1] = pixels[src + (c === 3 ? 1 : 0)];
    image.data[p * 4 + 2] = pixels[src + (c === 3 ? 2 : 0)];
    image.data[p * 4 + 3] = 255;
  }
  ctx.putImageData(image, x, y);
}

/** Hands the folder (or zip) to the worker; it decodes there and answers `loaded`. */
function loadFolder(name, entries, zip = false) {
  if (loading || run) return;
  if (!entries.length) {
    setState('error', `${name || 'The selection'} holds no files.`);
    return;
  }
  folder = { name, zip, paths: zip ? [] : entries.map((e) => e.path), files: entries.map((e) => e.file) };
  $('dataset-select').value = 'folder';
  syncUrl();
  ensureWorker();
  sendFolder();
}

function sendFolder() {
  const config = readConfig();
  if (!config) {
    pendingTrain = null;
    return;
  }
  loading = true;
  workerHasFolder = false;
  showLoadProgress(0, folder.paths.length || 1);
  setState('loading', `Reading ${folder.name}…`);
  worker.postMessage({ type: 'load', name: folder.name, paths: folder.paths, zip: folder.zip, config, files: folder.files });
}

function showLoadProgress(done, total) {
  $('load-box').hidden = false;
  $('load-progress').value = total ? done / total : 0;
  $('load-text').textContent = `Decoding and resizing: ${done.toLocaleString()} of ${total.toLocaleString()} files`;
}

function onLoaded(summary) {
  const fromTrain = Boolean(run); // decoded again at another size for this run
  loading = false;
  $('load-box').hidden = true;
  showFolderSummary(summary);
  if (summary.error) {
    pendingTrain = null;
    if (!fromTrain) setState('error', summary.error);
    return;
  }
  workerHasFolder = true;
  folder.summary = summary;
  if (pendingTrain) {
    worker.postMessage(pendingTrain);
    pendingTrain = null;
  } else if (!fromTrain) {
    setState('idle', `Loaded ${summary.name}: ${summary.train + summary.val + summary.test} images in ${summary.classes.length} classes. Press Train.`);
    if ($('preview-box').open) requestPreview();
  }
}

function showFolderSummary(summary) {
  showDatasetBox();
  const used = summary.train + summary.val + summary.test;
  $('folder-title').textContent = summary.error
    ? `${summary.name}: could not be used.`
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
  const table = $('class-counts');
  table.replaceChildren();
  const rows = [...summary.classes.map((c) => [c, false]), ...summary.excluded.map((c) => [c, true])];
  if (rows.length) {
    const head = table.createTHead().insertRow();
    for (const h of ['class', 'train', 'val', 'test']) head.insertCell().outerHTML = `<th>${h}</th>`;
    const body = table.createTBody();
    for (const [c, excluded] of rows) {
      const tr = body.insertRow();
      tr.dataset.class = c.name;
      if (excluded) tr.className = 'excluded';
      for (const text of [excluded ? `${c.name} (excluded)` : c.name, c.train, c.val, c.test]) tr.insertCell().textContent = text;
    }
    const foot = table.createTFoot().insertRow();
    for (const text of ['total', summary.train, summary.val, summary.test]) foot.insertCell().textContent = text;
  }
  const skipped = $('skipped-files');
  skipped.replaceChildren();
  $('skipped-box').hidden = !summary.skipped.length && !summary.ignored;
  $('skipped-title').textContent = `${summary.skipped.length} file${summary.skipped.length === 1 ? '' : 's'} skipped` +
    (summary.ignored ? `, ${summary.ignored} hidden or system file${summary.ignored === 1 ? '' : 's'} ignored` : '');
  $('skipped-box').open = summary.skipped.length > 0 && summary.skipped.length <= 20;
  if (summary.skipped.length) {
    const head = skipped.createTHead().insertRow();
    for (const h of ['file', 'reason']) head.insertCell().outerHTML = `<th>${h}</th>`;
    const body = skipped.createTBody();
    for (const f of summary.skipped) {
      const tr = body.insertRow();
      for (const text of [f.path, f.reason]) tr.insertCell().textContent = text;
    }
  }
}

/** Demo samples or the folder's summary, as the dataset setting says. */
function showDatasetBox() {
  const isFolder = $('dataset-select').value === 'folder';
  $('demo-box').hidden = isFolder;
  $('folder-box').hidden = !isFolder;
  if (isFolder && !folder) {
    $('folder-title').textContent = 'No folder loaded yet: choose one or drop it here.';
  }
}

function requestPreview() {
  const config = readConfig();
  if (!config || loading) return;
  if (config.dataset === 'folder' && !workerHasFolder) {
    $('preview-note').textContent = 'Load a folder first to preview it.';
    return;
  }
  $('preview-note').textContent = '';
  ensureWorker().postMessage({ type: 'preview', config, demo_url: demoUrl(), round: previewRound });
}

/** Rows: train images; column 0 as loaded, the rest augmented. Drawn 2x, pixelated. */
function drawPreview({ block, labels, classes, columns }) {
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

function schedulePreview() {
  if (!$('preview-box').open) return;
  clearTimeout(previewTimer);
  previewTimer = setTimeout(requestPreview, 300);
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
  if (loading || run) return;
  const files = [...event.dataTransfer.files];
  const zip = files.length === 1 && /\.zip$/i.test(files[0].name) ? files[0] : null;
  if (zip) return loadFolder(zip.name, [{ path: zip.name, file: zip }], true);
  try {
    const { entries, roots } = await droppedEntries(event.dataTransfer.items);
    const name = roots.length === 1 ? roots[0].name : 'dropped files';
    loadFolder(name, entries);
  } catch (e) {
    setState('error', `The dropped folder could not be read: ${e.message ?? e}`);
  }
}

function setUpFolderInputs() {
  $('folder-input').onchange = (e) => {
    const files = [...e.target.files];
    const name = files[0]?.webkitRelativePath.split('/')[0] || 'folder';
    loadFolder(name, files.map((file) => ({ path: file.webkitRelativePath || file.name, file })));
    e.target.value = ''; // choosing the same folder again reloads it
  };
  $('zip-input').onchange = (e) => {
    const file = e.target.files[0];
    if (file) loadFolder(file.name, [{ path: file.name, file }], true);
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

// ---- demo samples ----------------------------------------------------------------------------

async function loadSheet(file) {
  const sheet = new Image();
  sheet.src = `demo/${file}`;
  await sheet.decode();
  return sheet;
}

async function showSamples() {
  const manifest = await (await fetch('demo/demo.json')).json();
  const [sheet, val] = await Promise.all([loadSheet(manifest.splits.train.file), loadSheet(manifest.splits.val.file)]);
  demo = { manifest, train: sheet, val };
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

// ---- start -----------------------------------------------------------------------------------

async function main() {
  try {
    await initPage({ module_or_path: new URL('../pkg/aula_page_bg.wasm', import.meta.url) });
  } catch (e) {
    setState('error', `The page module could not be loaded: ${e.message}`);
    return;
  }
  curves = new Curves();
  fillForm(configFromUrl());
  form.addEventListener('input', syncUrl);
  form.addEventListener('input', schedulePreview);
  // The dataset choice sits in the dataset card (form="config-form"), outside the form's subtree.
  $('dataset-select').addEventListener('input', () => {
    syncUrl();
    showDatasetBox();
    schedulePreview();
  });
  setUpFolderInputs();
  showDatasetBox();
  form.addEventListener('submit', (e) => e.preventDefault());
  $('train').onclick = startTraining;
  $('stop').onclick = stopTraining;
  $('export-run').onclick = () => lastReport && download(lastReport);
  $('confusion-epoch').onchange = drawEvaluation;
  $('confusion-normalised').onchange = drawEvaluation;
  $('confusion').onclick = onConfusionClick;
  $('gallery-filter').onchange = showGallery;
  $('hist-epoch').oninput = drawHistogramsNow;
  $('hist-kind').onchange = drawHistogramsNow;
  const runs = loadRuns();
  lastReport = runs[0]?.report ?? null;
  showRuns(runs);
  scheduleDraw();
  setState('idle', $('dataset-select').value === 'folder'
    ? 'Ready. Choose a folder or a .zip (or drop one here) to train on your images.'
    : 'Ready. Press Train to train on the demo set, or load a folder of your own.');
  showSamples().catch((e) => {
    $('dataset-counts').textContent = `the demo set could not be loaded (${e.message})`;
  });
}

main().catch((e) => {
  console.error(e);
  setState('error', `The page failed to start: ${e.message ?? e}`);
});
