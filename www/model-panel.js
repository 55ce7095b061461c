// The model card: the worker's current model (the last run's reported weights, or a loaded
// file): download it, export it to PyTorch, load one, evaluate it, predict images with it, and
// continue training from it. The page keeps the model's file, so a fresh worker (after a
// failure) gets it back before the next model action.
import { drawPrediction } from '../pkg/aula_page.js';
import { $, downloadBlob, pct } from './dom.js';

let deps = null; // { client, busy(), config(), demoUrl(), showEvaluated(message), keep(name, file) }
let info = null; // the worker's current model (ModelInfo), or null
let kept = null; // { name, file }: the current model's file, to hand a fresh worker
let copying = false; // the page asked for its own copy of a run's model file
let waiting = null; // an action waiting for a fresh worker to load `kept`
let shownFiles = []; // the images being predicted, in the order sent
let urls = []; // object URLs of the images on show, revoked when replaced

const buttons = ['export-model', 'export-pytorch', 'evaluate-model', 'predict-input', 'from-model'];

function say(text, error = false) {
  const status = $('model-status');
  status.textContent = text;
  status.classList.toggle('error', error);
}

/** Enables what the current model and the page's state allow. */
export function renderModel() {
  const usable = Boolean(info) && !deps.busy();
  for (const id of buttons) $(id).disabled = !usable;
  $('model-input').disabled = deps.busy();
  $('predict-zone').classList.toggle('disabled', !usable);
  if (!info) $('from-model').checked = false;
}

/** Whether the next run continues from the current model. */
export const fromModel = () => Boolean(info) && $('from-model').checked;

/** Sends `message` (with `files`), first giving a fresh worker the model back if it lost it. */
function act(message, files) {
  if (!deps.client.hasModel && kept) {
    waiting = { message, files };
    deps.client.post({ type: 'load_model', name: kept.name, files: [kept.file] });
    return;
  }
  deps.client.post(files ? { ...message, files } : message);
}

/** Before a run that continues from the model: make sure the worker has it. */
export function beforeTraining(send) {
  if (fromModel() && !deps.client.hasModel && kept) {
    waiting = { run: send };
    deps.client.post({ type: 'load_model', name: kept.name, files: [kept.file] });
  } else {
    send();
  }
}

function describe(m) {
  const [c, h, w] = m.input_shape;
  const kind = m.config.model === 'cnn' ? `CNN ${m.config.conv_channels.join('-')}` : 'MLP';
  const widths = m.config.hidden.length ? ` → ${m.config.hidden.join('-')}` : '';
  return `${kind}${widths} (${m.params.toLocaleString()} parameters) from ${m.source}` +
    `${m.epoch ? `, weights of epoch ${m.epoch}` : ''}; takes ${w}×${h} ${c === 1 ? 'grayscale' : 'RGB'} images; ` +
    `${m.classes.length} classes: ${m.classes.slice(0, 6).join(', ')}${m.classes.length > 6 ? ', …' : ''}.`;
}

const download = (m, type) => downloadBlob(new Blob([m.bytes], { type }), m.name);

export const modelHandlers = {
  model_ready: (m) => {
    info = m.model;
    deps.client.hasModel = true;
    $('model-info').textContent = describe(info);
    $('model-info').dataset.classes = JSON.stringify(info.classes);
    say('');
    if (info.source === 'the last run') {
      copying = true;
      deps.client.post({ type: 'export_model' });
    }
    renderModel();
    const next = waiting;
    waiting = null;
    if (next?.run) next.run();
    else if (next) deps.client.post(next.files ? { ...next.message, files: next.files } : next.message);
  },
  model_failed: (m) => {
    waiting = null;
    say(m.message, true);
    renderModel();
  },
  model_file: (m) => {
    // The first file after a run is the page's own copy; the others are downloads.
    if (copying) {
      copying = false;
      kept = { name: m.name, file: new Blob([m.bytes]) };
      deps.keep(kept.name, kept.file); // stored with the run, linked from its row
    } else {
      download(m, 'application/octet-stream');
    }
  },
  pytorch_export: (m) => download(m, 'application/zip'),
  predictions: (m) => showPredictions(m.classes, m.items),
  evaluated: (m) => {
    say(`The model${m.epoch ? ` (weights of epoch ${m.epoch})` : ''} on the validation split: accuracy ${pct(m.accuracy)}, loss ${m.loss.toFixed(4)}.`);
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
  if (!info || deps.busy() || !files.length) return;
  shownFiles = files;
  say(`Predicting ${files.length} image${files.length === 1 ? '' : 's'}…`);
  act({ type: 'predict', names: files.map((f) => f.name) }, files);
}

/** Makes model file `file` the current model (the worker checks it and answers). */
export function loadModel(name, file) {
  if (deps.busy()) {
    say(`${name} can be loaded once the page is not busy (a run or a folder is under way).`, true);
    return;
  }
  kept = { name, file };
  say(`Reading ${name}…`);
  deps.client.post({ type: 'load_model', name, files: [file] });
  $('model-card').scrollIntoView({ behavior: 'smooth' });
}

export function setUpModelPanel(dependencies) {
  deps = dependencies;
  $('export-model').onclick = () => act({ type: 'export_model' });
  $('export-pytorch').onclick = () => act({ type: 'export_pytorch' });
  $('evaluate-model').onclick = () => {
    const config = deps.config();
    if (config) act({ type: 'evaluate_model', config, demo_url: deps.demoUrl() });
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
  renderModel();
}

