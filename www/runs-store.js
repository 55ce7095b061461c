// Every run, kept in IndexedDB as it goes: created when it starts, each epoch written when it
// arrives, finished with its report. A run the page never saw end (a reload, a closed tab, a
// worker that died) is marked interrupted, with the epochs it had. A write that fails is
// reported in words and the run stays in this page's list.
import * as store from './store.js';
import { downloadJson } from './dom.js';
import { keepConfusion } from './confusion.js';

const FORMAT = 1; // of the records in IndexedDB
const OLD_KEY = 'aula.runs'; // where runs were kept before, in localStorage
const VIEW_IMAGES = 120; // validation thumbnails kept with a run, for its gallery
const MODELS_KEPT = 10; // runs whose model file is kept (the newest)

/** A RunReport-shaped object for a run that has not finished (or never will). */
function partial(config, started) {
  return {
    config, backend: started?.backend ?? null, classes: started?.classes ?? [], epochs: [], best_epoch: null,
    confusion: null, report: null, params: started?.params ?? 0, train_count: started?.train_count ?? 0,
    val_count: started?.val_count ?? 0, test_count: 0, test_accuracy: null, test_loss: null, normalize_mean: [],
    normalize_std: [], stopped: false, early_stopped: false, halted: null, seconds: 0, aula_version: '',
    data: null, weights_epoch: null,
  };
}

/** The best epoch by the config's monitor (what a finished run would have reported). */
function bestEpoch(report) {
  const key = report.config.monitor ?? 'val_loss';
  const better = key === 'val_loss' ? (a, b) => a < b : (a, b) => a > b;
  let best = null;
  for (const e of report.epochs) if (Number.isFinite(e[key]) && (!best || better(e[key], best[key]))) best = e;
  return best?.epoch ?? null;
}

export function statusOf(report) {
  if (report.halted) return 'halted';
  if (report.stopped) return 'stopped';
  if (report.early_stopped) return 'early_stopped';
  return 'done';
}

const valid = (r) => r && r.format === FORMAT && typeof r.id === 'string' && r.report?.config && Array.isArray(r.report.epochs);

export class RunLog {
  /** `onError(text)` says what could not be saved; `onChange()` after every change to the list. */
  constructor(onError, onChange) {
    this.onError = onError;
    this.onChange = onChange;
    this.runs = []; // newest first
    this.skipped = 0;
    this.writes = new Map(); // run id -> its last queued write
  }

  /** Runs `work` after the run's earlier writes, so its records land in order. */
  after(id, work) {
    const next = (this.writes.get(id) ?? Promise.resolve()).then(work);
    this.writes.set(id, next);
    next.finally(() => this.writes.get(id) === next && this.writes.delete(id));
    return next;
  }

  /** Some write has not landed yet (leaving now could lose it). */
  get saving() {
    return this.writes.size > 0;
  }

  async init() {
    try {
      const records = await store.all('runs');
      for (const r of records) {
        if (!valid(r)) {
          this.skipped++;
          continue;
        }
        if (r.status === 'running') {
          r.status = 'interrupted';
          r.report.best_epoch = bestEpoch(r.report);
          await this.save(r, 'its interrupted state');
        }
        this.runs.push(r);
      }
      await this.migrate();
      navigator.storage?.persist?.().catch(() => {});
    } catch (e) {
      this.onError(`Stored runs cannot be read (${e.name ?? 'error'}: ${e.message}); new runs are kept in this page only.`);
    }
    this.runs.sort((a, b) => b.created.localeCompare(a.created));
    this.onChange();
  }

  /** Runs kept in localStorage by earlier versions move here once. */
  async migrate() {
    let old;
    try {
      old = JSON.parse(localStorage.getItem(OLD_KEY) || '[]');
    } catch {
      old = [];
    }
    let kept = true;
    for (const [i, { finished, report }] of old.entries()) {
      if (!report?.config) continue;
      const id = `migrated-${finished ?? i}`;
      const record = { format: FORMAT, id, name: `run ${finished ?? i}`, created: finished ?? new Date(0).toISOString(),
        status: statusOf(report), note: '', grid: null, report: { ...partial(report.config), ...report } };
      if (this.runs.some((r) => r.id === id)) continue;
      if (await this.save(record, 'a run from local storage')) this.runs.push(record);
      else kept = false;
    }
    // Only once every old run is kept here: a failed write leaves them to try again next time.
    if (kept) localStorage.removeItem(OLD_KEY);
  }

  /** Writes a record; false (and the message) when it could not be written. */
  async save(record, what) {
    try {
      await store.put('runs', record);
      return true;
    } catch (e) {
      this.onError(`Could not save ${what} of "${record.name}" (${e.name}: ${e.message}). It stays in this page until it is closed; delete old runs to make room.`);
      return false;
    }
  }

  find(id) {
    return this.runs.find((r) => r.id === id);
  }

  /** A new run, from its `started` message (null for a run that failed before it started).
   * Returns its id at once; the write follows. */
  start(config, started, { name, grid } = {}) {
    const created = new Date().toISOString();
    const id = `${created}-${Math.random().toString(36).slice(2, 8)}`;
    const block = started?.val_images;
    const count = Math.min(VIEW_IMAGES, block?.count ?? 0);
    const images = block ? { ...block, count, pixels: block.pixels.slice(0, count * block.width * block.height * block.channels) } : null;
    const record = {
      format: FORMAT, id, name: name ?? describe(config, started), created, status: 'running', note: '', grid: grid ?? null,
      report: partial(config, started),
      view: started ? { batches_per_epoch: started.batches_per_epoch, summary: started.summary, val_labels: started.val_labels.slice(0, count), val_images: images } : null,
    };
    this.runs.unshift(record);
    this.onChange();
    this.after(id, () => this.save(record, 'the start'));
    return id;
  }

  /** An `epoch` message of run `id`, with the step losses since the last epoch (and its
   * confusion matrix as kept, when the caller has it already). */
  async epoch(id, m, losses, confusion = keepConfusion(m.confusion)) {
    const record = this.find(id);
    if (!record) return;
    record.report.epochs.push(m.record);
    record.report.best_epoch = bestEpoch(record.report);
    // Above the heatmap's limit only the report and the top confusions: a stored epoch must not
    // grow with the square of the classes.
    const detail = { run: id, epoch: m.record.epoch, record: m.record, confusion, predicted: m.predicted.slice(0, VIEW_IMAGES),
      confidence: m.confidence.slice(0, VIEW_IMAGES), weights: m.weights, gradients: m.gradients, losses };
    this.onChange();
    return this.after(id, async () => {
      try {
        await store.put('epochs', detail);
      } catch (e) {
        this.onError(`Could not save epoch ${m.record.epoch} of "${record.name}" (${e.name}: ${e.message}); delete old runs to make room.`);
      }
      await this.save(record, `epoch ${m.record.epoch}`);
    });
  }

  /** Resolves once the result (and every earlier write of the run) has landed or failed. The
   * list shows the run as ended only then, so a reload straight after cannot lose it. */
  async finish(id, report) {
    const record = this.find(id);
    if (!record) return;
    record.report = report;
    record.status = statusOf(report);
    await this.after(id, () => this.save(record, 'the result'));
    this.onChange();
  }

  /** Run `id` failed (`message` says why): it ends as interrupted, and its row says why. */
  async fail(id, message) {
    const record = this.find(id);
    if (!record || record.status !== 'running') return;
    record.status = 'interrupted';
    record.failure = message;
    this.onChange();
    await this.after(id, () => this.save(record, 'why it failed'));
  }

  async interrupt(id) {
    const record = this.find(id);
    if (!record || record.status !== 'running') return;
    record.status = 'interrupted';
    this.onChange();
    await this.after(id, () => this.save(record, 'the interrupted state'));
  }

  /** The trained model file of run `id` (its reported weights), kept beside the run; only the
   * newest `MODELS_KEPT` runs keep theirs (a 64×64 RGB MLP's file is about 12 MB). */
  keepModel(id, name, file) {
    const record = this.find(id);
    if (!record) return Promise.resolve();
    return this.after(id, async () => {
      try {
        await store.put('models', { run: id, name, file });
      } catch (e) {
        this.onError(`Could not save the model of "${record.name}" (${e.name}: ${e.message}); download it from the model card instead.`);
        return;
      }
      record.model = name;
      await this.save(record, 'its model');
      const older = this.runs.filter((r) => r.model && r.id !== id).slice(MODELS_KEPT - 1);
      for (const run of older) {
        await store.remove('models', run.id).catch(() => {});
        delete run.model;
        await this.save(run, 'that its model was dropped');
      }
      this.onChange();
    });
  }

  /** `{ name, file }` of run `id`'s model, or null. */
  async model(id) {
    return store.get('models', id).catch(() => null);
  }

  async update(id, change) {
    const record = this.find(id);
    if (!record) return;
    Object.assign(record, change);
    this.onChange();
    await this.save(record, 'the change');
  }

  async remove(ids) {
    for (const id of ids) {
      this.runs = this.runs.filter((r) => r.id !== id);
      await store.removeRun(id).catch((e) => this.onError(`Could not delete a run (${e.name}: ${e.message}).`));
    }
    this.onChange();
  }

  /** The stored epochs of a run, with all its per-epoch views. */
  async details(id) {
    try {
      return await store.epochsOf(id);
    } catch {
      return [];
    }
  }

  /** Runs from an exported file (already checked), under new ids when theirs are taken. */
  async add(runs) {
    for (const run of runs) {
      const id = this.find(run.id) ? `${run.id}-imported-${Math.random().toString(36).slice(2, 6)}` : run.id;
      const record = { ...run, id, format: FORMAT };
      this.runs.push(record);
      await this.save(record, 'an imported run');
    }
    this.runs.sort((a, b) => b.created.localeCompare(a.created));
    this.onChange();
  }

  /** What the browser says of the space used, in words. */
  async usage() {
    const estimate = await navigator.storage?.estimate?.().catch(() => null);
    if (!estimate) return '';
    const mb = (n) => (n / 2 ** 20).toFixed(1);
    return `${mb(estimate.usage)} MB of ${mb(estimate.quota)} MB used`;
  }
}

/** "MLP 256-128 · demo", the name a run starts with. */
export function describe(config, started) {
  const model = config.model === 'cnn' ? `CNN ${(config.conv_channels ?? []).join('-')}` : `MLP ${(config.hidden ?? []).join('-') || '(linear)'}`;
  return `${model} · ${config.dataset === 'folder' ? `folder ${config.image_size}px` : 'demo'} · lr ${config.lr}`;
}

export function downloadRun(report, name = new Date().toISOString()) {
  downloadJson(report, `aula-run-${name.replace(/[^\w.-]+/g, '-')}.json`);
}

/** The export built from what the page heard, for runs whose worker ended before `done`. */
export function reportFromMessages(r) {
  const report = { ...partial(r.config, r), epochs: r.epochs, confusion: r.confusions.at(-1)?.top ? null : r.confusions.at(-1) ?? null };
  report.best_epoch = bestEpoch(report);
  return report;
}
