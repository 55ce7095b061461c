// The page's wiring: one explicit state, rendered by the status line, and the worker's
// messages routed to the views. Rust owns the config format and draws the charts; the other
// modules each own one part of the page.
import './isolation.js'; // first: on a static host's first visit it may reload the page once
import initPage from '../pkg/aula_page.js';
import { startI18n } from './i18n.js';
import { $ } from './dom.js';
import { WorkerClient } from './worker-client.js';
import { fillForm, readConfig, syncUrl, configFromUrl, setFormDisabled, setUpForm } from './config-form.js';
import { showBanner, resetRunView, showStarted, showProgress, showEpoch, scheduleDraw, reportedText, showStoredRun } from './run-view.js';
import { showEvaluation, hideEvaluation, shownRun, setUpEvaluation, showEvaluated, redrawEvaluation } from './evaluation.js';
import { keepConfusion } from './confusion.js';
import { downloadRun, reportFromMessages } from './runs-store.js';
import { setUpRunsPanel, selectRun } from './runs-panel.js';
import { drawCompare } from './compare.js';
import { setUpGrid, gridRunning, showPlan } from './grid.js';
import { setUpLabs, renderLabs, openLinkedLab } from './labs.js';
import { setUpPresenter } from './presenter.js';
import { setUpThreads, showThreads, threadsFailed, threadsFor, threadsText } from './threads.js';
import { setUpModelPanel, modelHandlers, renderModel, fromModel, beforeTraining, loadModel } from './model-panel.js';
import {
  setUpDatasetPanel, showLoadProgress, hideLoadProgress, showFolderSummary, showDatasetBox, setPreviewNote,
  schedulePreview, previewIfOpen, drawPreview, showSamples,
} from './dataset-panel.js';

const STOP_GRACE_MS = 5000;

/** Everything the page knows; `state` is what the status line shows. */
const app = {
  state: 'loading', // idle | loading | training | done | error
  run: null, // the run in progress: what the page has heard of it
  stopping: false, // Stop was pressed and the run has not ended yet
  pendingTrain: null, // a train message waiting for the folder to be decoded first
  folder: null, // the last folder or zip handed to the worker: { name, paths, zip, files }
  lastReport: null,
  modelRun: null, // the id of the last run, whose model file is kept with it
};
let log = null; // the stored runs (runs-store.js)
const busy = () => app.state === 'loading' || app.state === 'training';

function setState(state, text) {
  app.state = state;
  const status = $('status');
  status.dataset.state = state;
  status.textContent = text;
  $('train').disabled = busy();
  $('stop').disabled = !busy() || app.stopping;
  $('export-run').disabled = busy() || !app.lastReport;
  setFormDisabled(busy());
  for (const id of ['folder-input', 'zip-input', 'preview-resample']) $(id).disabled = busy();
  $('drop-zone').classList.toggle('disabled', busy());
  renderModel();
  renderLabs();
}

const client = new WorkerClient({
  ...modelHandlers,
  status: (m) => (busy() ? setState('loading', m.text) : setPreviewNote(m.text)), // outside a run: why no preview
  load_progress: (m) => showLoadProgress(m.done, m.total),
  loaded: (m) => onLoaded(m.summary),
  preview: drawPreview,
  bench: (m) => console.log((window.aulaBench = m.lines).join('\n')), // read by tests/browser/bench.mjs
  threads_failed: (m) => (threadsFailed(m.message), showThreads(formBackend())),
  backend: (m) => showBanner(m.backend, m.reason + threadsText(m.backend, m.threads, formBackend())),
  started: (m) => {
    Object.assign(app.run, { backend: m.backend, classes: m.classes, params: m.params, valLabels: m.val_labels, valImages: m.val_images });
    Object.assign(app.run, { id: log.start(app.run.config, m), losses: [] });
    app.modelRun = app.run.id; // the run whose model the worker will hold
    showStarted(m);
    const model = app.run.config.model === 'cnn' ? 'a CNN' : 'an MLP';
    setState('training', `Training ${model} (${m.params.toLocaleString()} parameters) on ${m.train_count} images, validating on ${m.val_count}.`);
  },
  progress: (m) => (app.run?.losses?.push(...m.losses), showProgress(m)),
  epoch: (m) => {
    const confusion = keepConfusion(m.confusion);
    log.epoch(app.run.id, m, app.run.losses.splice(0), confusion);
    showEpoch(app.run, m, confusion);
  },
  done: (m) => onDone(m.report),
  folder_shared: (m) => (m.folder ? client.onShared?.(m.folder) : client.onShareFailed?.(new Error(m.error))),
  run_failed: (m) => {
    if (app.run?.id) log.interrupt(app.run.id);
    finishRun(null);
    setState('error', m.message);
  },
  error: (m) => (app.run || app.state !== 'error') && client.fail(m.message),
}, fail, () => (gridRunning() && client.worker ? client.workerThreads : threadsFor(formBackend())));
// (While a grid runs the page's worker shares the folder with its workers: it is not restarted.)

/** The backend the form asks for (Auto while the form is being edited into shape). */
const formBackend = () => readConfig({ quiet: true })?.backend ?? 'auto';

/** The worker broke (it is ended already): the error state, nothing in progress. */
function fail(message) {
  if (app.run?.id) log.interrupt(app.run.id);
  client.onShareFailed?.(new Error(message)); // a grid waiting for this worker's folder
  app.pendingTrain = null;
  hideLoadProgress();
  finishRun(null);
  setState('error', message);
}

async function onDone(report) {
  const shown = shownRun();
  const saved = finishRun(report);
  if (report.best_epoch && shown) showEvaluation(shown, report.best_epoch);
  const summary = reportedText(report);
  await saved; // 'done' means kept: a reload right after it finds the run whole
  if (report.halted) {
    setState('error', `${report.halted}${summary} The run is kept and can be exported.`);
  } else {
    const how = report.stopped ? 'Stopped' : report.early_stopped ? 'Stopped early (EarlyStopping)' : 'Finished';
    setState('done', `${how} in ${report.seconds.toFixed(1)} s.${summary}`);
  }
}

/** Ends the run in the page; resolves when its result is stored. */
function finishRun(report) {
  let saved = Promise.resolve();
  if (report) {
    app.lastReport = report;
    if (app.run?.id) saved = log.finish(app.run.id, report);
  }
  app.run = null;
  app.stopping = false;
  return saved;
}

const demoUrl = () => new URL('demo/', document.baseURI).href;

function startTraining() {
  const config = readConfig();
  if (!config) return;
  syncUrl();
  resetRunView();
  app.run = { config, epochs: [], confusions: [], details: [], backend: null, classes: [] };
  hideEvaluation();
  setState('loading', 'Starting the training worker…');
  const message = { type: 'train', config, demo_url: demoUrl(), from_model: fromModel() };
  client.ensure();
  beforeTraining(() => {
    if (config.dataset === 'folder' && app.folder && !client.hasFolder) {
      // A fresh worker (the last one was ended) has not seen the folder: send it again first.
      app.pendingTrain = message;
      sendFolder();
    } else {
      client.post(message);
    }
  });
}

function stopTraining() {
  if (!busy()) return;
  if (!app.run) {
    client.post({ type: 'stop' }); // cancels the decoding
    return;
  }
  app.stopping = true;
  setState(app.state, 'Stopping after this batch…');
  // A worker stuck in a long GPU call cannot read the message: end it, keep what arrived.
  const stopping = app.run;
  client.stop(STOP_GRACE_MS, async () => {
    if (app.run !== stopping) return;
    await finishRun({ ...reportFromMessages(stopping), stopped: true });
    setState('done', 'Stopped (the worker did not answer in time and was ended). Results so far are kept.');
  });
}

/** Hands a folder (or zip) to the worker; it decodes there and answers `loaded`. */
function chooseFolder(name, entries, zip) {
  if (!entries.length) {
    setState('error', `${name || 'The selection'} holds no files.`);
    return;
  }
  app.folder = { name, zip, paths: zip ? [] : entries.map((e) => e.path), files: entries.map((e) => e.file) };
  $('dataset-select').value = 'folder';
  syncUrl();
  sendFolder();
}

function sendFolder() {
  const config = readConfig();
  if (!config) {
    app.pendingTrain = null;
    return;
  }
  const { name, paths, zip, files } = app.folder;
  client.ensure();
  client.hasFolder = false;
  showLoadProgress(0, paths.length || 1);
  setState('loading', `Reading ${name}…`);
  client.post({ type: 'load', name, paths, zip, config, files });
}

function onLoaded(summary) {
  const forRun = Boolean(app.run); // decoded again at another size for this run
  hideLoadProgress();
  showFolderSummary(summary);
  if (summary.error) {
    app.pendingTrain = null;
    if (!forRun) setState('error', summary.error);
    return;
  }
  client.hasFolder = true;
  client.folderImages = summary.train + summary.val + summary.test;
  if (app.pendingTrain) {
    client.post(app.pendingTrain);
    app.pendingTrain = null;
  } else if (!forRun) {
    setState('idle', `Loaded ${summary.name}: ${summary.train + summary.val + summary.test} images in ${summary.classes.length} classes. Press Train.`);
    previewIfOpen();
  }
}

async function main() {
  // English stays in the HTML: a catalogue that cannot load leaves the page usable.
  await startI18n().catch((e) => console.error(`The page's language could not be set: ${e.message}`));
  try {
    await initPage({ module_or_path: new URL('../pkg/aula_page_bg.wasm', import.meta.url) });
  } catch (e) {
    setState('error', `The page module could not be loaded: ${e.message}`);
    return;
  }
  resetRunView();
  const formChanged = () => {
    showDatasetBox(Boolean(app.folder));
    showThreads(formBackend());
    schedulePreview();
  };
  setUpLabs({ train: startTraining, stop: stopTraining, busy, hasFolder: () => client.hasFolder, formChanged });
  setUpPresenter(() => (scheduleDraw(), redrawEvaluation(), drawCompare()));
  fillForm(configFromUrl());
  await setUpThreads(formBackend); // before the first worker starts: it picks the build
  setUpForm(formChanged);
  setUpDatasetPanel({ choose: chooseFolder, busy, fail: (text) => setState('error', text), client, readConfig, demoUrl,
    decoding: () => app.state === 'loading' && !app.run });
  showDatasetBox(false);
  setUpEvaluation();
  setUpModelPanel({ client, busy, config: readConfig, demoUrl, showEvaluated, keep: (name, file) => app.modelRun && log.keepModel(app.modelRun, name, file) });
  $('train').onclick = startTraining;
  $('stop').onclick = stopTraining;
  $('export-run').onclick = () => app.lastReport && downloadRun(app.lastReport);
  log = await setUpRunsPanel({ openRun: showStoredRun, openModel: loadModel });
  const last = log.runs.find((r) => r.status !== 'running'); // summaries: the report is read on its own
  app.lastReport = last ? await log.report(last.id) : null;
  setUpGrid({ log, mainClient: client, readConfig, demoUrl, hasFolder: () => client.hasFolder,
    folderImages: () => client.folderImages ?? 0, syncUrl, selectRun, changed: renderLabs });
  showPlan();
  // Leaving while something trains asks first (the epochs so far are kept either way).
  addEventListener('beforeunload', (e) => {
    if (app.run || gridRunning() || log.saving) e.preventDefault();
  });
  scheduleDraw();
  setState('idle', $('dataset-select').value === 'folder'
    ? 'Ready. Choose a folder or a .zip (or drop one here) to train on your images.'
    : 'Ready. Press Train to train on the demo set, or load a folder of your own.');
  openLinkedLab(); // once idle: choosing a lab waits while the page is busy
  showSamples();
}

main().catch((e) => {
  console.error(e);
  setState('error', `The page failed to start: ${e.message ?? e}`);
});
