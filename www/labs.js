// The course's labs as one-click presets. Rust lists them (config/presets.rs); each is a URL,
// so choosing one is following a link: the form and the grid fill from it, and the page says
// what the lab shows. In the presenter view the keyboard drives them: Space runs or stops,
// ← and → go to the previous and next lab.
import { presets } from '../pkg/aula_page.js';
import { $ } from './dom.js';
import { setL10n, t, onLanguage } from './i18n.js';
import { presenting } from './presenter.js';
import { fillForm, configFromUrl, syncUrl, readConfig } from './config-form.js';
import { runGrid, stopGrid, showPlan, planProblem } from './grid.js';
import { sortRuns } from './runs-table.js';
import { current, gridRunning, hasFolder } from './state.js';

let labs = []; // the course's labs, as Rust lists them (fixed once the page starts); their words: lab-<id> in the catalogue
let deps = null; // { train(), stop(), formChanged() }: the page's single runs


/** The lab chosen in the select, if any. */
const currentLab = () => labs.find((l) => l.id === $('preset').value) ?? null;

const isGrid = () => Boolean($('grid-spec').value.trim());
const busy = () => current().phase !== 'idle';

/** Follows lab `id`'s URL (or none: '') and shows what it is about. */
export function chooseLab(id) {
  if (busy()) return;
  const lab = labs.find((l) => l.id === id);
  $('preset').value = lab ? lab.id : '';
  if (lab) {
    history.replaceState(null, '', `#${lab.url}&preset=${lab.id}`);
    fillForm(configFromUrl());
    syncUrl();
    showPlan();
    deps.formChanged();
    const metric = $('overlay-metric');
    metric.value = lab.metric;
    metric.dispatchEvent(new Event('change'));
    if (lab.sort) sortRuns(lab.sort);
  }
  renderLabs();
}

/** A link that names only a lab (`#preset=overfitting`) opens that lab; with settings of
 * its own, a link's settings win (they may have been changed after the lab was chosen). */
export function openLinkedLab() {
  const pairs = [...new URLSearchParams(location.hash.slice(1))].filter(([key]) => key !== 'lang');
  if (pairs.length === 1 && pairs[0][0] === 'preset') chooseLab(pairs[0][1]);
}

function step(by) {
  if (busy() || !labs.length) return;
  const at = labs.findIndex((l) => l.id === $('preset').value);
  const next = at < 0 ? (by > 0 ? 0 : labs.length - 1) : (at + by + labs.length) % labs.length;
  chooseLab(labs[next].id);
}

/** Says why Run cannot start, where the presenter view shows it (the form may be hidden). */
function refuse(text) {
  const note = $('preset-note');
  note.querySelector('span').textContent = text;
  note.hidden = false;
}

function runOrStop() {
  if (gridRunning()) stopGrid();
  else if (busy()) deps.stop();
  else if ($('preset-run').disabled) refuse(t('lab-needs-folder'));
  else if (!readConfig()) refuse(t('lab-fix-settings', { problem: $('config-error').textContent }));
  else if (isGrid()) {
    const problem = planProblem();
    if (problem) refuse(t('lab-grid-cannot-run', { problem }));
    else runGrid();
  } else deps.train();
}

/** The lab bar in step with the page: what Run does now, and whether it can. */
export function renderLabs() {
  if (!deps) return;
  const lab = currentLab();
  setL10n($('preset-about'), lab ? `lab-${lab.id}-about` : 'lab-intro');
  const waiting = Boolean(lab?.needs_folder) && !hasFolder();
  const note = $('preset-note');
  note.querySelector('span').textContent = waiting ? t('lab-needs-folder') : '';
  note.querySelector('label').hidden = !waiting;
  note.hidden = !waiting;
  const running = busy();
  const run = $('preset-run');
  setL10n(run, running ? 'stop' : isGrid() ? 'run-grid' : 'train');
  run.disabled = !running && waiting;
  for (const id of ['preset', 'preset-prev', 'preset-next']) $(id).disabled = running;
}

/** Space and the arrow keys, in the presenter view, unless a text field has the focus. */
function onKey(event) {
  if (!presenting() || event.altKey || event.ctrlKey || event.metaKey) return;
  const field = event.target.closest?.('input, textarea, [contenteditable]');
  if (field && field.type !== 'checkbox') return;
  if (event.key === ' ') {
    if (!event.repeat) runOrStop(); // held down, it must not flip between run and stop
  } else if (event.key === 'ArrowRight') step(1);
  else if (event.key === 'ArrowLeft') step(-1);
  else return;
  event.preventDefault();
}

export function setUpLabs(dependencies) {
  deps = dependencies;
  labs = presets();
  const select = $('preset');
  const option = (id, value) => {
    const o = new Option('', value);
    setL10n(o, id);
    return o;
  };
  select.replaceChildren(option('lab-choose', ''), ...labs.map((l) => option(`lab-${l.id}`, l.id)));
  select.onchange = () => {
    chooseLab(select.value);
    if (presenting()) select.blur(); // the keys go back to Run/Stop and the labs
  };
  $('preset-prev').onclick = () => step(-1);
  $('preset-next').onclick = () => step(1);
  $('preset-run').onclick = runOrStop;
  addEventListener('keydown', onKey, true);
  onLanguage(renderLabs); // the note that waits for a folder is drawn text
  renderLabs();
}
