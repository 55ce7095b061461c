// One run's evaluation for any finished epoch: the confusion matrix (click a cell to see its
// images), sklearn's classification report, the validation gallery, and weight and gradient
// histograms.
import { drawConfusion, classificationReport, confusionCellAt, drawHistograms, heatmapMaxClasses } from '../pkg/aula_page.js';
import { keepConfusion } from './confusion.js';
import { $, fillTable, pct, tileCanvas } from './dom.js';
import { chartScale } from './presenter.js';
import { current, setView } from './state.js';
import { t as say, tAttr, formatNumber, onLanguage } from './i18n.js';

const GALLERY_MAX = 120;

let confusionArea = null; // where the matrix's cells are, for clicks (a handle on the canvas drawn)

/** The run on screen (the page keeps showing it when it ends), or the one about to be. */
export const shownRun = () => live?.run ?? current().view;
const view = () => current().view;

export function hideEvaluation() {
  dropLive();
  setView(null);
  $('evaluation').hidden = true;
}

/** Shows `run`'s evaluation at `epoch`. */
export function showEvaluation(run, epoch) {
  dropLive();
  setView(run);
  $('evaluation').hidden = false;
  const select = $('confusion-epoch');
  select.replaceChildren(...run.epochs.map((e) => new Option(e.partial ? say('epoch-partial', { epoch: e.epoch }) : String(e.epoch), e.epoch)));
  select.value = epoch;
  const slider = $('hist-epoch');
  slider.max = run.epochs.length;
  slider.value = run.epochs.findIndex((e) => e.epoch === Number(epoch)) + 1;
  $('gallery-filter').value = 'all';
  drawEvaluation();
  drawHistogramsNow();
}

// A small model on the CPU can end dozens of epochs a second, and drawing the evaluation of
// each (matrix, report, gallery, histograms) would keep the page from answering a click. A run
// in progress shows its newest epoch at most every LIVE_EVERY_MS, on an animation frame.
const LIVE_EVERY_MS = 250;
let live = null; // the epoch waiting to be shown: { run, epoch, timer }
let liveShownAt = -Infinity;

/** Shows `run`'s evaluation at its newest `epoch` soon (sooner ones are skipped). */
export function showEvaluationLive(run, epoch) {
  if (live) return Object.assign(live, { run, epoch });
  const wait = Math.max(0, liveShownAt + LIVE_EVERY_MS - performance.now());
  live = { run, epoch };
  live.timer = setTimeout(() => requestAnimationFrame(() => {
    if (!live) return;
    const { run: shown, epoch: at } = live;
    liveShownAt = performance.now();
    showEvaluation(shown, at);
  }), wait);
}

/** Another view replaces the one waiting to be shown. */
function dropLive() {
  if (live) clearTimeout(live.timer);
  live = null;
}

const selectedIndex = () => view().epochs.findIndex((e) => e.epoch === Number($('confusion-epoch').value));

/** Draws the shown run's evaluation again (the presenter view changes the charts' size). */
export const redrawEvaluation = () => drawEvaluation();

function drawEvaluation() {
  if (!view()) return;
  const index = selectedIndex();
  const kept = view().confusions[index];
  if (!kept) return;
  const heatmap = !kept.top;
  listConfusions(kept);
  $('confusion').hidden = !heatmap;
  $('confusion-hint').hidden = !heatmap;
  $('top-confusions').hidden = heatmap;
  try {
    if (heatmap) {
      const canvas = $('confusion');
      confusionArea = drawConfusion(canvas, kept, view().classes, $('confusion-normalised').checked, chartScale(canvas));
      $('confusion').dataset.plotArea = JSON.stringify(confusionArea); // where the cells are, for automation
    } else {
      confusionArea = null;
      showTopConfusions(kept);
    }
    showReport(kept.report ?? classificationReport(kept), view().classes, view().epochs[index].epoch);
  } catch (e) {
    console.error('evaluation drawing failed', e);
  }
  showGallery();
}

/** Canvas pixels from a click on the (CSS-scaled) confusion canvas. */
function onConfusionClick(event) {
  if (!view() || !confusionArea) return;
  const canvas = $('confusion');
  const box = canvas.getBoundingClientRect();
  const x = ((event.clientX - box.left) / box.width) * canvas.width;
  const y = ((event.clientY - box.top) / box.height) * canvas.height;
  const cell = confusionCellAt(confusionArea, view().classes.length, x, y);
  if (!cell) return;
  const [t, p] = cell;
  const filter = $('gallery-filter');
  const value = `cell:${t}:${p}`;
  if (![...filter.options].some((o) => o.value === value)) filter.add(cellOption(t, p));
  filter.value = value;
  showGallery();
}

const cellOption = (t, p, n) => {
  const names = { truth: view().classes[t], predicted: view().classes[p] };
  const text = n === undefined ? say('confusion-choice', names) : say('confusion-choice-count', { ...names, count: n });
  const option = new Option(text, `cell:${t}:${p}`);
  option.dataset.cell = '';
  return option;
};

/** The matrix's confusions, largest first, as choices of the gallery's filter: the drill-down a
 * click on a cell gives, by keyboard too. */
function listConfusions(kept) {
  const filter = $('gallery-filter');
  const chosen = filter.value;
  for (const option of filter.querySelectorAll('option[data-cell]')) option.remove();
  const pairs = [];
  // The page keeps the matrix as rows of counts.
  (kept.counts ?? []).forEach((row, t) => row.forEach((n, p) => t !== p && n > 0 && pairs.push([t, p, n])));
  pairs.sort((a, b) => b[2] - a[2]);
  for (const [t, p, n] of pairs.slice(0, 30)) filter.add(cellOption(t, p, n));
  filter.value = [...filter.options].some((o) => o.value === chosen) ? chosen : 'all';
}

// A run's validation images do not change between epochs: each tile is drawn once and the
// gallery moves the same canvas into its new figure (a live run redraws it 4 times a second).
const tiles = new WeakMap(); // ImageBlock -> its tiles drawn so far, by index

function galleryTile(thumbs, i) {
  let drawn = tiles.get(thumbs);
  if (!drawn) tiles.set(thumbs, (drawn = []));
  drawn[i] ??= tileCanvas(thumbs, i);
  return drawn[i];
}

/** Validation images of the selected epoch with true and predicted class and confidence. */
function showGallery() {
  const box = $('gallery');
  box.replaceChildren();
  if (!view() || !view().valImages) return;
  const detail = view().details[selectedIndex()];
  if (!detail) return;
  const { classes, valLabels: truth, valImages: thumbs } = view();
  const filter = $('gallery-filter').value;
  const [, ct, cp] = filter.startsWith('cell:') ? filter.split(':').map(Number) : [];
  const picked = [];
  for (let i = 0; i < detail.predicted.length; i++) {
    const [t, p] = [truth[i], detail.predicted[i]];
    if (filter === 'wrong' && t === p) continue;
    if (filter.startsWith('cell:') && (t !== ct || p !== cp)) continue;
    picked.push(i);
  }
  for (const i of picked.slice(0, GALLERY_MAX)) {
    const [t, p, confidence] = [truth[i], detail.predicted[i], detail.confidence[i]];
    const fig = document.createElement('figure');
    fig.dataset.testid = 'gallery-item';
    if (t !== p) fig.className = 'wrong';
    const canvas = i < thumbs.count ? galleryTile(thumbs, i) : document.createElement('canvas');
    const caption = document.createElement('figcaption');
    const predicted = document.createElement('b');
    predicted.textContent = classes[p];
    caption.append(classes[t], document.createElement('br'), predicted, ` ${Math.round(confidence * 100)}%`);
    const shown = formatNumber(confidence, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
    caption.title = tAttr('gallery-caption', 'title', { truth: classes[t], predicted: classes[p], confidence: shown });
    fig.append(canvas, caption);
    box.append(fig);
  }
  $('gallery-note').textContent = say('gallery-note', {
    count: picked.length,
    shown: picked.length > GALLERY_MAX ? GALLERY_MAX : 0,
    pictures: thumbs.count < detail.predicted.length ? thumbs.count : 0,
  });
}

function drawHistogramsNow() {
  if (!view()) return;
  const index = Number($('hist-epoch').value) - 1;
  const detail = view().details[index];
  if (!detail) return;
  const kind = $('hist-kind').value;
  const title = say(kind === 'weights' ? 'hist-title-weights' : 'hist-title-gradients', { epoch: view().epochs[index].epoch });
  try {
    drawHistograms($('histograms'), title, detail[kind]);
  } catch (e) {
    console.error('histogram drawing failed', e);
  }
}

/** Too many classes for a heatmap: the largest confusions, with each one's share of its row. */
function showTopConfusions(kept) {
  const support = kept.report.per_class.map((c) => c.support);
  fillTable($('top-confusions'), {
    caption: say('top-confusions-caption', { classes: kept.classes, max: heatmapMaxClasses() }),
    head: [say('col-true-class'), say('col-predicted-as'), say('col-images'), say('col-of-its-class')],
    rows: kept.top.map(([t, p, n]) => [view().classes[t], view().classes[p], n, pct(n / support[t])]),
  });
}

/** sklearn's classification_report as a table. */
function showReport(report, names, epoch) {
  const row = (label, c) => [label, c.precision.toFixed(2), c.recall.toFixed(2), c.f1.toFixed(2), c.support];
  fillTable($('report'), {
    caption: say('report-caption', { epoch }),
    head: ['', say('col-precision'), say('col-recall'), say('col-f1'), say('col-support')],
    rows: [
      ...report.per_class.map((c, i) => row(names[i] ?? i, c)),
      [say('report-accuracy'), '', '', report.accuracy.toFixed(2), report.weighted_avg.support],
      row(say('report-macro-avg'), report.macro_avg),
      row(say('report-weighted-avg'), report.weighted_avg),
    ],
  });
}

/** A model evaluated on the validation split, in these views (one "epoch": the model's). */
export function showEvaluated(m) {
  const epoch = m.epoch ?? 0;
  const record = { epoch, val_loss: m.loss, val_accuracy: m.accuracy };
  showEvaluation({ classes: m.classes, epochs: [record], confusions: [keepConfusion(m.confusion)], details: [] }, epoch);
}

export function setUpEvaluation() {
  $('confusion-epoch').onchange = drawEvaluation;
  $('confusion-normalised').onchange = drawEvaluation;
  $('confusion').onclick = onConfusionClick;
  $('gallery-filter').onchange = showGallery;
  $('hist-epoch').oninput = drawHistogramsNow;
  $('hist-kind').onchange = drawHistogramsNow;
  // The words in the tables, the gallery and the histograms' title follow the language; the
  // epoch, the gallery's filter and the histograms' epoch stay as chosen.
  onLanguage(() => {
    if (!view() || $('evaluation').hidden) return;
    for (const option of $('confusion-epoch').options) {
      const epoch = view().epochs.find((e) => String(e.epoch) === option.value);
      if (epoch?.partial) option.textContent = say('epoch-partial', { epoch: epoch.epoch });
    }
    drawEvaluation();
    drawHistogramsNow();
  });
}
