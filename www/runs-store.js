// Every run, kept in IndexedDB as it goes: created when it starts, each epoch appended when it
// arrives, finished with its report. A run the page never saw end (a reload, a closed tab, a
// worker that died) is marked interrupted, with the epochs it had. A write that fails is
// reported in words and the run stays in this page's list.
//
// `runs` holds light summaries (run-summary.js), read at start; a run's report, epochs,
// thumbnails and model are read when it is opened, compared or exported (`report`, `details`,
// `view`, `model`).
import * as store from './store.js';
import { downloadJson } from './dom.js';
import { keepConfusion } from './confusion.js';
import { partial, bestEpoch, statusOf, outcomeOf, summaryOf, addEpoch, validSummary } from './run-summary.js';

export { statusOf };

const OLD_KEY = 'aula.runs'; // where runs were kept before, in localStorage
const VIEW_IMAGES = 120; // validation thumbnails kept with a run, for its gallery
const MODELS_KEPT = 10; // runs whose model file is kept (the newest)
const REPORTS_CACHED = 20; // finished runs' reports kept in memory (a comparison redraws often)

export class RunLog {
  /** `onError(text)` says what could not be saved; `onChange()` after every change to the list. */
  constructor(onError, onChange) {
    this.onError = onError;
    this.onChange = onChange;
    this.runs = []; // summaries, newest first
    this.skipped = 0;
    this.writes = new Map(); // run id -> its last queued write
    this.live = new Map(); // run id -> { report, view } of the runs this page is training
    this.cached = new Map(); // run id -> its stored report, the most recently read last
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
      const stale = [];
      for (const r of records) {
        if (!validSummary(r)) {
          this.skipped++;
          continue;
        }
        if (r.status === 'running') {
          r.status = 'interrupted';
          stale.push(r);
        }
        this.runs.push(r);
      }
      await Promise.all(stale.map((r) => this.write(r, [], 'its interrupted state')));
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
      if (this.find(id)) continue;
      const whole = { ...partial(report.config), ...report };
      const summary = summaryOf({ id, name: `run ${finished ?? i}`, created: finished ?? new Date(0).toISOString(), status: statusOf(report) }, whole);
      if (await this.write(summary, [['reports', { run: id, report: whole, whole: true }]], 'a run from local storage')) this.runs.push(summary);
      else kept = false;
    }
    // Only once every old run is kept here: a failed write leaves them to try again next time.
    if (kept) localStorage.removeItem(OLD_KEY);
  }

  /** Writes a summary and `more` ([store, value] pairs) in one transaction; false (and the
   * message) when it could not be written. */
  async write(summary, more, what) {
    try {
      await store.putAll([['runs', summary], ...more]);
      return true;
    } catch (e) {
      this.onError(`Could not save ${what} of "${summary.name}" (${e.name}: ${e.message}). It stays in this page until it is closed; delete old runs to make room.`);
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
    const report = partial(config, started);
    const view = started
      ? { batches_per_epoch: started.batches_per_epoch, summary: started.summary, val_labels: started.val_labels.slice(0, count), val_images: images }
      : {};
    const summary = summaryOf({ id, name: name ?? describe(config, started), created, status: 'running', grid }, report);
    this.runs.unshift(summary);
    this.live.set(id, { report, view });
    this.onChange();
    // The report as it starts: its epochs are kept one record each (`epoch`), not in it.
    const stored = { run: id, report: { ...report, epochs: [] }, whole: false };
    this.after(id, () => this.write(summary, [['reports', stored], ['views', { run: id, ...view }]], 'the start'));
    return id;
  }

  /** An `epoch` message of run `id`, with the step losses since the last epoch (and its
   * confusion matrix as kept, when the caller has it already). Appends the epoch's record and
   * rewrites only the run's summary. */
  async epoch(id, m, losses, confusion = keepConfusion(m.confusion)) {
    const summary = this.find(id);
    if (!summary) return;
    addEpoch(summary, m.record);
    const live = this.live.get(id)?.report;
    if (live) {
      live.epochs.push(m.record);
      live.best_epoch = summary.best_epoch;
    }
    // Above the heatmap's limit only the report and the top confusions: a stored epoch must not
    // grow with the square of the classes.
    const detail = { run: id, epoch: m.record.epoch, record: m.record, confusion, predicted: m.predicted.slice(0, VIEW_IMAGES),
      confidence: m.confidence.slice(0, VIEW_IMAGES), weights: m.weights, gradients: m.gradients, losses };
    this.onChange();
    return this.after(id, () => this.write(summary, [['epochs', detail]], `epoch ${m.record.epoch}`));
  }

  /** Resolves once the result (and every earlier write of the run) has landed or failed. The
   * list shows the run as ended only then, so a reload straight after cannot lose it. */
  async finish(id, ending) {
    const summary = this.find(id);
    if (!summary) return;
    // What the report leaves out (`{ stopped: true }` for a run whose worker was ended) is
    // what the page heard of the run.
    const report = { ...(this.live.get(id)?.report ?? partial(summary.config)), ...ending };
    if (ending.best_epoch === undefined) report.best_epoch = bestEpoch(report);
    const ended = { ...outcomeOf(report), status: statusOf(report) };
    // The summary as it is when the write starts (a note typed meanwhile included).
    await this.after(id, () => this.write({ ...summary, ...ended }, [['reports', { run: id, report, whole: true }]], 'the result'));
    Object.assign(summary, ended);
    this.live.delete(id);
    this.remember(id, report);
    this.onChange();
  }

  /** Run `id` failed (`message` says why in English, `said` as a message of the catalogues
   * when the worker sent one): it ends as interrupted, and its row says why in the page's
   * language. */
  async fail(id, message, said = null) {
    const summary = this.find(id);
    if (!summary || summary.status !== 'running') return;
    summary.status = 'interrupted';
    summary.failure = message;
    if (said) summary.failure_said = said;
    this.live.delete(id);
    this.onChange();
    await this.after(id, () => this.write(summary, [], 'why it failed'));
  }

  async interrupt(id) {
    const summary = this.find(id);
    if (!summary || summary.status !== 'running') return;
    summary.status = 'interrupted';
    this.live.delete(id);
    this.onChange();
    await this.after(id, () => this.write(summary, [], 'the interrupted state'));
  }

  /** The trained model file of run `id` (its reported weights), kept beside the run; only the
   * newest `MODELS_KEPT` runs keep theirs (a 64×64 RGB MLP's file is about 12 MB). */
  keepModel(id, name, file) {
    const summary = this.find(id);
    if (!summary) return Promise.resolve();
    return this.after(id, async () => {
      try {
        await store.put('models', { run: id, name, file });
      } catch (e) {
        this.onError(`Could not save the model of "${summary.name}" (${e.name}: ${e.message}); download it from the model card instead.`);
        return;
      }
      summary.model = name;
      await this.write(summary, [], 'its model');
      const older = this.runs.filter((r) => r.model && r.id !== id).slice(MODELS_KEPT - 1);
      for (const run of older) {
        await store.remove('models', run.id).catch(() => {});
        delete run.model;
        await this.write(run, [], 'that its model was dropped');
      }
      this.onChange();
    });
  }

  /** `{ name, file }` of run `id`'s model, or null. */
  async model(id) {
    return store.get('models', id).catch(() => null);
  }

  /** Changes a run's own fields (name, note); the write waits for the run's earlier ones. */
  async update(id, change) {
    const summary = this.find(id);
    if (!summary) return;
    Object.assign(summary, change);
    this.onChange();
    await this.after(id, () => this.write(summary, [], 'the change'));
  }

  async remove(ids) {
    for (const id of ids) {
      this.runs = this.runs.filter((r) => r.id !== id);
      this.cached.delete(id);
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

  /** What a stored run's view needs beyond its epochs (model summary, thumbnails), or null. */
  async view(id) {
    const live = this.live.get(id);
    if (live) return live.view;
    return store.get('views', id).catch(() => null);
  }

  /** A finished run's report, kept in memory for the next call (up to `REPORTS_CACHED`). */
  remember(id, report) {
    this.cached.delete(id);
    this.cached.set(id, report);
    if (this.cached.size > REPORTS_CACHED) this.cached.delete(this.cached.keys().next().value);
  }

  /** The run's whole report (RunReport-shaped, every epoch in it), or null when it is gone.
   * A run that never finished has its epochs from their own records. */
  async report(id) {
    const summary = this.find(id);
    if (!summary) return null;
    const live = this.live.get(id);
    if (live) return { ...live.report, epochs: [...live.report.epochs] };
    if (this.cached.has(id)) {
      const report = this.cached.get(id);
      this.remember(id, report);
      return report;
    }
    let stored = null;
    try {
      stored = await store.get('reports', id);
    } catch (e) {
      this.onError(`Could not read the run "${summary.name}" (${e.name}: ${e.message}).`);
    }
    const report = { ...partial(summary.config), ...stored?.report };
    if (!stored?.whole) {
      report.epochs = (await this.details(id)).map((e) => e.record);
      report.best_epoch = bestEpoch(report);
    }
    if (stored?.whole) this.remember(id, report);
    return report;
  }

  /** A run as the runs file holds it (the page's own fields left out). */
  async exported(id) {
    const { name, created, status, note, grid } = this.find(id) ?? {};
    const report = await this.report(id);
    return report && { id, name, created, status, note, grid, report };
  }

  /** Runs from an exported file (already checked), under new ids when theirs are taken; all of
   * them in one write, so a failure imports none. */
  async add(runs) {
    const taken = new Set(this.runs.map((r) => r.id));
    const added = [];
    const pairs = [];
    for (const run of runs) {
      const id = taken.has(run.id) ? `${run.id}-imported-${Math.random().toString(36).slice(2, 6)}` : run.id;
      taken.add(id);
      const summary = summaryOf({ ...run, id }, run.report);
      added.push(summary);
      pairs.push(['runs', summary], ['reports', { run: id, report: run.report, whole: true }]);
    }
    await store.putAll(pairs);
    this.runs.push(...added);
    this.runs.sort((a, b) => b.created.localeCompare(a.created));
    this.onChange();
  }

  /** The space the browser says is used and allowed, in MB (null where it will not say). */
  async usage() {
    const estimate = await navigator.storage?.estimate?.().catch(() => null);
    if (!estimate) return null;
    const mb = (n) => n / 2 ** 20;
    return { used: mb(estimate.usage), quota: mb(estimate.quota) };
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

