// The runs table (MLflow's run list): one row per run, or per grid combination repeated with
// several seeds (mean ± std); the settings that differ between the listed runs get a column
// each, and only those. Sort by any column, filter by text, select, rename, note, delete.
import { $, pct } from './dom.js';

const view = { sort: { key: 'when', down: true }, filter: '', selected: new Set() };
let actions = null; // { rename(id, name), note(id, text), open(id), model(id), exportJson(id), exportCsv(id) }

export const selectedIds = () => [...view.selected];

export function setUpRunsTable(handlers, onSelection) {
  actions = handlers;
  view.onSelection = onSelection;
  $('runs-filter').oninput = (e) => {
    view.filter = e.target.value.trim().toLowerCase();
    actions.refresh();
  };
}

const modelOf = (c) => (c.model === 'cnn' ? `CNN ${(c.conv_channels ?? []).join('-')}` : 'MLP') +
  ((c.hidden ?? []).length ? ` ${c.hidden.join('-')}` : '');
const text = (v) => (Array.isArray(v) ? v.join(',') : String(v));
const reportedEpoch = (r) => r.report.epochs.find((e) => e.epoch === r.report.best_epoch) ?? r.report.epochs.at(-1);

/** Config keys whose values are not all the same among `runs`. */
export function differing(runs) {
  if (runs.length < 2) return [];
  const keys = Object.keys(runs[0].report.config);
  return keys.filter((k) => new Set(runs.map((r) => text(r.report.config[k]))).size > 1);
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

/** Rows: a run, or a grid combination's repeats together. */
function rowsOf(runs) {
  const groups = new Map();
  for (const run of runs) {
    const key = run.grid && run.grid.repeats > 1 ? `${run.grid.grid}:${run.grid.combination}` : run.id;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(run);
  }
  return [...groups.values()];
}

function cellsOf(group, keys) {
  const first = group[0];
  const c = first.report.config;
  const at = group.map(reportedEpoch);
  const cells = {
    name: group.length > 1 ? `${first.name} (${group.length} seeds)` : first.name,
    when: new Date(first.created).toLocaleString(),
    dataset: first.report.data?.name ?? (c.dataset === 'folder' ? 'folder' : 'demo'),
    model: modelOf(c),
  };
  for (const k of keys) cells[`config.${k}`] = group.length > 1 && k === 'seed' ? group.map((r) => r.report.config.seed).join(',') : text(c[k]);
  const best = spread(at.map((e) => e?.val_accuracy), pct);
  cells.best = { ...best, text: best.text + (group.length === 1 && at[0] ? ` (epoch ${at[0].epoch})` : '') };
  cells.val_loss = spread(at.map((e) => e?.val_loss), (x) => x.toFixed(4));
  cells.test = spread(group.map((r) => r.report.test_accuracy ?? NaN), pct);
  cells.params = { text: (first.report.params ?? 0).toLocaleString(), value: first.report.params ?? 0 };
  cells.seconds = spread(group.map((r) => r.report.seconds || NaN), (x) => x.toFixed(1));
  cells.backend = first.report.backend ?? '–';
  // A run that failed says why (the worker's words), not only that it ended.
  cells.ended = [...new Set(group.map((r) => (r.failure ? `failed: ${r.failure}` : r.status.replace('_', ' '))))].join(', ');
  return cells;
}

const sortValue = (cell) => (typeof cell === 'object' ? cell.value : cell);

export function renderRuns(log) {
  const shown = log.runs.filter((r) => !view.filter || JSON.stringify([r.name, r.note, r.status, r.report.config]).toLowerCase().includes(view.filter));
  const keys = differing(shown);
  const columns = [['name', 'name'], ['when', 'when'], ['dataset', 'dataset'], ['model', 'model'],
    ...keys.map((k) => [`config.${k}`, k]), ['best', 'best val acc'], ['val_loss', 'val loss'], ['test', 'test acc'],
    ['params', 'params'], ['seconds', 'seconds'], ['backend', 'backend'], ['ended', 'ended']];
  const rows = rowsOf(shown).map((group) => ({ group, cells: cellsOf(group, keys) }));
  const { key, down } = view.sort;
  rows.sort((a, b) => {
    const [x, y] = [sortValue(a.cells[key]), sortValue(b.cells[key])];
    const order = typeof x === 'number' && typeof y === 'number' ? (x || 0) - (y || 0) : String(x).localeCompare(String(y), undefined, { numeric: true });
    return down ? -order : order;
  });
  if (key === 'when' && down) rows.sort((a, b) => b.group[0].created.localeCompare(a.group[0].created));
  const table = $('runs-table');
  const head = table.tHead.rows[0];
  head.replaceChildren();
  const all = document.createElement('input');
  all.type = 'checkbox';
  all.title = 'select all listed runs';
  all.checked = shown.length > 0 && shown.every((r) => view.selected.has(r.id));
  all.onchange = () => {
    for (const r of shown) all.checked ? view.selected.add(r.id) : view.selected.delete(r.id);
    actions.refresh();
    view.onSelection();
  };
  head.insertCell().append(all);
  for (const [id, label] of columns) {
    const th = document.createElement('th');
    th.textContent = label + (id === key ? (down ? ' ▾' : ' ▴') : '');
    th.dataset.column = id;
    th.onclick = () => {
      view.sort = { key: id, down: id === key ? !down : true };
      actions.refresh();
    };
    head.append(th);
  }
  head.append(document.createElement('th'));
  const body = table.tBodies[0];
  body.replaceChildren();
  for (const { group, cells } of rows) body.append(rowElement(group, cells, columns));
  $('runs-empty').hidden = log.runs.length > 0;
}

function rowElement(group, cells, columns) {
  const tr = document.createElement('tr');
  tr.dataset.testid = 'run-row';
  tr.dataset.run = group[0].id;
  tr.dataset.status = group[0].status;
  if (group[0].failure) tr.dataset.failed = group[0].failure;
  const pick = document.createElement('input');
  pick.type = 'checkbox';
  pick.checked = group.every((r) => view.selected.has(r.id));
  pick.onchange = () => {
    for (const r of group) pick.checked ? view.selected.add(r.id) : view.selected.delete(r.id);
    view.onSelection();
  };
  tr.insertCell().append(pick);
  for (const [id] of columns) {
    const td = tr.insertCell();
    td.dataset.column = id;
    const cell = cells[id];
    if (id === 'name' && group.length === 1) {
      const input = document.createElement('input');
      input.value = group[0].name;
      input.onchange = () => actions.rename(group[0].id, input.value);
      td.append(input);
    } else {
      td.textContent = typeof cell === 'object' ? cell.text : cell;
    }
  }
  const tools = tr.insertCell();
  tools.className = 'run-tools';
  const note = document.createElement('input');
  note.placeholder = 'note';
  note.value = group[0].note ?? '';
  note.title = 'a note, saved with the run and exported';
  note.dataset.testid = 'run-note';
  note.onchange = () => actions.note(group[0].id, note.value);
  const button = (label, title, on) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.title = title;
    b.onclick = on;
    return b;
  };
  tools.append(note, button('Open', 'show its curves, confusion matrix, report and histograms', () => actions.open(group[0].id)),
    button('JSON', 'export the run', () => actions.exportJson(group[0].id)),
    button('CSV', 'export its epochs', () => actions.exportCsv(group[0].id)));
  if (group.length === 1 && group[0].model) {
    const model = button('Model', `load its model (${group[0].model}) to predict, evaluate, export or fine-tune`, () => actions.model(group[0].id));
    model.dataset.testid = 'run-model';
    tools.append(model);
  }
  return tr;
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
  for (const id of view.selected) if (!log.find(id)) view.selected.delete(id);
}
