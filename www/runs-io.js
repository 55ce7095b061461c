// Runs in and out: all (or the selected) runs as CSV or as one JSON file, a run's epochs as
// CSV; a runs file back into the table, a config file into the form. Bad files are refused
// with what is wrong, and nothing is imported half-way.
import { runsCsv, epochsCsv, parseRuns, configFromPairs, configToPairs } from '../pkg/aula_page.js';
import { $, downloadBlob, downloadJson } from './dom.js';
import { fillForm, refusal } from './config-form.js';
import { t } from './i18n.js';

let deps = null; // { log, selected(), say(text, error) }

const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');

/** The selected runs, or all of them when none is selected. */
function chosen() {
  const ids = deps.selected();
  return ids.length ? ids.map((id) => deps.log.find(id)).filter(Boolean) : deps.log.runs;
}

/** Runs `ids` of `log` as a runs file holds them (their reports read from the store). */
export async function runsFile(log, ids) {
  return { format: 'aula-runs', version: 1, runs: (await Promise.all(ids.map((id) => log.exported(id)))).filter(Boolean) };
}

export async function exportRunsCsv() {
  const { runs } = await runsFile(deps.log, chosen().map((r) => r.id));
  downloadBlob(new Blob([runsCsv(runs)], { type: 'text/csv' }), `aula-runs-${stamp()}.csv`);
}

export async function exportRunsJson() {
  downloadJson(await runsFile(deps.log, chosen().map((r) => r.id)), `aula-runs-${stamp()}.json`);
}

/** Run `id`'s epochs as CSV. */
export async function exportEpochsCsv(log, id) {
  const report = await log.report(id);
  if (!report) return;
  const name = log.find(id).name;
  downloadBlob(new Blob([epochsCsv(report.epochs)], { type: 'text/csv' }), `aula-epochs-${name.replace(/[^\w.-]+/g, '-')}.csv`);
}

/** A runs file (`{name, text()}`) into the table, all its runs or none (a run whose id the
 * table has is added as a copy; with `skipHeld`, as for a link opened again, it is left out).
 * Returns the file's runs, or nothing when it was refused. */
export async function importRuns(file, { skipHeld = false } = {}) {
  try {
    const runs = parseRuns(await file.text());
    const added = skipHeld ? runs.filter((run) => !deps.log.find(run.id)) : runs;
    if (added.length) await deps.log.add(added);
    deps.say(t('runs-imported', { count: added.length, name: file.name }));
    return runs;
  } catch (e) {
    deps.say(t('runs-not-imported', { name: file.name, message: e.message }), true);
    return null;
  }
}

/** A config file (a bare config, or a run's export with its config) into the form. */
async function importConfig(file) {
  try {
    const parsed = JSON.parse(await file.text());
    const config = parsed.config ?? parsed;
    // Through the one codec, so every setting is checked and a bad one is named.
    const checked = configFromPairs(configToPairs(config));
    fillForm(checked);
    $('config-form').dispatchEvent(new Event('input'));
    deps.say(t('config-imported', { name: file.name }));
  } catch (e) {
    deps.say(t('config-not-imported', { name: file.name, message: refusal(e) }), true);
  }
}

export function setUpRunsIo(dependencies) {
  deps = dependencies;
  $('export-runs-csv').onclick = exportRunsCsv;
  $('export-runs-json').onclick = exportRunsJson;
  $('runs-import').onchange = (e) => {
    const file = e.target.files[0];
    e.target.value = '';
    if (file) importRuns(file);
  };
  $('config-import').onchange = (e) => {
    const file = e.target.files[0];
    e.target.value = '';
    if (file) importConfig(file);
  };
}
