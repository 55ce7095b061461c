// The fixed navigation: a button per section (the URL's hash holds the settings, so these
// scroll rather than link), each with the state of its section at a glance. The badges read
// what the sections already show, on the next frame after any change, so no panel has to
// report to the navigation.
import { t, loaded, onLanguage } from './i18n.js';

const $ = (id) => document.getElementById(id);
const badge = (name) => document.querySelector(`[data-testid="badge-${name}"]`);

function datasetState() {
  if (!$('load-box').hidden) return ['loading', t('badge-loading')];
  if ($('dataset-select').value === 'folder' && !$('folder-box').hidden) return ['ready', t('badge-folder')];
  return ['ready', t('badge-demo')];
}

function trainingState() {
  const state = $('status').dataset.state;
  const words = { training: 'badge-running', done: 'badge-done', error: 'badge-error', loading: 'badge-loading' };
  const progress = $('progress');
  if (state === 'training' && progress.max > 0) return [state, `${Math.round((100 * progress.value) / progress.max)}%`];
  return [state, words[state] ? t(words[state]) : ''];
}

function gridState() {
  const state = $('grid-status').dataset.state;
  const word = { running: 'badge-running', done: 'badge-done', stopped: 'badge-stopped' }[state];
  return [state, word ? t(word) : ''];
}

function runsState() {
  const shown = document.querySelectorAll('[data-testid="run-row"]').length;
  const more = document.querySelector('#runs-table tfoot:not([hidden]) [data-testid="runs-more"]');
  const hidden = Number(more?.dataset.left ?? 0);
  const count = shown + hidden;
  return [count ? 'ready' : 'empty', count ? String(count) : ''];
}

const modelState = () => ($('export-model').disabled ? ['empty', ''] : ['ready', t('badge-ready')]);

const badges = { dataset: datasetState, training: trainingState, model: modelState, grid: gridState, runs: runsState };

function update() {
  if (!loaded()) return; // the catalogue's arrival changes the page, which schedules this again
  for (const [name, read] of Object.entries(badges)) {
    const [state, text] = read();
    const el = badge(name);
    if (el.textContent !== text) el.textContent = text;
    el.dataset.state = state;
  }
}

let queued = false;
function schedule() {
  if (queued) return;
  queued = true;
  requestAnimationFrame(() => {
    queued = false;
    update();
  });
}

for (const button of document.querySelectorAll('#sections button[data-section]')) {
  button.addEventListener('click', () => {
    const section = $(button.dataset.section);
    section.scrollIntoView({ block: 'start' });
    // The heading takes the focus, so a keyboard user goes on from the section reached.
    const heading = section.querySelector('h2') ?? section;
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  });
}
// What sticks below the navigation needs its height (it wraps on a narrow screen).
const nav = $('sections');
new ResizeObserver(() => document.documentElement.style.setProperty('--nav-height', `${nav.offsetHeight}px`)).observe(nav);
new MutationObserver(schedule).observe(document.querySelector('main'), { subtree: true, childList: true, attributes: true, characterData: true });
document.addEventListener('change', schedule);
onLanguage(schedule);
schedule();
