// What the runs list keeps of a run: a light summary record (name, status, config, the
// reported epoch's metrics, grid), small enough that thousands are read at every page load.
// The full report, the epochs' views, the thumbnails and the model live in stores of their
// own and are read when a run is opened, compared or exported. Pure functions: the database
// upgrade (store.js) builds summaries with these too.

export const FORMAT = 2; // of the summary records in the `runs` store (1: a whole run per record)

/** A RunReport-shaped object for a run that has not finished (or never will). */
export function partial(config, started) {
  return {
    config, backend: started?.backend ?? null, classes: started?.classes ?? [], epochs: [], best_epoch: null,
    confusion: null, report: null, params: started?.params ?? 0, train_count: started?.train_count ?? 0,
    val_count: started?.val_count ?? 0, test_count: 0, test_accuracy: null, test_loss: null, normalize_mean: [],
    normalize_std: [], stopped: false, early_stopped: false, halted: null, seconds: 0, aula_version: '',
    data: null, weights_epoch: null,
  };
}

/** Whether epoch record `a` beats `b` by the config's monitor (val_loss: lower is better). */
function beats(config, a, b) {
  const key = config.monitor ?? 'val_loss';
  if (!Number.isFinite(a[key])) return false;
  if (!b || !Number.isFinite(b[key])) return true;
  return key === 'val_loss' ? a[key] < b[key] : a[key] > b[key];
}

/** The best epoch by the config's monitor (what a finished run would have reported). */
export function bestEpoch(report) {
  let best = null;
  for (const e of report.epochs) if (beats(report.config, e, best)) best = e;
  return best?.epoch ?? null;
}

export function statusOf(report) {
  if (report.halted) return 'halted';
  if (report.stopped) return 'stopped';
  if (report.early_stopped) return 'early_stopped';
  return 'done';
}

/** The summary's fields that come from the report: what the table shows of the outcome. */
export function outcomeOf(report) {
  const epochs = report.epochs ?? [];
  const best = epochs.find((e) => e.epoch === report.best_epoch) ?? epochs.at(-1) ?? null;
  return {
    config: report.config, backend: report.backend ?? null, params: report.params ?? 0, data: report.data?.name ?? null,
    epoch_count: epochs.length, best_epoch: report.best_epoch ?? null, best,
    test_accuracy: report.test_accuracy ?? null, seconds: report.seconds ?? 0,
  };
}

/** The summary record of a run: its own fields and its report's outcome. */
export function summaryOf({ id, name, created, status, note, grid, model, failure, failure_said }, report) {
  return {
    format: FORMAT, id, name, created, status, note: note ?? '', grid: grid ?? null, ...(model ? { model } : {}), ...(failure ? { failure } : {}),
    ...(failure_said ? { failure_said } : {}),
    ...outcomeOf(report),
  };
}

/** Takes a new epoch record into a running run's summary (the epoch is stored on its own). */
export function addEpoch(summary, record) {
  summary.epoch_count += 1;
  if (beats(summary.config, record, summary.best_epoch === null ? null : summary.best)) {
    summary.best_epoch = record.epoch;
    summary.best = record;
  } else if (summary.best_epoch === null) {
    summary.best = record; // no epoch with the monitored metric yet: the table shows the latest
  }
}

export const validSummary = (r) => r && r.format === FORMAT && typeof r.id === 'string' && typeof r.created === 'string' &&
  r.config && typeof r.config === 'object';

/** A record as version 1 stored it (the whole run in one record). */
export const validWhole = (r) => r && r.format === 1 && typeof r.id === 'string' && r.report?.config && Array.isArray(r.report.epochs);
