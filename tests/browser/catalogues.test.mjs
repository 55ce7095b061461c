// The two message catalogues (no browser): the same messages and attributes in English and
// Spanish, every message index.html names present in both, and index.html's own English (what
// shows before the scripts run) the same as the English catalogue's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { FluentResource } from '@fluent/bundle';

const ROOT = new URL('../../', import.meta.url);
const read = (path) => readFile(new URL(path, ROOT), 'utf8');

/** Spanish text that is rightly the same as the English: names, formulas, setting keys. */
const SAME_IN_BOTH = new Set([
  'LeakyReLU (0.01)', 'Xavier (Glorot) normal', 'He (Kaiming) normal', 'Normal(0, std)', 'SGD + Nesterov',
  'dampening 0', 'dampening 0.1', 'eps 1e-5', 'eps 1e-5, wd 1e-4', 'eps 1e-5, momentum 0.9',
  'ReduceLROnPlateau (val_loss)', 'Fashion-MNIST', 'Backend', 'Normalize',
  'RandomBrightnessContrast (brightness_by_max)', 'total', 'test', 'BatchNorm', 'demo', 'error', 'JSON', 'CSV',
  'backend', 'f1-score',
]);

/** A catalogue as { id: { value, attrs: {name: text} } }; any line Fluent cannot read fails. */
async function catalogue(lang, file = 'page.ftl') {
  const source = await read(`www/l10n/${lang}/${file}`);
  const resource = new FluentResource(source);
  const declared = source.split('\n').filter((line) => /^[a-zA-Z][\w-]* =/.test(line)).length;
  assert.equal(resource.body.length, declared, `www/l10n/${lang}/${file}: ${declared - resource.body.length} message(s) could not be parsed`);
  const ids = resource.body.map((m) => m.id);
  assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), [], `www/l10n/${lang}/${file}: a message declared twice (the page keeps the first)`);
  // A placeable reads as {…}, a select as its variants' texts (each must be translated too).
  const part = (p) => (typeof p === 'string' ? p : p.type === 'select' ? p.variants.map((v) => text(v.value)).join('|') : '{…}');
  const text = (pattern) => (typeof pattern === 'string' ? pattern : pattern?.map(part).join(''));
  return Object.fromEntries(resource.body.map((m) => [m.id, { value: text(m.value), attrs: Object.fromEntries(Object.entries(m.attributes).map(([k, v]) => [k, text(v)])) }]));
}

/** Each element of index.html that names a message: its id, its own text and attributes. */
async function htmlMessages() {
  const html = await read('index.html');
  const found = [];
  const tag = /<([a-z0-9]+)((?:[^>"]|"[^"]*")*)>/g;
  for (const match of html.matchAll(tag)) {
    const attrs = Object.fromEntries([...match[2].matchAll(/([\w-]+)(?:="([^"]*)")?/g)].map((a) => [a[1], a[2] ?? '']));
    if (!attrs['data-l10n-id']) continue;
    const rest = html.slice(match.index + match[0].length);
    const close = rest.indexOf(`</${match[1]}>`);
    const inner = close < 0 ? '' : rest.slice(0, close);
    found.push({ id: attrs['data-l10n-id'], attrs, inner, markup: 'data-l10n-markup' in attrs });
  }
  return found;
}

/** Text that an attribute-only message's element may show as it is. */
const SYMBOLS = new Set(['◀', '▶', '']);
const squash = (text) => text.replace(/\s+/g, ' ').replace(/&amp;/g, '&').trim();

test('English and Spanish have the same messages with the same attributes', async () => {
  const [en, es] = [await catalogue('en'), await catalogue('es')];
  assert.deepEqual(Object.keys(es).sort(), Object.keys(en).sort());
  for (const [id, message] of Object.entries(en)) {
    assert.deepEqual(Object.keys(es[id].attrs).sort(), Object.keys(message.attrs).sort(), `attributes of ${id}`);
    assert.equal(Boolean(es[id].value), Boolean(message.value), `${id} has a value in both or in neither`);
  }
  for (const file of ['help.ftl']) {
    const [helpEn, helpEs] = [await catalogue('en', file), await catalogue('es', file)];
    assert.deepEqual(Object.keys(helpEs).sort(), Object.keys(helpEn).sort(), file);
  }
});

test('the Spanish catalogue is translated: a text equal to the English is a name or a key', async () => {
  const [en, es] = [await catalogue('en'), await catalogue('es')];
  const same = [];
  for (const [id, message] of Object.entries(en)) {
    if (message.value && message.value === es[id].value && !SAME_IN_BOTH.has(message.value)) same.push(id);
    for (const [name, text] of Object.entries(message.attrs)) {
      if (text === es[id].attrs[name] && !SAME_IN_BOTH.has(text)) same.push(`${id}.${name}`);
    }
  }
  assert.deepEqual(same, [], 'untranslated in www/l10n/es/page.ftl');
});

test("every message index.html names is in both catalogues, and its English is index.html's", async () => {
  // The page's words and the explanations (help.ftl) are one bundle on the page.
  const both = async (lang) => ({ ...(await catalogue(lang)), ...(await catalogue(lang, 'help.ftl')) });
  const [en, es] = [await both('en'), await both('es')];
  const named = await htmlMessages();
  assert.ok(named.length > 150, `index.html names ${named.length} messages`);
  for (const { id, attrs, inner, markup } of named) {
    assert.ok(en[id], `${id} is missing from www/l10n/en/`);
    assert.ok(es[id], `${id} is missing from www/l10n/es/`);
    const text = squash(inner);
    if (markup) assert.equal(en[id].value, text, `${id}: index.html and the catalogue differ`);
    else if (en[id].value === undefined) assert.ok(inner.includes('<') || SYMBOLS.has(text), `${id}: its text "${text}" has no message`);
    else if (!inner.includes('<')) assert.equal(en[id].value, text, `${id}: index.html and the catalogue differ`);
    for (const name of ['title', 'placeholder', 'aria-label', 'alt']) {
      if (en[id].attrs[name] !== undefined) assert.equal(en[id].attrs[name], squash(attrs[name] ?? ''), `${id}.${name}`);
    }
  }
});

test('no shown text in index.html is left without a message', async () => {
  const html = (await read('index.html')).split('<body>')[1];
  // Text that sits directly in an element with no message of its own, outside markup messages.
  const stripped = html
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<([a-z0-9]+)[^>]*data-l10n-id[^>]*>[\s\S]*?<\/\1>/g, '');
  const left = [...stripped.matchAll(/>([^<]+)</g)].map((m) => squash(m[1])).filter(Boolean);
  const ALLOWED = /^(aula|MLP|CNN|SGD|Adam|AdamW|RMSprop|ReLU|GELU|Tanh|Sigmoid|StepLR|val_loss|val_accuracy|Flatten|3x3|5x5|BatchNorm|EarlyStopping|CSV|JSON|INTER_AREA|WebGPU|CPU|English|Español|optimizer|lr|[\d.]+|[\w]+_[\w]+|(HorizontalFlip|VerticalFlip|RandomResizedCrop|ShiftScaleRotate|RandomBrightnessContrast|GaussNoise|Dropout) p|scale|ratio|a|b|std|min lr|factor|patience|step_size|gamma)$/;
  assert.deepEqual(left.filter((text) => !ALLOWED.test(text)), [], 'index.html text without a data-l10n-id');
});

test("every lab Rust lists has its title and what it shows in both languages", async () => {
  const presets = await read('src/config/presets.rs');
  const ids = [...presets.matchAll(/^\s+id: "([^"]+)",$/gm)].map((m) => m[1]);
  assert.ok(ids.length >= 8, `config/presets.rs lists ${ids.length} labs`);
  for (const lang of ['en', 'es']) {
    const messages = await catalogue(lang);
    for (const id of ids) {
      assert.ok(messages[`lab-${id}`]?.value, `lab-${id} is missing from www/l10n/${lang}/page.ftl`);
      const about = messages[`lab-${id}-about`]?.value ?? '';
      assert.equal(about.split(/[.;?] /).length >= 2, true, `lab-${id}-about (${lang}): what it shows, then what to look at`);
    }
  }
});
