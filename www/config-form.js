// The settings form and the URL hash: two views of the one config object, whose format Rust
// owns (configFromPairs / configToPairs check and convert it).
import { configFromPairs, configFromUrl as parseUrl, configToPairs } from '../pkg/aula_page.js';
import { $ } from './dom.js';

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

function showError(text) {
  const error = $('config-error');
  error.textContent = text ?? '';
  error.hidden = !text;
}

/** The config in the form, or null with the problems shown next to it. */
export function readConfig() {
  try {
    const config = configFromPairs(formPairs());
    showError(null);
    return config;
  } catch (e) {
    showError(e.message);
    return null;
  }
}

/** Writes the form's config into the URL hash (when it is valid). */
export function syncUrl() {
  showRelevantFields();
  const config = readConfig();
  if (config) history.replaceState(null, '', '#' + new URLSearchParams(configToPairs(config)));
}

/** The config the URL hash asks for: its valid settings over the defaults, the bad ones named. */
export function configFromUrl() {
  const { config, problems } = parseUrl([...new URLSearchParams(location.hash.slice(1))]);
  if (problems.length) showError(`Some settings in the URL were not used: ${problems.join('; ')}`);
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
    note.textContent = "AdamW's PyTorch default weight decay, 0.01, was filled in.";
  } else if (event.target.value !== 'adamw' && decay.dataset.auto === 'adamw' && Number(decay.value) === 0.01) {
    decay.value = '0';
    delete decay.dataset.auto;
    note.textContent = '';
  }
}

/** Disables or enables every field (while a run or a load is busy). */
export function setFormDisabled(disabled) {
  for (const el of form().elements) el.disabled = disabled;
}
