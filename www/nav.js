// The fixed navigation: a button per section (the URL's hash holds the settings, so these
// scroll rather than link), each with the state of its section at a glance. The badges read
// what the sections already show, on the next frame after any change, so no panel has to
// report to the navigation.
const $ = (id) => document.getElementById(id);
const badge = (name) => document.querySelector(`[data-testid="badge-${name}"]`);

function datasetState() {
  if (!$('load-box').hidden) return ['loading', 'loading…'];
  if ($('dataset-select').value === 'folder' && !$('folder-box').hidden) return ['ready', 'folder'];
  return ['ready', 'demo'];
}

function trainingState() {
  const state = $('status').dataset.state;
  const words = { training: 'running', done: 'done', error: 'error', loading: 'loading…' };
  const progress = $('progress');
  if (state === 'training' && progress.max > 0) return [state, `${Math.round((100 * progress.value) / progress.max)}%`];
  return [state, words[state] ?? ''];
}

function gridState() {
  const state = $('grid-status').dataset.state;
  return [state, { running: 'running', done: 'done', stopped: 'stopped' }[state] ?? ''];
}

function runsState() {
  const shown = document.querySelectorAll('[data-testid="run-row"]').length;
  const more = document.querySelector('#runs-table tfoot:not([hidden]) [data-testid="runs-more"]');
  const hidden = Number(more?.textContent.match(/\(([\d,.\s]+) not shown/)?.[1].replace(/\D/g, '') ?? 0);
  const count = shown + hidden;
  return [count ? 'ready' : 'empty', count ? String(count) : ''];
}

const modelState = () => ($('export-model').disabled ? ['empty', ''] : ['ready', 'ready']);

const badges = { dataset: datasetState, training: trainingState, model: modelState, grid: gridState, runs: runsState };

function update() {
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
schedule();
