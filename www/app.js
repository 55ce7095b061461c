// The page's wiring: the state (state.js) drawn by the status line, and the worker's messages
// routed to the views. Rust owns the config format and draws the charts; the other
// modules each own one part of the page.
import './isolation.js'; // first: on a static host's first visit it may reload the page once
import initPage, { setChartWords } from '../pkg/aula_page.js';
import { startI18n, t, tSaid, has, onLanguage } from './i18n.js';
import { $ } from './dom.js';
import { WorkerClient, SILENCE_MS } from './worker-client.js';
import {
  current, subscribe, shownState, busy, gridRunning, begin, refusal, say, end, ready, training, stopping, setRun, runEnded,
  setLastReport, readingFolder, folderLoaded, folderFailed, workerFresh,
} from './state.js';
import { fillForm, readConfig, syncUrl, configFromUrl, setFormDisabled, setUpForm } from './config-form.js';
import { showBanner, resetRunView, showStarted, showProgress, showEpoch, scheduleDraw, reportedText, showStoredRun, addEpochRows } from './run-view.js';
import { showEvaluation, hideEvaluation, shownRun, setUpEvaluation, showEvaluated, redrawEvaluation } from './evaluation.js';
import { keepConfusion } from './confusion.js';
import { downloadRun, reportFromMessages } from './runs-store.js';
import { setUpRunsPanel, selectRun } from './runs-panel.js';
import { drawCompare } from './compare.js';
import { setUpClassroom, openRunsLink } from './classroom.js';
import { setUpGrid, showPlan } from './grid.js';
import { setUpLabs, renderLabs, openLinkedLab } from './labs.js';
import { setUpPresenter } from './presenter.js';
import { setUpThreads, showThreads, threadsFailed, threadsFor, threadsText } from './threads.js';
import { setUpExplanations } from './explain.js';
import { setUpModelPanel, modelHandlers, fromModel, beforeTraining, loadModel } from './model-panel.js';
import {
  setUpDatasetPanel, showLoadProgress, hideLoadProgress, showFolderSummary, showDatasetBox, setPreviewNote,
  schedulePreview, previewIfOpen, drawPreview, showSamples,
} from './dataset-panel.js';

/** The page's worker, the stored runs: handles; everything else the page knows is in state.js. */
let log = null; // the stored runs (runs-store.js)

/** The status line and the page's own buttons, drawn from the state. */
function render(s) {
  const status = $('status');
  status.dataset.state = shownState(s);
  status.dataset.phase = s.phase;
  if (status.textContent !== s.status.text) status.textContent = s.status.text;
  const working = busy();
  $('train').disabled = working;
  $('stop').disabled = s.phase !== 'loading' && s.phase !== 'training';
  $('export-run').disabled = working || !s.lastReport;
  setFormDisabled(working);
  for (const id of ['folder-input', 'zip-input', 'preview-resample']) $(id).disabled = working || s.phase === 'grid';
  $('drop-zone').classList.toggle('disabled', working || s.phase === 'grid');
  renderLabs();
}

let banner = null; // the run's `backend` message: the banner is drawn again in another language
const drawBanner = () => banner && showBanner(banner.backend, tSaid(banner.why, banner.reason) + threadsText(banner.backend, banner.threads, formBackend()));

/** Words for the status line: what stays loaded after a folder that could not be used. */
const keptFolder = () => (current().folder ? ' ' + t('folder-kept', { name: current().folder.name }) : '');

const client = new WorkerClient({
  ...modelHandlers,
  // A run's (or a folder read's) stages on the status line; outside them: why no preview.
  status: (m) => (busy() ? say(tSaid(m.stage, m.text)) : setPreviewNote(tSaid(m.stage, m.text))),
  load_progress: (m) => showLoadProgress(m.done, m.total),
  loaded: (m) => onLoaded(m.summary),
  preview: drawPreview,
  bench: (m) => console.log((window.aulaBench = m.lines).join('\n')), // read by tests/browser/bench.mjs
  threads_failed: (m) => (threadsFailed(m.message), showThreads(formBackend())),
  backend: (m) => {
    banner = m;
    drawBanner();
  },
  started: (m) => {
    const run = current().run;
    Object.assign(run, { backend: m.backend, classes: m.classes, params: m.params, valLabels: m.val_labels, valImages: m.val_images });
    Object.assign(run, { id: log.start(run.config, m), losses: [] });
    showStarted(m);
    if (current().phase === 'stopping') return; // Stop was pressed while it started: it stops at its first batch
    training(t('status-training', { model: run.config.model, params: m.params, train: m.train_count, val: m.val_count }));
  },
  progress: (m) => (current().run?.losses?.push(...m.losses), showProgress(m)),
  epoch: (m) => {
    const run = current().run;
    const confusion = keepConfusion(m.confusion);
    log.epoch(run.id, m, run.losses.splice(0), confusion);
    showEpoch(run, m, confusion);
  },
  // The worker read Stop: it finishes the run (its `status` messages say how far it is).
  stopping: () => current().run && stopping(t('status-stopping-finishing')),
  done: (m) => onDone(m.report),
  run_failed: (m) => {
    const run = current().run;
    if (run?.id) log.fail(run.id, m.message, m.said);
    finishRun(null);
    end('error', tSaid(m.said, m.message));
  },
  error: (m) => (current().run || current().phase !== 'idle' || current().status.ended !== 'error') && client.fail(m.message),
}, fail, () => (gridRunning() && client.worker ? client.workerThreads : threadsFor(formBackend())), workerFresh);
// (While a grid runs the page's worker shares the folder with its workers: it is not restarted.)

/** The backend the form asks for (Auto while the form is being edited into shape). */
const formBackend = () => readConfig({ quiet: true })?.backend ?? 'auto';

/** The worker broke (it is ended already): the error state, nothing in progress. */
function fail(message) {
  const s = current();
  if (s.run?.id) log.interrupt(s.run.id);
  if (s.reading) folderFailed();
  hideLoadProgress();
  finishRun(null);
  if (gridRunning()) say(t('status-worker-failed', { message })); // the grid's own status says what it lost
  else end('error', message);
}

async function onDone(report) {
  const shown = shownRun();
  const saved = finishRun(report);
  if (report.best_epoch && shown) showEvaluation(shown, report.best_epoch);
  const summary = reportedText(report);
  await saved; // 'done' means kept: a reload right after it finds the run whole
  if (report.halted) {
    end('error', `${report.halted}${summary} ${t('status-halted-kept')}`);
  } else {
    const how = report.stopped ? 'stopped' : report.early_stopped ? 'early_stopped' : 'finished';
    end('done', t('status-done', { how, seconds: report.seconds }) + summary);
  }
}

/** Ends the run in the page; resolves when its result is stored. */
function finishRun(report) {
  addEpochRows();
  const run = current().run;
  const saved = report && run?.id ? log.finish(run.id, report) : Promise.resolve();
  runEnded(report);
  return saved;
}

const demoUrl = () => new URL('demo/', document.baseURI).href;

function startTraining() {
  const config = readConfig();
  if (!config) return;
  const why = begin('loading', t('status-starting-worker'), 'training');
  if (why) return say(why);
  syncUrl();
  resetRunView();
  setRun({ config, epochs: [], confusions: [], details: [], backend: null, classes: [], pending: null });
  hideEvaluation();
  const message = { type: 'train', config, demo_url: demoUrl(), from_model: fromModel() };
  client.ensure();
  beforeTraining(() => {
    const { folder, worker, run } = current();
    if (config.dataset === 'folder' && folder && !worker.folder) {
      // A fresh worker (the last one was ended) has not seen the folder: send it again first.
      run.pending = message;
      sendFolder(folder);
    } else {
      client.post(message);
    }
  });
}

function stopTraining() {
  const s = current();
  if (s.phase !== 'loading' && s.phase !== 'training') return;
  if (!s.run) {
    client.post({ type: 'stop' }); // cancels the decoding
    return;
  }
  stopping(t('status-stopping-batch'));
  // The worker is ended only if it stops answering altogether (a long GPU call, a trapped
  // thread); while it sends anything at all it is finishing the run, however long that takes.
  const run = s.run;
  let waited = false; // the status line says the worker is quiet
  const onWait = (seconds) => {
    if (seconds >= QUIET_S) {
      waited = true;
      say(t('status-stopping-quiet', { seconds: Math.floor(seconds), limit: SILENCE_MS / 1000 }));
    } else if (waited) {
      waited = false;
      say(t('status-stopping-working'));
    }
  };
  client.stop(async () => {
    if (current().run !== run) return;
    await finishRun({ ...reportFromMessages(run), stopped: true });
    end('done', t('status-stopped-silent', { limit: SILENCE_MS / 1000 }));
  }, { onWait });
}

/** After Stop, a worker quiet this long is said to be (it may be in a long step). */
const QUIET_S = 5;

/** Hands a folder (or zip) to the worker; it decodes there and answers `loaded`. */
function chooseFolder(name, entries, zip) {
  const why = refusal('loading');
  if (why) {
    if (gridRunning()) say(why);
    return;
  }
  if (!entries.length) {
    end('error', (name ? t('folder-empty', { name }) : t('selection-empty')) + keptFolder());
    return;
  }
  $('dataset-select').value = 'folder';
  syncUrl();
  begin('loading', t('status-reading', { name }));
  sendFolder({ name, zip, paths: zip ? [] : entries.map((e) => e.path), files: entries.map((e) => e.file) });
}

/** Sends `folder` to the worker to decode (the phase is loading). */
function sendFolder(folder) {
  const config = readConfig();
  if (!config) {
    finishRun(null);
    end('error', t('folder-needs-settings'));
    return;
  }
  const { name, paths, zip, files } = folder;
  client.ensure();
  readingFolder(folder);
  showLoadProgress(0, paths.length || 1);
  say(t('status-reading', { name }));
  client.post({ type: 'load', name, paths, zip, config, files });
}

function onLoaded(summary) {
  if (!current().reading) {
    // Decoded again at another size (for a run, a grid's share, an evaluation): the same folder.
    if (!summary.error) showFolderSummary(summary);
    return;
  }
  hideLoadProgress();
  const run = current().run;
  if (summary.error) {
    folderFailed(); // the worker keeps the folder it had, and so does the page
    showFolderSummary(summary, current().folder);
    if (run) finishRun(null);
    end('error', `${tSaid(summary.error_note, summary.error)}${keptFolder()}`);
    return;
  }
  folderLoaded(summary);
  showFolderSummary(summary);
  if (run?.pending) {
    client.post(run.pending);
    run.pending = null;
  } else {
    end('idle', t('status-loaded', { name: summary.name, images: summary.train + summary.val + summary.test, classes: summary.classes.length }));
    previewIfOpen();
  }
}

// The words Rust draws on the charts (ChartWords), from the catalogue's chart-* messages.
const CHART_WORDS = [
  'epoch', 'loss', 'accuracy', 'learning_rate', 'train', 'val',
  'train_batch_smoothed', 'train_epoch', 'lr_after_first_epoch', 'no_run', 'confusion_counts', 'confusion_normalised',
  'predicted', 'truth', 'confusion_empty', 'no_histograms', 'overlay_empty', 'parallel_empty',
];

/** A word the catalogue lacks (it could not load) stays Rust's English, not the message id. */
function showChartWords() {
  const id = (key) => `chart-${key.replaceAll('_', '-')}`;
  setChartWords(Object.fromEntries(CHART_WORDS.filter((key) => has(id(key))).map((key) => [key, t(id(key))])));
}

async function main() {
  // English stays in the HTML: a catalogue that cannot load leaves the page usable.
  await startI18n().catch((e) => console.error(`The page's language could not be set: ${e.message}`));
  try {
    await initPage({ module_or_path: new URL('../pkg/aula_page_bg.wasm', import.meta.url) });
  } catch (e) {
    end('error', t('status-module-failed', { message: e.message }));
    return;
  }
  // Before any chart draws; on a switch, before the panels that draw charts again (each
  // redraws its own: the evaluation, the comparison, and the curves below).
  showChartWords();
  onLanguage(showChartWords);
  resetRunView();
  const formChanged = () => {
    showDatasetBox(Boolean(current().folder));
    showThreads(formBackend());
    schedulePreview();
  };
  setUpLabs({ train: startTraining, stop: stopTraining, formChanged });
  setUpPresenter(() => (scheduleDraw(), redrawEvaluation(), drawCompare()));
  fillForm(configFromUrl());
  await setUpThreads(formBackend); // before the first worker starts: it picks the build
  setUpForm(formChanged);
  setUpExplanations();
  setUpDatasetPanel({ choose: chooseFolder, fail: (text) => end('error', text), client, readConfig, demoUrl });
  showDatasetBox(false);
  setUpEvaluation();
  setUpModelPanel({ client, config: readConfig, demoUrl, showEvaluated, keep: (id, name, file) => log.keepModel(id, name, file),
    runName: (id) => log?.find(id)?.name });
  $('train').onclick = startTraining;
  $('stop').onclick = stopTraining;
  $('export-run').onclick = () => current().lastReport && downloadRun(current().lastReport);
  log = await setUpRunsPanel({ openRun: showStoredRun, openModel: loadModel });
  // Summaries only: the last finished run's report is read on its own.
  const last = log.runs.find((r) => r.status !== 'running');
  setLastReport(last ? await log.report(last.id) : null);
  setUpGrid({ log, mainClient: client, readConfig, demoUrl, syncUrl, selectRun });
  setUpClassroom({ log, selectRun });
  await openRunsLink(); // a merged grid's link: its runs join the table
  showPlan();
  // Leaving while something trains asks first (the epochs so far are kept either way).
  addEventListener('beforeunload', (e) => {
    if (current().run || gridRunning() || log.saving) e.preventDefault();
  });
  onLanguage(scheduleDraw);
  onLanguage(drawBanner);
  scheduleDraw();
  ready(t($('dataset-select').value === 'folder' ? 'status-ready-folder' : 'status-ready-demo'));
  openLinkedLab(); // once idle: choosing a lab waits while the page is busy
  showSamples();
}

subscribe(render);
main().catch((e) => {
  console.error(e);
  end('error', t('status-start-failed', { message: e.message ?? String(e) }));
});
