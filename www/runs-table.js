// The runs table (MLflow's run list): one row per run, or per grid combination repeated with
// several seeds (mean ± std); the settings that differ between the listed runs get a column
// each, and only those. Sort by any column, filter by text, select, rename, note, delete.
//
// Rows are kept by run (or combination) and updated in place: epochs arrive many times a
// second during a grid, and a row rebuilt under the caret would lose what is being typed.
// The element that has the focus is never recreated, refilled or moved.
import { $, pct } from './dom.js';
import { t, tSaid, setL10n, lang, formatNumber, onLanguage } from './i18n.js';

// Rows shown at first, and added by each "show more": the browser lays a table out whole, and
// 2,000 rows of inputs and buttons take it over a second on each sort.
const ROWS_SHOWN = 100;

const view = { sort: { key: 'when', down: true }, filter: '', selected: new Set(), limit: ROWS_SHOWN };
let actions = null; // { refresh(), rename(id, name), note(id, text), open(id), model(id), exportJson(id), exportCsv(id) }
// Row key -> { tr, group, cells: Map(column -> td), texts, name, note, model, ... }: rows a
// filter hides are kept too, so clearing it brings them back without building them again.
const rowsByKey = new Map();
const collator = new Intl.Collator(undefined, { numeric: true });

const dates = new Map(); // created -> its local text (toLocaleString is slow for thousands)
// Words a render repeats for thousands of rows ("done", "(epoch 3)"), formatted once a language.
const words = new Map();
onLanguage(() => {
  words.clear();
  dates.clear();
});
function word(id, args) {
  const key = id + JSON.stringify(args);
  if (!words.has(key)) words.set(key, t(id, args));
  return words.get(key);
}
const searchText = new WeakMap(); // config -> its text, lower case, for the filter

export const selectedIds = () => [...view.selected];

export function setUpRunsTable(handlers, onSelection) {
  actions = handlers;
  view.onSelection = onSelection;
  $('runs-filter').oninput = (e) => {
    view.filter = e.target.value.trim().toLowerCase();
    view.limit = ROWS_SHOWN;
    actions.refresh();
  };
}

const modelOf = (c) => (c.model === 'cnn' ? `CNN ${(c.conv_channels ?? []).join('-')}` : 'MLP') +
  ((c.hidden ?? []).length ? ` ${c.hidden.join('-')}` : '');
const text = (v) => (Array.isArray(v) ? v.join(',') : String(v));

/** Config keys whose values are not all the same among `runs` (summaries or reports). */
export function differing(runs) {
  if (runs.length < 2) return [];
  const configOf = (r) => r.config ?? r.report.config;
  const first = configOf(runs[0]);
  return Object.keys(first).filter((k) => {
    const value = text(first[k]);
    return runs.some((r) => text(configOf(r)[k]) !== value);
  });
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const std = (xs) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));

/** A number cell: one run's value, or mean ± std over a group's. */
function spread(values, format) {
  const xs = values.filter(Number.isFinite);
  if (!xs.length) return { text: '–', value: NaN };
  if (xs.length === 1) return { text: format(xs[0]), value: xs[0] };
  return { text: `${format(mean(xs))} ± ${format(std(xs))}`, value: mean(xs) };
}

const keyOf = (run) => (run.grid && run.grid.repeats > 1 ? `${run.grid.grid}:${run.grid.combination}` : run.id);

/** Rows: a run, or a grid combination's repeats together. */
function rowsOf(runs) {
  const groups = new Map();
  for (const run of runs) {
    const key = keyOf(run);
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(run);
  }
  return groups;
}

function whenText(created) {
  // In the page's language (a Spanish page in an English browser says 20:15, not 8:15 PM).
  if (!dates.has(created)) dates.set(created, new Date(created).toLocaleString(lang() === 'es' ? 'es-ES' : undefined));
  return dates.get(created);
}

function cellsOf(group, keys) {
  const first = group[0];
  const c = first.config;
  const at = group.map((r) => r.best);
  const cells = {
    name: group.length > 1 ? t('runs-seeds', { name: first.name, count: group.length }) : first.name,
    when: { text: whenText(first.created), value: first.created },
    dataset: first.data ?? word(c.dataset === 'folder' ? 'badge-folder' : 'badge-demo'),
    model: modelOf(c),
  };
  for (const k of keys) cells[`config.${k}`] = group.length > 1 && k === 'seed' ? group.map((r) => r.config.seed).join(',') : text(c[k]);
  const best = spread(at.map((e) => e?.val_accuracy), pct);
  cells.best = { ...best, text: group.length === 1 && at[0] ? word('runs-best-epoch', { value: best.text, epoch: at[0].epoch }) : best.text };
  cells.val_loss = spread(at.map((e) => e?.val_loss), (x) => x.toFixed(4));
  cells.test = spread(group.map((r) => r.test_accuracy ?? NaN), pct);
  cells.params = { text: formatNumber(first.params ?? 0), value: first.params ?? 0 };
  cells.seconds = spread(group.map((r) => r.seconds || NaN), (x) => x.toFixed(1));
  cells.backend = BACKENDS[first.backend] ?? first.backend ?? '–';
  // A run that failed says why (the worker's words), not only that it ended.
  // A run in progress says how far it is.
  cells.ended = [...new Set(group.map((r) => (r.failure ? t('runs-failed', { reason: tSaid(r.failure_said, r.failure) })
    : r.status === 'running' ? word('runs-running', { epoch: r.epoch_count ?? 0, epochs: r.config.epochs })
      : word('runs-ended', { status: r.status }))))].join(', ');
  return cells;
}

const BACKENDS = { webgpu: 'WebGPU', cpu: 'CPU' };

const sortValue = (cell) => (typeof cell === 'object' ? cell.value : cell);

function matches(run) {
  if (!searchText.has(run.config)) searchText.set(run.config, JSON.stringify(run.config).toLowerCase());
  return run.name.toLowerCase().includes(view.filter) || (run.note ?? '').toLowerCase().includes(view.filter) ||
    run.status.includes(view.filter) || searchText.get(run.config).includes(view.filter);
}

export function renderRuns(log) {
  const shown = view.filter ? log.runs.filter(matches) : log.runs;
  const keys = differing(shown);
  // Setting keys head their columns as they are (the names typed in notebooks); the rest are words.
  const columns = [['name', t('col-name')], ['when', t('col-when')], ['dataset', t('col-dataset')], ['model', t('col-model')],
    ...keys.map((k) => [`config.${k}`, k]), ['best', t('col-best')], ['val_loss', t('col-val-loss')], ['test', t('col-test-acc')],
    ['params', t('col-params')], ['seconds', t('col-seconds')], ['backend', t('col-backend')], ['ended', t('col-ended')]];
  const rows = [...rowsOf(shown)].map(([key, group]) => ({ key, group, cells: cellsOf(group, keys) }));
  const { key, down } = view.sort;
  rows.sort((a, b) => {
    const [x, y] = [sortValue(a.cells[key]), sortValue(b.cells[key])];
    const order = typeof x === 'number' && typeof y === 'number' ? (x || 0) - (y || 0) : collator.compare(String(x), String(y));
    return down ? -order : order;
  });
  renderHead(columns, shown);
  const body = $('runs-table').tBodies[0];
  const active = body.contains(document.activeElement) ? document.activeElement : null;
  // The row being typed in stays even when it falls outside the rows shown.
  const editing = active?.closest('tr');
  const wanted = rows.filter((row, i) => i < view.limit || (editing && rowsByKey.get(row.key)?.tr === editing)).map((row) => place(row, columns, active));
  if (rowsByKey.size > rows.length) {
    const kept = new Set(log.runs.map(keyOf));
    for (const k of rowsByKey.keys()) if (!kept.has(k)) rowsByKey.delete(k);
  }
  arrange(body, wanted, editing);
  showMore(rows.length - wanted.length);
  $('runs-empty').hidden = log.runs.length > 0;
}

/** Below the table: how many listed runs are not shown, and a button that shows more. */
function showMore(left) {
  const table = $('runs-table');
  let button = table.tFoot?.querySelector('button');
  if (!button) {
    const cell = table.createTFoot().insertRow().insertCell();
    cell.colSpan = 99;
    button = document.createElement('button');
    button.type = 'button';
    button.dataset.testid = 'runs-more';
    button.onclick = () => {
      view.limit += ROWS_SHOWN;
      actions.refresh();
    };
    cell.append(button);
  }
  table.tFoot.hidden = left <= 0;
  button.dataset.left = Math.max(left, 0); // the navigation's count reads it, in any language
  const text = t('runs-more', { next: Math.min(left, ROWS_SHOWN), left }); // numbers grouped as the language groups them
  if (button.textContent !== text) button.textContent = text;
}

const arrow = (down) => Object.assign(document.createElement('span'), { textContent: down ? ' ▾' : ' ▴', ariaHidden: 'true' });

function renderHead(columns, shown) {
  const { key, down } = view.sort;
  const head = $('runs-table').tHead.rows[0];
  head.replaceChildren();
  const all = document.createElement('input');
  all.type = 'checkbox';
  setL10n(all, 'runs-select-all');
  all.checked = shown.length > 0 && shown.every((r) => view.selected.has(r.id));
  all.onchange = () => {
    for (const r of shown) all.checked ? view.selected.add(r.id) : view.selected.delete(r.id);
    actions.refresh();
    view.onSelection();
  };
  head.insertCell().append(all);
  for (const [id, label] of columns) {
    const th = document.createElement('th');
    th.textContent = label;
    if (id === key) th.append(arrow(down)); // its own node: a symbol, not part of the word
    th.dataset.column = id;
    th.onclick = () => {
      view.sort = { key: id, down: id === key ? !down : true };
      actions.refresh();
    };
    head.append(th);
  }
  head.append(document.createElement('th'));
}

/** Makes `parent`'s children exactly `wanted`, in order, moving as few as it can and never
 * `fixed` (moving an element blurs what it holds: the caret would leave a note being typed). */
function arrange(parent, wanted, fixed) {
  const keep = new Set(wanted);
  for (const child of [...parent.children]) if (!keep.has(child)) child.remove();
  let cursor = parent.firstElementChild;
  for (const el of wanted) {
    if (el === cursor) cursor = cursor.nextElementSibling;
    // The children between the cursor and `fixed` are wanted later: they move after it then.
    else if (el === fixed) cursor = el.nextElementSibling;
    else parent.insertBefore(el, cursor);
  }
}

/** Saves what is typed in `input` at each key (a summary is a small write; a reload straight
 * after typing keeps all of it), to the run it showed when typing began (`input.dataset.run`). */
function savesTyping(input, save) {
  input.oninput = () => save(input.dataset.run, input.value);
}

/** Sets an input's run and text, unless it is being typed in. */
function fill(input, id, value, active) {
  if (input === active) return;
  if (input.dataset.run !== id) input.dataset.run = id;
  if (input.value !== value) input.value = value;
}

/** A button whose label (and `.title`) is message `id`. */
function button(id, on, args) {
  const b = document.createElement('button');
  b.type = 'button';
  setL10n(b, id, args);
  b.onclick = on;
  return b;
}

function newRow() {
  const row = { tr: document.createElement('tr'), cells: new Map(), texts: {}, name: null, model: null, group: null };
  row.tr.dataset.testid = 'run-row';
  row.pick = document.createElement('input');
  row.pick.type = 'checkbox';
  setL10n(row.pick, 'runs-select-run');
  row.pick.onchange = () => {
    for (const r of row.group) row.pick.checked ? view.selected.add(r.id) : view.selected.delete(r.id);
    view.onSelection();
  };
  row.pickCell = document.createElement('td');
  row.pickCell.append(row.pick);
  row.note = document.createElement('input');
  setL10n(row.note, 'runs-note');
  row.note.dataset.testid = 'run-note';
  savesTyping(row.note, (id, text) => actions.note(id, text));
  row.tools = document.createElement('td');
  row.tools.className = 'run-tools';
  const first = () => row.group[0].id;
  row.tools.append(row.note, button('runs-open', () => actions.open(first())),
    button('runs-export-json', () => actions.exportJson(first())),
    button('runs-export-csv', () => actions.exportCsv(first())));
  return row;
}

/** The row of `group`, made or brought up to date; returns its element. */
function place({ key, group, cells }, columns, active) {
  let row = rowsByKey.get(key);
  if (!row) rowsByKey.set(key, (row = newRow()));
  row.group = group;
  const first = group[0];
  // Only what changed is written: an attribute set again is still a change to the page.
  if (row.tr.dataset.run !== first.id) row.tr.dataset.run = first.id;
  if (row.tr.dataset.status !== first.status) row.tr.dataset.status = first.status;
  // The epochs its first run has done, for scripts that follow a run (the cells show its best).
  const epochs = String(first.epoch_count ?? 0);
  if (row.tr.dataset.epochs !== epochs) row.tr.dataset.epochs = epochs;
  if (first.failure && row.tr.dataset.failed !== first.failure) row.tr.dataset.failed = first.failure;
  row.pick.checked = group.every((r) => view.selected.has(r.id));
  if (row.cells.size !== columns.length || columns.some(([id]) => !row.cells.has(id))) {
    const ids = new Set(columns.map(([id]) => id));
    for (const id of row.cells.keys()) if (!ids.has(id)) row.cells.delete(id) && delete row.texts[id];
  }
  const tds = columns.map(([id]) => cellElement(row, id, group, cells[id], active));
  fill(row.note, first.id, first.note ?? '', active);
  const model = group.length === 1 && first.model;
  if (model && !row.model) {
    row.model = button('runs-model', () => actions.model(row.group[0].id), { model });
    row.model.dataset.testid = 'run-model';
    row.tools.append(row.model);
  } else if (!model && row.model) {
    row.model.remove();
    row.model = null;
  }
  if (row.model && row.model.dataset.l10nArgs !== JSON.stringify({ model })) setL10n(row.model, 'runs-model', { model });
  arrange(row.tr, [row.pickCell, ...tds, row.tools], active?.closest('td'));
  return row.tr;
}

function cellElement(row, id, group, cell, active) {
  let td = row.cells.get(id);
  if (!td) {
    td = document.createElement('td');
    td.dataset.column = id;
    row.cells.set(id, td);
  }
  if (id === 'name' && group.length === 1) {
    if (!row.name) {
      row.name = document.createElement('input');
      setL10n(row.name, 'runs-run-name');
      savesTyping(row.name, (runId, name) => actions.rename(runId, name));
    }
    if (td.firstChild !== row.name) td.replaceChildren(row.name);
    row.texts[id] = null;
    fill(row.name, group[0].id, group[0].name, active);
    return td;
  }
  const shown = typeof cell === 'object' ? cell.text : cell;
  if (row.texts[id] !== shown) {
    td.textContent = shown;
    row.texts[id] = shown;
  }
  return td;
}

/** Sorts the table by column `key`, largest first. */
export function sortRuns(key) {
  view.sort = { key, down: true };
  actions?.refresh();
}

/** Adds run `id` to the selection, or with `null` clears it. */
export function select(id) {
  if (id === null) view.selected.clear();
  else view.selected.add(id);
}

/** Forgets the selection of runs that are gone. */
export function pruneSelection(log) {
  if (!view.selected.size) return;
  const ids = new Set(log.runs.map((r) => r.id));
  for (const id of view.selected) if (!ids.has(id)) view.selected.delete(id);
}
