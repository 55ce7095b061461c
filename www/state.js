// The page's state in one place: what the page is doing (its phase), the folder, the current
// model and the run it came from, the run in progress and the grid. Modules read it with
// `current()` and change it only through the actions here; whoever draws a part of the page
// subscribes and redraws from it. Phases that exclude each other are refused here, in words,
// so every way in (a button, a key, a lab, a resume) gets the same answer.

import { t } from './i18n.js';

/** What the page is doing: one at a time. */
export const PHASES = ['idle', 'loading', 'training', 'stopping', 'grid', 'evaluating'];

const state = {
  phase: 'loading', // the page module is loading
  /** The status line: its words, and for an idle page how the last thing ended. */
  status: { text: 'Loading…', ended: 'idle' }, // ended: idle | done | error
  /** The last folder that loaded: { name, paths, zip, files, images, summary }; a failed load keeps it. */
  folder: null,
  /** A folder being read; it becomes `folder` only once it loads. */
  reading: null,
  /** The run in progress (what the page has heard of it), or null. */
  run: null,
  /** When Stop was pressed for the run in progress (performance.now()), or null. */
  stopAsked: null,
  /** The last finished run's report (Export run). */
  lastReport: null,
  /** The current model: { info, file: { name, file } | null, run: { id, name } | null } or null. */
  model: null,
  /** What the page's own worker holds: a fresh worker holds neither. */
  worker: { folder: false, model: false },
  /** The run in view: the one whose evaluation is on screen, or null. */
  view: null,
  /** The grid running now (grid.js keeps its workers): { id, total, done, failed, stopping } or null. */
  grid: null,
};

const subscribers = new Set();

/** The state, to read (change it with the actions below). */
export const current = () => state;

/** `draw(state)` after every change; returns the unsubscribe. */
export function subscribe(draw) {
  subscribers.add(draw);
  return () => subscribers.delete(draw);
}

function changed() {
  for (const draw of subscribers) draw(state);
}

/** Applies `change` (an object merged into the state) and tells the subscribers. */
function update(change) {
  Object.assign(state, change);
  changed();
}

/** The status line's five values (tests and scripts read them): a phase shows as the nearest. */
export function shownState(s = state) {
  if (s.phase === 'loading' || s.phase === 'evaluating') return 'loading';
  if (s.phase === 'training' || s.phase === 'stopping' || s.phase === 'grid') return 'training';
  return s.status.ended;
}

/** A run, a folder read or an evaluation is under way on the page's own worker. */
export const busy = () => ['loading', 'training', 'stopping', 'evaluating'].includes(state.phase);
export const gridRunning = () => state.phase === 'grid';
export const hasFolder = () => Boolean(state.folder) && state.worker.folder;

/** Why `phase` cannot start now, or null when it can. */
export function refusal(asked) {
  if (state.phase === 'idle') return null;
  return t('refusal', { asked, phase: state.phase });
}

/**
 * Starts `phase` (from idle) with `text` on the status line, for what was `asked` (a run starts
 * by loading); returns null, or why it cannot start (and changes nothing then).
 */
export function begin(phase, text, asked = phase) {
  const why = refusal(asked);
  if (why) return why;
  update({ phase, status: { text, ended: 'idle' } });
  return null;
}

/** New words on the status line, the phase unchanged. */
export const say = (text) => update({ status: { ...state.status, text } });

/** Back to idle; `ended` says how the last thing ended (idle, done or error). */
export function end(ended, text) {
  update({ phase: 'idle', status: { text, ended }, stopAsked: null });
}

/** Ready after the page module loaded, or stuck with an error before that. */
export const ready = (text) => end('idle', text);

/** The run in progress: its phase is training once the worker says it started. */
export function setRun(run) {
  update({ run });
}

export function training(text) {
  update({ phase: 'training', status: { text, ended: 'idle' } });
}

/** Stop was pressed: the run is stopping (it shows as training, with these words). */
export function stopping(text) {
  update({ phase: 'stopping', stopAsked: state.stopAsked ?? performance.now(), status: { text, ended: 'idle' } });
}

/** The run ended (its report kept or not): nothing in progress. */
export function runEnded(report) {
  update({ run: null, stopAsked: null, lastReport: report ?? state.lastReport });
}

export const setLastReport = (report) => update({ lastReport: report });

/** A folder handed to the worker, being read. */
export const readingFolder = (folder) => update({ reading: folder });

/** The folder read loaded: it is the folder now. A failed read keeps the last one. */
export function folderLoaded(summary) {
  const folder = state.reading ? { ...state.reading, summary, images: summary.train + summary.val + summary.test } : state.folder;
  update({ folder, reading: null, worker: { ...state.worker, folder: true } });
}

export const folderFailed = () => update({ reading: null });

/** The page's worker was ended or replaced: a fresh one holds no folder and no model (the
 * model stays current only where the page kept its file, to hand the next worker). */
export const workerFresh = () => update({ worker: { folder: false, model: false }, model: state.model?.file ? state.model : null });

export const workerHoldsModel = () => update({ worker: { ...state.worker, model: true } });

/** The current model, and the run it came from (null for a loaded file). */
export const setModel = (model) => update({ model });

/** The grid running (or null when it ended). */
export function setGrid(grid) {
  update({ grid });
}

export { changed as notify };

/** The run whose evaluation is on screen (the run in progress, or a stored one opened). */
export const setView = (view) => update({ view });
