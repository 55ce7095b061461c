// The class as a cluster, with no server: a grid's link carries `shard=k/n`, and the page runs
// only its combinations (k, k+n, k+2n, … in the grid's fixed order, with the grid's seeds);
// the student hands in the shard's runs as one small file; the teacher's page merges the
// class's files into one grid, says which combinations are missing or came twice, and
// refuses by name a file of another grid or other data (config/shard.rs, report/merge.rs).
// A hand-in may carry the runs' trained models when asked (so the merged grid's best run
// exports to PyTorch like any run); the merged grid travels back to the class as a link.
import { mergeRunsFiles } from '../pkg/aula_page.js';
import { $, downloadJson } from './dom.js';
import { t } from './i18n.js';
import { current } from './state.js';
import { importRuns, runsFile } from './runs-io.js';

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
  $('grid-hand-in-models-label').hidden = button.hidden && !$('grid-shard').value.includes('/');
  button.onclick = () => handIn(record);
}

/** The shard's runs as one runs file (summaries, settings and curves; no pictures), named by
 * its grid and shard: aula-grid-<grid>-shard-3of30.json. With "with the trained models"
 * ticked it also carries each run's model file the page kept (base64 safetensors). */
async function handIn(record) {
  const ids = deps.log.runs.filter((run) => run.grid?.grid === record.id && FINISHED.includes(run.status)).map((run) => run.id);
  const [seat, of] = record.shard.split('/');
  const file = await runsFile(deps.log, ids);
  if ($('grid-hand-in-models').checked) file.models = await modelsOf(ids);
  downloadJson(file, `aula-grid-${record.identity?.grid ?? 'grid'}-shard-${seat}of${of}.json`);
}

/** `[{run, name, safetensors}]` of the runs in `ids` whose model the page kept. */
async function modelsOf(ids) {
  const models = [];
  for (const id of ids) {
    const kept = await deps.log.model(id);
    if (kept) models.push({ run: id, name: kept.name, safetensors: toBase64(new Uint8Array(await kept.file.arrayBuffer())) });
  }
  return models;
}

/** The models the accepted files (`texts`) carry for runs this merge added (`added`), kept
 * beside them: at most the page's ten, the best scoring ones, the best last (the page keeps
 * only the newest runs' models, so the one to export to PyTorch stays). A model that is not
 * its own file's run's, is too large or does not decode is passed over. Returns how many
 * were kept. */
async function keepModels(texts, added) {
  const score = new Map(added.map((run) => [run.id, Math.max(...(run.report?.epochs ?? []).map((e) => e.val_accuracy), -1)]));
  const models = [];
  for (const text of texts) {
    let file;
    try {
      file = JSON.parse(text);
    } catch {
      continue;
    }
    const own = new Set((file.runs ?? []).map((run) => run?.id));
    for (const m of Array.isArray(file.models) ? file.models : []) {
      const fits = typeof m?.safetensors === 'string' && m.safetensors.length <= MODEL_BASE64_MAX;
      if (fits && own.has(m.run) && score.has(m.run)) models.push(m);
    }
  }
  const best = models.sort((a, b) => score.get(b.run) - score.get(a.run)).slice(0, MODELS_MERGED).reverse();
  let kept = 0;
  for (const m of best) {
    let bytes;
    try {
      bytes = fromBase64(m.safetensors);
    } catch {
      continue; // not base64: that model is left out, its run is kept
    }
    const name = typeof m.name === 'string' && /^[\w.-]{1,120}\.safetensors$/.test(m.name) ? m.name : 'model.safetensors';
    await deps.log.keepModel(m.run, name, new Blob([bytes]));
    kept++;
  }
  return kept;
}

// A handed-in model no larger than this (a 64×64 RGB MLP's file is about 12 MB), and no more
// models than the page keeps.
const MODEL_BASE64_MAX = 400 << 20;
const MODELS_MERGED = 10;

function toBase64(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const fromBase64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/** The merged grid's runs as a link: the runs file, deflated, in the URL's `runs=`. */
const LINK_KEY = 'runs';
// A link's runs file may be no larger than this once inflated (a hostile link cannot fill memory).
const LINK_TEXT_MAX = 64 << 20;
const LINK_CHARS_MAX = 2 << 20;

async function mergedLink(runs) {
  const text = JSON.stringify(await runsFile(deps.log, runs.map((run) => run.id)));
  const deflated = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const code = toBase64(new Uint8Array(await new Response(deflated).arrayBuffer()))
    .replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `${location.origin}${location.pathname}#${LINK_KEY}=${code}`;
}

async function inflated(code) {
  const bytes = fromBase64(code.replace(/-/g, '+').replace(/_/g, '/'));
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const chunks = [];
  for (let total = 0; ;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > LINK_TEXT_MAX) {
      await reader.cancel();
      throw new Error(t('grid-link-too-large', { mb: LINK_TEXT_MAX >> 20 }));
    }
    chunks.push(value);
  }
  return new Blob(chunks).text();
}

/** A merged grid's link opened: its runs join the table (those it has already, from opening
 * it before, are not added again) and the overlay shows them. Whatever the link holds is
 * checked as any runs file. */
export async function openRunsLink() {
  const params = new URLSearchParams(location.hash.slice(1));
  const code = params.get(LINK_KEY);
  if (!code) return;
  // Taken out of the URL once read: the page's own link (settings, lab) is what it keeps.
  params.delete(LINK_KEY);
  history.replaceState(null, '', `#${params}`);
  // A link that does not inflate is refused as an unreadable runs file is.
  const runs = await importRuns({ name: t('grid-link-name'), text: () => inflated(code) }, { skipHeld: true });
  deps.selectRun(null);
  for (const run of runs ?? []) deps.selectRun(run.id);
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
  const refused = new Set(merged.refused_files);
  const models = await keepModels(held.filter((_, i) => !refused.has(i)).map(([text]) => text), fresh);
  deps.selectRun(null);
  for (const run of merged.runs) deps.selectRun(run.id); // the overlay shows the grid filling in
  const said = [];
  if (merged.identity && merged.files.length) {
    said.push(t('grid-merged-files', { files: merged.files.length, runs: merged.runs.length, combinations: merged.identity.combinations }));
    said.push(merged.missing.length ? t('grid-merged-missing', { numbers: merged.missing.join(', ') }) : t('grid-merged-complete'));
    if (merged.duplicates.length) said.push(t('grid-merged-duplicates', { numbers: merged.duplicates.join(', ') }));
    if (models) said.push(t('grid-merged-models', { models }));
  }
  for (const why of merged.refused) said.push(t('grid-merged-refused', { why }));
  const list = $('grid-merged');
  list.replaceChildren(...said.map((text) => Object.assign(document.createElement('li'), { textContent: text })));
  list.dataset.missing = merged.missing.join(',');
  list.dataset.duplicates = merged.duplicates.join(',');
  list.dataset.refused = merged.refused.length;
  list.hidden = !said.length;
  showLink(merged.runs);
}

/** The button that puts the merged grid in a link for the class, and the link once made. */
function showLink(runs) {
  const button = $('grid-merged-link');
  const url = $('grid-merged-url');
  button.hidden = !runs.length;
  url.hidden = true;
  button.onclick = async () => {
    const link = await mergedLink(runs);
    // Browsers open links of up to about 2 MB: a longer one is not offered.
    url.value = link.length > LINK_CHARS_MAX ? t('grid-link-too-long', { mb: (link.length / 2 ** 20).toFixed(1) }) : link;
    url.hidden = false;
    if (link.length > LINK_CHARS_MAX) return;
    url.select();
    await navigator.clipboard?.writeText(url.value).catch(() => {}); // selected to copy by hand otherwise
  };
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
      // A file the browser cannot read, or a store that refuses the runs: said (runs stored
      // before the failure stay, and a later drop merges on from them).
      const list = $('grid-merged');
      list.replaceChildren(Object.assign(document.createElement('li'), { textContent: t('grid-merge-failed', { message: e.message }) }));
      list.hidden = false;
    }
  };
}
