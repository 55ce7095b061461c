// The run in progress on screen: backend banner, model summary, progress bar, live curves
// (drawn by Rust from only what they plot) and the per-epoch table.
import { Curves } from '../pkg/aula_page.js';
import { $, fillTable, formatSeconds, pct } from './dom.js';
import { showEvaluation, showEvaluationLive } from './evaluation.js';
import { keepConfusion } from './confusion.js';
import { chartScale } from './presenter.js';
import { t, formatNumber, onLanguage } from './i18n.js';

let curves = null;
let drawPending = false;

export function showBanner(backend, reason) {
  const banner = $('backend-banner');
  banner.hidden = false;
  banner.dataset.backend = backend;
  banner.textContent = t('backend-banner', { backend: backend === 'webgpu' ? 'WebGPU' : 'CPU', reason });
}

/** Empties the curves, progress and epoch table for a new run. */
export function resetRunView() {
  curves = new Curves();
  scheduleDraw();
  rowsPending = [];
  $('epochs').tBodies[0].replaceChildren();
  $('progress').value = 0;
  $('progress-text').textContent = '';
}

/** `started`: where the steps go on the epoch axis, and the model summary. */
export function showStarted(msg) {
  feed(() => curves.start(msg.batches_per_epoch, msg.epochs));
  showSummary(msg.summary, msg.params);
}

/** Feeds the curves; a chart that cannot take a message must not stop the rest of the view. */
function feed(add) {
  try {
    add();
    scheduleDraw();
  } catch (e) {
    console.error('chart data refused', e);
  }
}

export function showProgress(p) {
  feed(() => curves.addLosses(p.losses));
  const done = (p.epoch - 1) * p.batches + p.batch;
  $('progress').value = done / (p.epochs * p.batches);
  $('progress-text').textContent = t('progress-line', {
    epoch: p.epoch, epochs: p.epochs, batch: p.batch, batches: p.batches,
    speed: Math.round(p.images_per_sec), eta: formatSeconds(p.eta_seconds),
  });
}

/** An `epoch` message of the run in progress: kept with the run (the confusion matrix as
 * kept) and shown in the table and the evaluation views. */
export function showEpoch(run, m, confusion) {
  run.epochs.push(m.record);
  run.confusions.push(confusion);
  run.details.push({ predicted: m.predicted, confidence: m.confidence, weights: m.weights, gradients: m.gradients });
  showEpochRecord(m.record);
  showEvaluationLive(run, m.record.epoch);
}

// Epoch rows join the table once a frame: a row and the scroll it asks for cost the page a
// layout, and a small model on the CPU ends dozens of epochs a second.
let rowsPending = [];

function showEpochRecord(r) {
  feed(() => curves.addEpoch(r));
  if (!rowsPending.length) requestAnimationFrame(addEpochRows);
  rowsPending.push(r);
}

/** Adds the epoch rows waiting for the next frame (now: a run that ends shows all its rows). */
export function addEpochRows() {
  const records = rowsPending.splice(0);
  if (!records.length) return;
  // The box follows the newest epoch unless the reader has scrolled up to an earlier one.
  const box = $('epochs-box');
  const following = box.scrollTop + box.clientHeight >= box.scrollHeight - 4;
  const body = $('epochs').tBodies[0];
  for (const r of records) {
    const row = body.insertRow();
    const cells = [r.partial ? t('epoch-partial', { epoch: r.epoch }) : String(r.epoch), r.train_loss.toFixed(4), pct(r.train_accuracy),
      r.val_loss.toFixed(4), pct(r.val_accuracy), r.lr.toExponential(1), r.seconds.toFixed(1)];
    for (const text of cells) row.insertCell().textContent = text;
  }
  if (following) box.scrollTop = box.scrollHeight;
}

let shownSummary = null; // drawn again in the other language on a switch
onLanguage(() => shownSummary && showSummary(...shownSummary));

/** The Keras-style summary: layer, output shape (one image, PyTorch's C, H, W), parameters. */
function showSummary(rows, total) {
  shownSummary = [rows, total];
  fillTable($('summary'), {
    head: [t('summary-layer'), t('summary-output-shape'), t('summary-params')],
    rows: rows.map((r) => [r.layer, r.output_shape, formatNumber(r.params)]),
    foot: [t('summary-total'), '', formatNumber(total)],
  });
  $('summary-box').hidden = false;
}

/** What a finished run's status line says about its reported epoch and test split. */
export function reportedText(report) {
  const best = report.epochs.find((e) => e.epoch === report.best_epoch);
  const test = report.test_accuracy != null
    ? ' ' + t('test-accuracy', { count: report.test_count, accuracy: pct(report.test_accuracy) }) : '';
  return (best ? ' ' + t('reported-epoch', { epoch: best.epoch, accuracy: pct(best.val_accuracy) }) : '') + test;
}

export function scheduleDraw() {
  if (drawPending || !curves) return;
  drawPending = true;
  requestAnimationFrame(() => {
    drawPending = false;
    try {
      const canvas = $('curves');
      const layout = curves.draw(canvas, chartScale(canvas));
      canvas.dataset.layout = JSON.stringify(layout); // where the labels went, for tests
    } catch (e) {
      console.error('chart drawing failed', e);
    }
  });
}

/** A stored run, opened from the runs table: its curves, table, summary and evaluation views. */
export function showStoredRun(record, epochs) {
  const report = record.report;
  resetRunView();
  const view = record.view ?? {};
  feed(() => curves.start(view.batches_per_epoch ?? 1, report.config.epochs));
  for (const e of epochs) {
    if (e.losses?.length) feed(() => curves.addLosses(e.losses));
    showEpochRecord(e.record);
  }
  if (!epochs.length) report.epochs.forEach(showEpochRecord);
  addEpochRows();
  if (view.summary) showSummary(view.summary, report.params);
  $('progress-text').textContent = t('stored-run-line', { name: record.name, status: record.status, epochs: report.epochs.length });
  if (!epochs.length) return;
  const run = {
    config: report.config, classes: report.classes, epochs: epochs.map((e) => e.record),
    confusions: epochs.map((e) => (e.confusion.top ? e.confusion : keepConfusion(e.confusion))),
    details: epochs.map((e) => ({ predicted: e.predicted, confidence: e.confidence, weights: e.weights, gradients: e.gradients })),
    valLabels: view.val_labels ?? [], valImages: view.val_images ?? null,
  };
  showEvaluation(run, report.best_epoch ?? run.epochs.at(-1).epoch);
  $('training').scrollIntoView({ behavior: 'smooth' });
}
