// The class as a cluster, with no server: a grid's link carries `shard=k/n`, and the page runs
// only its combinations (k, k+n, k+2n, … in the grid's fixed order, with the grid's seeds);
// the student hands in the shard's runs as one small file; the teacher's page merges the
// class's files into one grid, says which combinations are missing or came twice, and
// refuses by name a file of another grid or other data (config/shard.rs, report/merge.rs).
import { mergeRunsFiles } from '../pkg/aula_page.js';
import { $, downloadJson } from './dom.js';
import { t } from './i18n.js';
import { current } from './state.js';
import { runsFile } from './runs-io.js';

let deps = null; // { log, selectRun(id) }
// The files handed in so far (text -> name: the same file dropped again counts once, two files of
// one name, a shard run on two laptops, both): each drop is merged with them, so the grid fills
// in as files arrive and the report is the whole class's.
const handedIn = new Map();
// What a finished run ends as: a stopped or failed one is not handed in (resume runs it again).
const FINISHED = ['done', 'early_stopped', 'halted'];

/** The loaded folder's files as `[path, size]`, which name a grid's data (none: the demo): the
 * paths below the chosen folder, so a renamed copy of it is the same data; a .zip by its bytes. */
export function folderFiles(config) {
  const folder = current().folder;
  if (config.dataset !== 'folder' || !folder?.files?.length) return [];
  if (folder.zip) return [['.zip', folder.files[0].size]];
  return folder.paths.map((path, i) => [path.slice(path.indexOf('/') + 1), folder.files[i]?.size ?? 0]);
}

/** "shard 3 of 30: combinations 3, 33, …; " before the plan, or which seat, or nothing. */
export function shardText(plan) {
  if (!plan.shard) return '';
  const [seat, of] = plan.shard.includes('/') ? plan.shard.split('/').map(Number) : [null, Number(plan.shard)];
  if (!seat) return t('grid-shard-ask', { of }) + ' ';
  const numbers = [...new Set(plan.runs.map((run) => run.combination + 1))];
  const shown = numbers.slice(0, 6).join(', ') + (numbers.length > 6 ? ', …' : '');
  return t('grid-shard-plan', { seat, of, numbers: shown }) + '; ';
}

/** After a shard's grid ends (or after a reload, the last one): the button that hands its runs in. */
export function showHandIn(record) {
  const button = $('grid-hand-in');
  button.hidden = !record.shard?.includes('/');
  button.onclick = () => handIn(record);
}

/** The shard's runs as one runs file (summaries, settings and curves; no pictures or models),
 * named by its grid and shard: aula-grid-<grid>-shard-3of30.json. */
async function handIn(record) {
  const ids = deps.log.runs.filter((run) => run.grid?.grid === record.id && FINISHED.includes(run.status)).map((run) => run.id);
  const [seat, of] = record.shard.split('/');
  downloadJson(await runsFile(deps.log, ids), `aula-grid-${record.identity?.grid ?? 'grid'}-shard-${seat}of${of}.json`);
}

/** The class's files, read and merged with those handed in before: their runs join the table
 * (all of them, duplicates too) and are compared, and the page says what is still missing,
 * what came twice and which files were refused. */
async function merge(files) {
  for (const file of files) handedIn.set(await file.text(), file.name);
  const held = [...handedIn];
  const merged = mergeRunsFiles(held.map(([text, name]) => [name, text]));
  for (const i of merged.refused_files) handedIn.delete(held[i][0]); // not held against later drops
  // A run the table has already (merged before, or before a reload) is not added twice.
  const fresh = merged.runs.filter((run) => !deps.log.find(run.id));
  if (fresh.length) await deps.log.add(fresh);
  deps.selectRun(null);
  for (const run of merged.runs) deps.selectRun(run.id); // the overlay shows the grid filling in
  const said = [];
  if (merged.identity && merged.files.length) {
    said.push(t('grid-merged-files', { files: merged.files.length, runs: merged.runs.length, combinations: merged.identity.combinations }));
    said.push(merged.missing.length ? t('grid-merged-missing', { numbers: merged.missing.join(', ') }) : t('grid-merged-complete'));
    if (merged.duplicates.length) said.push(t('grid-merged-duplicates', { numbers: merged.duplicates.join(', ') }));
  }
  for (const why of merged.refused) said.push(t('grid-merged-refused', { why }));
  const list = $('grid-merged');
  list.replaceChildren(...said.map((text) => Object.assign(document.createElement('li'), { textContent: text })));
  list.dataset.missing = merged.missing.join(',');
  list.dataset.duplicates = merged.duplicates.join(',');
  list.dataset.refused = merged.refused.length;
  list.hidden = !said.length;
}

export function setUpClassroom(dependencies) {
  deps = dependencies;
  $('grid-merge').onchange = async (event) => {
    const files = [...event.target.files];
    event.target.value = '';
    if (!files.length) return;
    try {
      await merge(files);
    } catch (e) {
      // A file the browser cannot read, or a store that refuses the runs: said, nothing half-merged kept.
      const list = $('grid-merged');
      list.replaceChildren(Object.assign(document.createElement('li'), { textContent: t('grid-merge-failed', { message: e.message }) }));
      list.hidden = false;
    }
  };
}
