// The settings form and the URL hash: two views of the one config object, whose format Rust
// owns (configFromPairs / configToPairs check and convert it).
import { configFromPairs, configFromUrl as parseUrl, configToPairs } from '../pkg/aula_page.js';
import { $ } from './dom.js';
import { chosenLang, onLanguage, t, tSaid } from './i18n.js';

const form = () => $('config-form');

export function fillForm(config) {
  for (const [key, value] of configToPairs(config)) {
    const el = form().elements[key];
    if (!el) continue;
    if (el.type === 'checkbox') el.checked = value === 'true';
    else el.value = value;
  }
  showRelevantFields();
}

function formPairs() {
  const pairs = [];
  for (const el of form().elements) {
    if (el.name) pairs.push([el.name, el.type === 'checkbox' ? String(el.checked) : el.value]);
  }
  return pairs;
}

/** Shows a field only when it applies, e.g. momentum for the SGD variants that use it. */
export function showRelevantFields() {
  const values = Object.fromEntries(formPairs());
  for (const el of form().querySelectorAll('[data-show-when]')) {
    const [key, wanted] = el.dataset.showWhen.split('=');
    el.toggleAttribute('data-hidden-by-setting', !wanted.split(',').includes(values[key]));
  }
}

/** A setting's problems (`{id, ...args}` from config/checks.rs and config/url.rs), worded. */
const sayProblems = (problems) => problems.map((problem) => tSaid(problem, problem.id)).join('; ');

/** Why `configFromPairs` refused (its `said`, worded in the page's language), else the error's own words. */
export const refusal = (e) => sayProblems(e.said ?? []) || e.message;

/** Shows what `words()` says next to the form (nothing for null), and again on a language switch. */
let words = null;
function showError(said) {
  words = said;
  const text = said?.();
  const error = $('config-error');
  error.textContent = text ?? '';
  error.hidden = !text;
}
onLanguage(() => words && showError(words));

/** The config in the form, or null with the problems shown next to it (`quiet`: not shown). */
export function readConfig({ quiet = false } = {}) {
  try {
    const config = configFromPairs(formPairs());
    if (!quiet) showError(null);
    return config;
  } catch (e) {
    // The refusal's English is Rust's; its problems (`said`), worded in the page's language, replace it.
    if (!quiet) showError(() => refusal(e));
    return null;
  }
}

/** URL keys that are not settings, the fields they fill, and those fields' empty values: a
 * grid search's spec, seeds and shard (the grid panel's), and the lab chosen (the labs bar's). */
const LANG_KEY = 'lang'; // the page's language (i18n.js), kept beside the settings
const RUNS_KEY = 'runs'; // a merged grid's runs (classroom.js), imported once
const PAGE_KEYS = { grid: ['grid-spec', ''], grid_repeats: ['grid-repeats', '1'], shard: ['grid-shard', ''], preset: ['preset', ''] };

/** Writes the form's config, the grid panel's spec and the chosen lab into the URL hash (when valid). */
export function syncUrl() {
  showRelevantFields();
  const config = readConfig();
  if (!config) return;
  const pairs = configToPairs(config);
  const grid = $('grid-spec').value.trim();
  for (const [key, [id, empty]] of Object.entries(PAGE_KEYS)) {
    const value = $(id).value.trim();
    if (value && value !== empty && (key === 'preset' || grid)) pairs.push([key, value]);
  }
  if (chosenLang()) pairs.push(['lang', chosenLang()]);
  history.replaceState(null, '', '#' + new URLSearchParams(pairs));
}

/** The config the URL hash asks for: its valid settings over the defaults, the bad ones named.
 * The page's own keys fill their fields (or empty them when the URL has none). */
export function configFromUrl() {
  const all = [...new URLSearchParams(location.hash.slice(1))];
  for (const [key, [id, empty]] of Object.entries(PAGE_KEYS)) {
    $(id).value = all.find(([k]) => k === key)?.[1] ?? empty;
  }
  const { config, problems } = parseUrl(all.filter(([key]) => !PAGE_KEYS[key] && key !== LANG_KEY && key !== RUNS_KEY));
  showError(problems.length ? () => t('url-settings-unused', { problems: sayProblems(problems) }) : null);
  return config;
}

/**
 * Switching to AdamW with no decay set gives it PyTorch's default decay (0.01): with 0 it would
 * be plain Adam. Switching away again undoes only that automatic value.
 */
export function followOptimizer(event) {
  if (event.target.name !== 'optimizer') return;
  const decay = form().elements.weight_decay;
  const note = $('weight-decay-note');
  if (event.target.value === 'adamw' && Number(decay.value) === 0) {
    decay.value = '0.01';
    decay.dataset.auto = 'adamw';
    note.textContent = t('adamw-decay-filled');
  } else if (event.target.value !== 'adamw' && decay.dataset.auto === 'adamw' && Number(decay.value) === 0.01) {
    decay.value = '0';
    delete decay.dataset.auto;
    note.textContent = '';
  }
}

/** Keeps the URL in step with the form; `changed()` after every edit. */
export function setUpForm(changed) {
  form().addEventListener('input', (e) => {
    followOptimizer(e);
    syncUrl();
    changed();
  });
  form().addEventListener('submit', (e) => e.preventDefault());
  // The dataset choice sits in the dataset card (form="config-form"), outside the form's subtree.
  $('dataset-select').addEventListener('input', () => {
    syncUrl();
    changed();
  });
}

/** Disables or enables every field (while a run or a load is busy). */
export function setFormDisabled(disabled) {
  for (const el of form().elements) el.disabled = disabled;
}
