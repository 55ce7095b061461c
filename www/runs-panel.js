// The runs card: the stored runs (RunLog), their table, the comparison of the selected ones,
// import and export; and opening a stored run in the run and evaluation views.
import { $ } from './dom.js';
import { t, onLanguage } from './i18n.js';
import { RunLog, downloadRun } from './runs-store.js';
import { setUpRunsTable, renderRuns, selectedIds, pruneSelection, select } from './runs-table.js';
import { setUpCompare, drawCompare } from './compare.js';
import { setUpRunsIo, exportEpochsCsv } from './runs-io.js';

let log = null;
let deps = null; // { openRun(run, epochs), openModel(name, file) }
let drawing = null;

function say(text, error = false) {
  const message = $('runs-message');
  message.textContent = text;
  message.hidden = !text;
  message.classList.toggle('form-error', error);
  message.classList.toggle('muted', !error);
  $('runs-delete-old').hidden = !error;
}

/** Redraws table and comparison on the next frame (epochs can arrive from several workers). */
function refresh() {
  if (drawing) return;
  drawing = requestAnimationFrame(async () => {
    drawing = null;
    pruneSelection(log);
    renderRuns(log);
    await drawCompare();
  });
}

/** A stored run in the run and evaluation views: its report, epochs and thumbnails are read
 * from their own stores now (the list holds summaries). */
async function open(id) {
  const summary = log.find(id);
  const [report, epochs, view] = await Promise.all([log.report(id), log.details(id), log.view(id)]);
  if (report) deps.openRun({ ...summary, report, view }, epochs);
}

async function showUsage() {
  const usage = await log.usage(); // MB used and allowed, or null where the browser will not say
  $('runs-usage').textContent = usage ? t('runs-storage', usage) : '';
}

export async function setUpRunsPanel(dependencies) {
  deps = dependencies;
  log = new RunLog((text) => say(text, true), refresh);
  setUpRunsTable({
    refresh,
    rename: (id, name) => log.update(id, { name }),
    note: (id, note) => log.update(id, { note }),
    open,
    model: async (id) => {
      const kept = await log.model(id);
      if (kept) deps.openModel(kept.name, kept.file);
      else say(t('runs-model-gone', { name: log.find(id)?.name }), true);
    },
    exportJson: async (id) => {
      const report = await log.report(id);
      if (report) downloadRun(report, log.find(id).name);
    },
    exportCsv: (id) => exportEpochsCsv(log, id),
  }, refresh);
  setUpCompare({ log, selected: selectedIds });
  setUpRunsIo({ log, selected: selectedIds, say });
  $('runs-delete').onclick = async () => {
    const ids = selectedIds().filter((id) => log.find(id)?.status !== 'running');
    if (ids.length && confirm(t('runs-delete-confirm', { count: ids.length }))) await log.remove(ids);
    showUsage();
  };
  $('runs-delete-old').onclick = async () => {
    const finished = log.runs.filter((r) => r.status !== 'running');
    await log.remove(finished.slice(Math.ceil(finished.length / 2)).map((r) => r.id));
    say(t('runs-deleted-old'));
    showUsage();
  };
  await log.init();
  if (log.skipped) say(t('runs-skipped', { count: log.skipped }));
  showUsage();
  onLanguage(() => {
    showUsage();
    refresh();
  });
  return log;
}

export const runLog = () => log;

/** Selects run `id` for the comparison (`null`: clears the selection first). */
export function selectRun(id) {
  select(id);
  refresh();
}
export { showUsage };
