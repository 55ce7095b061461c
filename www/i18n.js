// The page's two languages. Every string it shows comes from a Fluent catalogue,
// l10n/<lang>/page.ftl (labels, messages) and l10n/<lang>/help.ftl (what each setting does).
// The language comes from the URL (`lang=`), else from storage, else from the browser.
import { FluentBundle, FluentResource } from './vendor/fluent-bundle/index.js';

export const LANGUAGES = ['en', 'es'];
const STORAGE_KEY = 'aula.lang';
const CATALOGUES = ['page.ftl', 'help.ftl'];
/** Attributes a message may set on its element (Fluent-DOM style: `.title = ...`). */
const ATTRIBUTES = ['title', 'placeholder', 'aria-label', 'alt'];
/** Markup a catalogue may use inside elements marked `data-l10n-markup` (hints with code). */
const MARKUP = new Set(['CODE', 'I', 'B', 'KBD', 'EM', 'STRONG']);

let current = 'en';
let chosen = null;
let bundle = null;
const subscribers = [];

function urlLang() {
  const value = new URLSearchParams(location.hash.slice(1)).get('lang');
  return LANGUAGES.includes(value) ? value : null;
}

function storedLang() {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return LANGUAGES.includes(value) ? value : null;
  } catch {
    return null; // storage refused (private mode): the browser's language decides
  }
}

function browserLang() {
  const first = (navigator.languages?.[0] ?? navigator.language ?? 'en').toLowerCase();
  return first.startsWith('es') ? 'es' : 'en';
}

/** The language now shown. */
export function lang() {
  return current;
}

/** The language the reader chose (URL or switch), or null: the URL keeps it only then. */
export function chosenLang() {
  return chosen;
}

async function fetchCatalogue(code, name) {
  const url = new URL(`l10n/${code}/${name}`, import.meta.url); // www/l10n, beside this module
  let response;
  try {
    response = await fetch(url);
  } catch (err) {
    console.error(`${url.pathname}: could not be read (${err.message})`);
    return '';
  }
  if (!response.ok) {
    // help.ftl may not exist yet; page.ftl must.
    if (name === 'page.ftl') console.error(`${url.pathname}: HTTP ${response.status}`);
    return '';
  }
  return response.text();
}

async function loadBundle(code) {
  // No Unicode isolation marks around arguments: both languages run left to right, and the
  // text is searched and copied as it is.
  const next = new FluentBundle(code === 'es' ? ['es-ES', 'es'] : ['en-GB', 'en'], { useIsolating: false });
  for (const name of CATALOGUES) {
    const errors = next.addResource(new FluentResource(await fetchCatalogue(code, name)));
    for (const err of errors) console.error(`l10n/${code}/${name}: ${err.message}`);
  }
  return next;
}

function format(pattern, args, id) {
  const errors = [];
  const text = bundle.formatPattern(pattern, args, errors);
  for (const err of errors) console.error(`message ${id}: ${err.message}`);
  return text;
}

/** Whether a language's catalogues are loaded (a module started before them waits). */
export const loaded = () => bundle !== null;

/** Whether the language's catalogues have a message with a value. */
export function has(id) {
  return Boolean(bundle?.getMessage(id)?.value);
}

/** A message's text; a missing message is logged with its id, and the id shown. */
export function t(id, args) {
  const message = bundle?.getMessage(id);
  if (!message?.value) {
    console.error(`missing message: ${id}`);
    return id;
  }
  return format(message.value, args, id);
}

/** What the worker said as a message of these catalogues (`{ id, ...args }`: a status line,
 * the backend's reason), in the page's language; `english` (its own words) when there is no
 * such message. Fluent selects on text, so true/false travel as words. */
export function tSaid(said, english) {
  if (!said?.id || !has(said.id)) return english;
  // An argument that is itself a message (e.g. the rule a URL's value broke) is worded first.
  // A list of them (e.g. a combination's problems) is worded item by item.
  const arg = (v) => (typeof v === 'boolean' ? String(v) : Array.isArray(v) ? v.map((x) => arg(x)).join('; ')
    : v?.id ? tSaid(v, v.id) : v);
  return t(said.id, Object.fromEntries(Object.entries(said).map(([k, v]) => [k, arg(v)])));
}

/** One attribute of a message (e.g. its `.title`), or the id when missing. */
export function tAttr(id, attr, args) {
  const pattern = bundle?.getMessage(id)?.attributes[attr];
  if (!pattern) {
    console.error(`missing message attribute: ${id}.${attr}`);
    return id;
  }
  return format(pattern, args, `${id}.${attr}`);
}

/** Sets rich text from our own catalogue: only plain inline tags, no attributes; else text. */
function setMarkup(el, text) {
  const template = document.createElement('template');
  template.innerHTML = text;
  const safe = [...template.content.querySelectorAll('*')].every((e) => MARKUP.has(e.tagName) && !e.attributes.length);
  if (safe) el.replaceChildren(template.content);
  else el.textContent = text;
}

function translateElement(el) {
  const id = el.dataset.l10nId;
  const message = bundle.getMessage(id);
  if (!message) {
    console.error(`missing message: ${id}`);
    return;
  }
  const args = el.dataset.l10nArgs ? JSON.parse(el.dataset.l10nArgs) : undefined;
  if (message.value) {
    const text = format(message.value, args, id);
    if (el.hasAttribute('data-l10n-markup')) setMarkup(el, text);
    else el.textContent = text;
  }
  for (const attr of ATTRIBUTES) {
    const pattern = message.attributes[attr];
    if (pattern) el.setAttribute(attr, format(pattern, args, `${id}.${attr}`));
  }
}

/** A number in the language shown (text only: never in the URL or an export). */
export function formatNumber(n, options) {
  // One formatter per language and options: building one is slow, and tables format thousands.
  const key = current + JSON.stringify(options ?? {});
  if (!formatters.has(key)) formatters.set(key, new Intl.NumberFormat(current === 'es' ? 'es-ES' : 'en-GB', options));
  return formatters.get(key).format(n);
}
const formatters = new Map();

/** Gives an element drawn by a script its message: shown now, and again after each switch. */
export function setL10n(el, id, args) {
  el.dataset.l10nId = id;
  if (args) el.dataset.l10nArgs = JSON.stringify(args);
  else delete el.dataset.l10nArgs;
  if (bundle) translateElement(el);
}

/** Translates every element under root (itself included) that names a message. */
export function translate(root = document.documentElement) {
  if (!bundle) return;
  if (root.dataset?.l10nId) translateElement(root);
  for (const el of root.querySelectorAll('[data-l10n-id]')) translateElement(el);
}

/** Calls fn(lang) after each switch, so that text drawn by JS can be drawn again. */
export function onLanguage(fn) {
  subscribers.push(fn);
}

async function show(code) {
  bundle = await loadBundle(code);
  current = code;
  document.documentElement.lang = code;
  translate();
  const picker = document.querySelector('[data-testid="lang"]');
  if (picker) picker.value = code;
}

/** Writes `lang=` into the URL hash, beside the settings, without touching them. */
function keepInUrl(code) {
  const params = new URLSearchParams(location.hash.slice(1));
  params.set('lang', code);
  history.replaceState(null, '', '#' + params);
}

/** Switches the language: catalogues, page, URL, storage, then the subscribers. */
export async function setLang(code) {
  if (!LANGUAGES.includes(code)) throw new Error(`unknown language: ${code}`);
  await show(code);
  chosen = code;
  keepInUrl(code);
  try {
    localStorage.setItem(STORAGE_KEY, code);
  } catch {
    // storage refused: the URL still holds the choice
  }
  for (const fn of subscribers) fn(code);
}

/** Picks the language, loads it and translates the page; wires the header's switch. */
export async function startI18n() {
  chosen = urlLang() ?? storedLang();
  await show(chosen ?? browserLang());
  const picker = document.querySelector('[data-testid="lang"]');
  picker?.addEventListener('change', () => setLang(picker.value));
}
