// Comparing the selected runs: their curves on one chart (TensorBoard's overlay), parallel
// coordinates of the settings that differ and the chosen metric (MLflow's view), and for two
// runs their confusion matrices and per-class F1 side by side.
import { drawOverlay, drawParallel, drawConfusion, classificationReport } from '../pkg/aula_page.js';
import { $, fillTable } from './dom.js';
import { differing } from './runs-table.js';
import { chartScale } from './presenter.js';
import { t } from './i18n.js';

let deps = null; // { log, selected() }
let generation = 0; // the latest drawing: an older one still waiting for stored epochs gives way

export function setUpCompare(dependencies) {
  deps = dependencies;
  $('overlay-metric').onchange = drawCompare;
}

const numberOrText = (v) => (typeof v === 'number' ? v : Array.isArray(v) ? v.join(',') : String(v));

/** Redraws the comparison of the selected runs (or says to select some). */
export async function drawCompare() {
  const mine = ++generation;
  const summaries = deps.selected().map((id) => deps.log.find(id)).filter(Boolean);
  $('compare').hidden = deps.log.runs.length === 0;
  // The list holds summaries: each run's epochs come with its report, read from the store.
  const reports = await Promise.all(summaries.map((r) => deps.log.report(r.id)));
  if (mine !== generation) return;
  const runs = summaries.map((r, i) => ({ id: r.id, name: r.name, report: reports[i] })).filter((r) => r.report);
  const metric = $('overlay-metric').value;
  const series = runs.map((r) => ({ name: r.name, points: r.report.epochs.map((e) => [e.epoch, e[metric]]) }));
  try {
    const overlay = drawOverlay($('overlay'), series, metric, chartScale($('overlay')));
    $('overlay').dataset.series = overlay.series;
    const keys = differing(runs).filter((k) => k !== 'seed' || runs.length > 2);
    const axes = keys.map((k) => ({ name: k, values: runs.map((r) => numberOrText(r.report.config[k])) }));
    const at = (r) => r.report.epochs.find((e) => e.epoch === r.report.best_epoch) ?? r.report.epochs.at(-1);
    const values = runs.map((r) => at(r)?.[metric] ?? NaN).map((v) => (Number.isFinite(v) ? v : 0));
    const parallel = drawParallel($('parallel'), axes, { name: metric, values }, !metric.endsWith('loss'));
    $('parallel').dataset.lines = parallel.lines;
  } catch (e) {
    console.error('comparison drawing failed', e);
  }
  await drawPair(runs.length === 2 ? runs : null, () => mine === generation);
}

/** The reported epoch's confusion matrix of a stored run, if it has one it can draw. */
async function confusionOf(run) {
  if (run.report.confusion) return run.report.confusion;
  const epochs = await deps.log.details(run.id);
  const kept = epochs.find((e) => e.epoch === run.report.best_epoch) ?? epochs.at(-1);
  return kept?.confusion?.counts ? kept.confusion : null;
}

async function drawPair(pair, current) {
  $('compare-pair').hidden = !pair;
  if (!pair) return;
  const matrices = await Promise.all(pair.map(confusionOf));
  if (!current()) return;
  pair.forEach((run, i) => {
    $(`pair-title-${i}`).textContent = run.name;
    const canvas = $(`pair-confusion-${i}`);
    if (matrices[i] && matrices[i].classes <= 50) drawConfusion(canvas, matrices[i], run.report.classes, true);
    else canvas.getContext('2d').clearRect(0, 0, canvas.width, canvas.height);
  });
  const reports = matrices.map((m) => (m ? classificationReport(m) : null));
  const classes = pair[0].report.classes;
  const f1 = (r, i) => (r?.per_class[i] ? r.per_class[i].f1.toFixed(2) : '–');
  fillTable($('pair-f1'), {
    caption: t('pair-f1-caption'),
    head: [t('col-class'), pair[0].name, pair[1].name, t('col-difference')],
    rows: classes.map((name, i) => {
      const [a, b] = reports.map((r) => r?.per_class[i]?.f1);
      return [name, f1(reports[0], i), f1(reports[1], i), Number.isFinite(a) && Number.isFinite(b) ? (b - a).toFixed(2) : '–'];
    }),
  });
}
