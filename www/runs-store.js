// Finished runs: kept in the browser (localStorage), listed, and exported as JSON.
import { downloadJson, fillRows, pct } from './dom.js';

const RUNS_KEY = 'aula.runs';

export function loadRuns() {
  try {
    return JSON.parse(localStorage.getItem(RUNS_KEY) || '[]');
  } catch {
    return [];
  }
}

/** Keeps `report` (newest first) and lists the runs again. */
export function saveRun(report) {
  const runs = loadRuns();
  runs.unshift({ finished: new Date().toISOString(), report });
  try {
    localStorage.setItem(RUNS_KEY, JSON.stringify(runs.slice(0, 50)));
  } catch (e) {
    console.warn('could not keep the run in localStorage', e); // the in-page copy stays
  }
  showRuns(runs);
}

export function showRuns(runs) {
  const body = document.querySelector('[data-testid="runs"] tbody');
  fillRows(body, runs.map(({ finished, report }) => {
      const last = report.epochs?.at(-1);
      const button = document.createElement('button');
      button.textContent = 'Export';
      button.onclick = () => downloadRun(report, finished);
      return [new Date(finished).toLocaleString(), report.backend ?? '–', runLabel(report),
        report.epochs?.length ?? 0, last ? pct(last.val_accuracy) : '–', button];
  }));
}

function runLabel(report) {
  const c = report.config;
  const model = c.model === 'cnn' ? `CNN ${(c.conv_channels ?? []).join('-')}` : `MLP ${(c.hidden ?? []).join('-') || '(linear)'}`;
  const data = report.data ? `${report.data.name} ${report.data.image_size}px` : 'demo';
  return `${model} · ${data}`;
}

export function downloadRun(report, finished = new Date().toISOString()) {
  downloadJson(report, `aula-run-${finished.replace(/[:.]/g, '-')}.json`);
}

/** The export built from what the page heard, for runs whose worker ended before `done`. */
export function reportFromMessages(r) {
  return { config: r.config, backend: r.backend, classes: r.classes, epochs: r.epochs, params: r.params,
    confusion: r.confusions.at(-1) ?? null, best_epoch: r.epochs.at(-1)?.epoch ?? null };
}
