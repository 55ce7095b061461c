// The model card: the worker's current model (the last run's reported weights, or a loaded
// file): download it, export it to PyTorch, load one, evaluate it, predict images with it, and
// continue training from it. The page keeps the model's file, so a fresh worker (after a
// failure) gets it back before the next model action. The card names the run the model came
// from (state.js keeps the two together), never the run that trains now.
import { drawPrediction } from '../pkg/aula_page.js';
import { $, downloadBlob, pct } from './dom.js';
import { t, lang, onLanguage } from './i18n.js';
import { current, setModel, workerHoldsModel, begin, end, busy, subscribe } from './state.js';

let deps = null; // { client, config(), demoUrl(), showEvaluated(message), keep(runId, name, file), runName(id) }
let waiting = null; // an action waiting for a fresh worker to load the kept model file
let offered = null; // { name, file }: a model file handed to the worker, not yet taken
let shownFiles = []; // the images being predicted, in the order sent
let urls = []; // object URLs of the images on show, revoked when replaced

const buttons = ['export-model', 'export-pytorch', 'evaluate-model', 'predict-input', 'from-model'];

/** The split an evaluation used (the worker sends its seed and share, not words). */
function splitWords(split) {
  if (!split) return t('model-split-demo');
  return split.dataset === 'demo' ? t('model-split-demo') : t('model-split-folder', { seed: String(split.seed), percent: split.held_out_percent });
}

function say(text, error = false) {
  const status = $('model-status');
  status.textContent = text;
  status.classList.toggle('error', error);
}

const info = () => current().model?.info ?? null;

/** Enables what the current model and the page's state allow; the card says whose it is. */
export function renderModel() {
  if (!deps) return;
  const model = current().model;
  const usable = Boolean(model) && !busy();
  for (const id of buttons) $(id).disabled = !usable;
  $('model-input').disabled = busy();
  $('predict-zone').classList.toggle('disabled', !usable);
  if (!model) $('from-model').checked = false;
  const text = model ? describe(model) : t('no-model-yet');
  if ($('model-info').textContent !== text) $('model-info').textContent = text;
  $('model-info').dataset.classes = JSON.stringify(model?.info.classes ?? []);
  $('model-info').dataset.run = model?.run ?? '';
}

/** Whether the next run continues from the current model. */
export const fromModel = () => Boolean(info()) && $('from-model').checked;

/** Hands a fresh worker the kept model file again; `then` waits for it. */
function reload(then) {
  const file = current().model?.file;
  waiting = then;
  deps.client.post({ type: 'load_model', name: file.name, files: [file.file] });
}

const needsReload = () => !current().worker.model && Boolean(current().model?.file);

/** Sends `message` (with `files`), first giving a fresh worker the model back if it lost it. */
function act(message, files) {
  if (needsReload()) reload({ message, files });
  else deps.client.post(files ? { ...message, files } : message);
}

/** Before a run that continues from the model: make sure the worker has it. */
export function beforeTraining(send) {
  if (fromModel() && needsReload()) reload({ run: send });
  else send();
}

function describe({ info: m, run }) {
  const [c, h, w] = m.input_shape;
  // A run's model is named by that run (its name now: it may have been renamed).
  const source = run ? t('model-source-run', { name: deps.runName(run) ?? run }) : m.source;
  const kind = m.config.model === 'cnn' ? `CNN ${m.config.conv_channels.join('-')}` : 'MLP';
  const widths = m.config.hidden.length ? ` → ${m.config.hidden.join('-')}` : '';
  return t('model-describe', {
    kind: kind + widths, params: m.params, source, epoch: m.epoch ?? 0, width: w, height: h, channels: c === 1 ? 'gray' : 'rgb',
    classes: m.classes.length, names: m.classes.slice(0, 6).join(', ') + (m.classes.length > 6 ? ', …' : ''),
  });
}

const download = (m, type) => downloadBlob(new Blob([m.bytes], { type }), m.name);

/** The page's own copy of a run's model file, kept with that run (and for a fresh worker). */
async function keepCopy(runId) {
  const answer = await deps.client.ask({ type: 'export_model' }, ['model_file', 'model_failed']).catch(() => null);
  if (answer?.type !== 'model_file') return; // the worker was ended first: that run's model is gone
  const model = current().model;
  const file = { name: answer.name, file: new Blob([answer.bytes]) };
  if (model?.run === runId) setModel({ ...model, file });
  if (runId) deps.keep(runId, file.name, file.file); // stored with the run, linked from its row
}

export const modelHandlers = {
  model_ready: (m) => {
    const fromRun = m.model.source === 'the last run';
    const before = current().model;
    // The worker keeps a run's model just before it reports `done`: the run in progress.
    // Otherwise a file: one just loaded, or the kept one handed back to a fresh worker.
    const run = fromRun ? current().run?.id ?? null : offered ? null : before?.run ?? null;
    const file = fromRun ? null : offered ?? before?.file ?? null;
    offered = null;
    workerHoldsModel();
    setModel({ info: m.model, run, file });
    say('');
    if (fromRun) keepCopy(run);
    renderModel();
    const next = waiting;
    waiting = null;
    if (next?.run) next.run();
    else if (next) deps.client.post(next.files ? { ...next.message, files: next.files } : next.message);
  },
  model_failed: (m) => {
    waiting = null;
    offered = null;
    say(m.message, true);
    if (current().phase === 'evaluating') end('error', m.message);
    renderModel();
  },
  model_file: (m) => download(m, 'application/octet-stream'),
  pytorch_export: (m) => download(m, 'application/zip'),
  predictions: (m) => showPredictions(m.classes, m.items),
  evaluated: (m) => {
    const text = t('model-evaluated', { epoch: m.epoch ?? 0, split: splitWords(m.split), accuracy: pct(m.accuracy), loss: m.loss.toFixed(4) });
    say(text);
    if (current().phase === 'evaluating') end('done', t('model-evaluated-status', { text }));
    deps.showEvaluated(m);
  },
};

function showPredictions(classes, items) {
  const box = $('predictions');
  urls.forEach((url) => URL.revokeObjectURL(url));
  urls = [];
  box.replaceChildren();
  for (const [i, item] of items.entries()) {
    const fig = document.createElement('figure');
    fig.dataset.testid = 'prediction';
    const caption = document.createElement('figcaption');
    if (item.error) {
      fig.classList.add('failed');
      fig.dataset.error = item.error;
      caption.textContent = `${item.name}: ${item.error}`;
      fig.append(caption);
    } else {
      const top = item.guesses[0];
      fig.dataset.topClass = classes[top.class];
      const image = document.createElement('img');
      image.alt = item.name;
      image.src = URL.createObjectURL(shownFiles[i]);
      urls.push(image.src);
      const bars = document.createElement('canvas');
      bars.width = 260;
      bars.height = 66;
      drawPrediction(bars, item.guesses, classes);
      caption.textContent = `${item.name}: ${classes[top.class]} (${pct(top.probability)})`;
      fig.append(image, bars, caption);
    }
    box.append(fig);
  }
}

function predictFiles(files) {
  if (!info() || busy() || !files.length) return;
  shownFiles = files;
  say(t('model-predicting', { count: files.length }));
  act({ type: 'predict', names: files.map((f) => f.name) }, files);
}

/** Makes model file `file` the current model (the worker checks it and answers). */
export function loadModel(name, file) {
  if (busy()) {
    say(t('model-load-busy', { name }), true);
    return;
  }
  waiting = null;
  offered = { name, file };
  say(t('status-reading', { name }));
  deps.client.post({ type: 'load_model', name, files: [file] });
  $('model-card').scrollIntoView({ behavior: 'smooth' });
}

export function setUpModelPanel(dependencies) {
  deps = dependencies;
  $('export-model').onclick = () => act({ type: 'export_model' });
  $('export-pytorch').onclick = () => act({ type: 'export_pytorch', lang: lang() }); // its README in the page's language
  $('evaluate-model').onclick = () => {
    const config = deps.config();
    if (!config) return;
    const why = begin('evaluating', t('status-evaluating'));
    if (why) return say(why, true);
    act({ type: 'evaluate_model', config, demo_url: deps.demoUrl() });
  };
  $('model-input').onchange = (e) => {
    const file = e.target.files[0];
    e.target.value = '';
    if (file) loadModel(file.name, file);
  };
  $('predict-input').onchange = (e) => {
    predictFiles([...e.target.files]);
    e.target.value = '';
  };
  const zone = $('predict-zone');
  zone.addEventListener('dragover', (e) => {
    e.preventDefault();
    e.stopPropagation();
  });
  zone.addEventListener('drop', (e) => {
    // Images dropped here are predicted, not loaded as a dataset.
    e.preventDefault();
    e.stopPropagation();
    predictFiles([...e.dataTransfer.files]);
  });
  subscribe(renderModel);
  onLanguage(renderModel);
  renderModel();
}

