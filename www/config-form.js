// The settings form and the URL hash: two views of the one config object, whose format Rust
// owns (configFromPairs / configToPairs check and convert it).
import { defaultConfig, configFromPairs, configToPairs } from '../pkg/aula_page.js';
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

/** The config the URL hash asks for, or the defaults (with the problem shown) if it is bad. */
export function configFromUrl() {
  const pairs = [...new URLSearchParams(location.hash.slice(1))];
  if (!pairs.length) return defaultConfig();
  try {
    return configFromPairs(pairs);
  } catch (e) {
    showError(`Settings in the URL were ignored: ${e.message}`);
    return defaultConfig();
  }
}

/** Disables or enables every field (while a run or a load is busy). */
export function setFormDisabled(disabled) {
  for (const el of form().elements) el.disabled = disabled;
}
