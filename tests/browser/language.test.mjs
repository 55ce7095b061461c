// The page in Spanish and English: `lang=` in the URL, the header's switch (at once, kept in the
// URL and in storage), the browser's own language, and a lab's link that also names a language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { FluentResource } from '@fluent/bundle';
import { servedPage, newPage, openApp, waitForState } from './setup.mjs';

const env = servedPage({ webgpu: false });

/** Text the page shows as it is in both languages: setting keys, class names, library names. */
const UNTRANSLATED = new Set([
  'aula', 'English', 'Español', 'MLP', 'CNN', 'SGD', 'Adam', 'AdamW', 'RMSprop', 'ReLU', 'GELU', 'Tanh', 'Sigmoid',
  'StepLR', 'val_loss', 'val_accuracy', 'Flatten', 'BatchNorm', 'EarlyStopping', 'CSV', 'JSON', 'WebGPU', 'CPU',
  'optimizer', 'lr', 'scale', 'ratio', 'a', 'b', 'std', 'factor', 'patience', 'gamma', 'min lr', '◀', '▶',
  'HorizontalFlip p', 'VerticalFlip p', 'RandomResizedCrop p', 'ShiftScaleRotate p', 'RandomBrightnessContrast p',
  'GaussNoise p', 'Dropout p', 'Fashion-MNIST',
  // The demo set's classes (Fashion-MNIST's own names, as in the course's notebooks).
  'T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot',
]);
const isKey = (text) => UNTRANSLATED.has(text) || !/\p{L}/u.test(text) || /^[\d.,\s%×x]+$/.test(text) || /^[a-z]+(_[a-z]+)+$/.test(text);

/** Elements the scripts fill with English still (not yet drawn from the catalogue). */
const DRAWN_IN_ENGLISH = [
  '#preset-about', '#preset', '#runs-usage', '#preview-note', '#backend-banner', '#sections .badge', '#runs-table',
  '#config-error',
];

/** A pattern as a regex source: an argument is any text, a select one of its variants. */
const toRegex = (value) => (typeof value === 'string' ? escape(value) : value.map((part) => (typeof part === 'string' ? escape(part)
  : part.type === 'select' ? `(?:${part.variants.map((v) => toRegex(v.value)).join('|')})` : '.+')).join(''));
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every text the Spanish catalogue can show: its texts, each piece of its rich-text messages,
 * and a pattern for each message with arguments (an argument stands for any text). */
async function spanishTexts() {
  const texts = new Set();
  const patterns = [];
  for (const file of ['page.ftl', 'help.ftl']) {
    const source = await readFile(new URL(`../../www/l10n/es/${file}`, import.meta.url), 'utf8');
    for (const message of new FluentResource(source).body) {
      for (const pattern of [message.value, ...Object.values(message.attributes)]) {
        if (Array.isArray(pattern)) {
          patterns.push(new RegExp(`^${toRegex(pattern)}$`));
        }
        if (typeof pattern !== 'string') continue;
        texts.add(pattern.replace(/<[^>]+>/g, ''));
        for (const piece of pattern.split(/<[^>]+>/)) texts.add(piece.trim());
      }
    }
  }
  return { has: (text) => texts.has(text) || patterns.some((re) => re.test(text)) };
}

/** What the page shows: visible text nodes, the chosen option of each select, and the
 * title / placeholder / aria-label of visible elements (outside `skip`). */
function shownTexts(skip) {
  const skipped = (el) => skip.some((selector) => el.closest(selector));
  const visible = (el) => el.checkVisibility?.() ?? true;
  const shown = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    const text = node.textContent.replace(/\s+/g, ' ').trim();
    if (!text || el.closest('select, script, style, code') || skipped(el) || !visible(el)) continue;
    shown.push({ text, where: el.id || el.tagName });
  }
  for (const select of document.querySelectorAll('select')) {
    const text = select.selectedOptions[0]?.textContent.trim();
    if (text && !skipped(select) && visible(select)) shown.push({ text, where: `select ${select.name || select.id}` });
  }
  for (const el of document.querySelectorAll('[title], [placeholder], [aria-label]')) {
    if (skipped(el) || !visible(el)) continue;
    for (const attr of ['title', 'placeholder', 'aria-label']) {
      const text = el.getAttribute(attr)?.trim();
      if (text && !(attr === 'placeholder' && /[=,]|^\d/.test(text))) shown.push({ text, where: `${el.id || el.tagName}[${attr}]` });
    }
  }
  document.title && shown.push({ text: document.title, where: 'title' });
  return shown;
}

const missingMessages = (page) => page.logs.filter((l) => l.type === 'error' && /missing message|l10n\//.test(l.text));

test('with lang=es every label, hint and attribute the page shows is Spanish', async () => {
  const page = await newPage(env.browser, { prefix: '[lang]' });
  await openApp(page, env.server.url, { lang: 'es' });
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'es');
  const spanish = await spanishTexts();
  const shown = await page.evaluate(shownTexts, DRAWN_IN_ENGLISH);
  assert.ok(shown.length > 80, `only ${shown.length} texts seen`);
  const english = shown.filter(({ text }) => !spanish.has(text) && !isKey(text));
  assert.deepEqual(english, [], 'shown text that is not from the Spanish catalogue');
  // The check itself: the English page fails it.
  await page.getByTestId('lang').selectOption('en');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  const inEnglish = (await page.evaluate(shownTexts, DRAWN_IN_ENGLISH)).filter(({ text }) => !spanish.has(text) && !isKey(text));
  assert.ok(inEnglish.length > 50, `the English page should fail the check (${inEnglish.length} texts)`);
  assert.deepEqual(missingMessages(page), []);
  await page.close();
});

test('the switch changes the language at once, keeps lang= in the URL beside the settings, and survives a reload', async () => {
  const page = await newPage(env.browser, { prefix: '[lang]' });
  await openApp(page, env.server.url);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en', 'the tests browser speaks English');
  assert.equal(await page.locator('#dataset h2').textContent(), 'Dataset');
  await page.getByTestId('lang').selectOption('es');
  await page.locator('#dataset h2', { hasText: 'Conjunto de datos' }).waitFor({ timeout: 5000 });
  assert.equal(await page.getByTestId('train').textContent(), 'Entrenar');
  assert.equal(await page.getByTestId('runs-filter').getAttribute('placeholder'), 'filtrar entrenamientos');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'es');
  assert.match(await page.evaluate(() => location.hash), /(^#|&)lang=es(&|$)/);

  // A setting changed afterwards rewrites the URL: the language stays in it, and is no bad setting.
  await page.getByTestId('lr').fill('0.05');
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /lr=0\.05/);
  assert.match(hash, /lang=es/);
  await page.reload();
  await page.locator('[data-testid="status"][data-state="idle"]').waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('#dataset h2').textContent(), 'Conjunto de datos');
  assert.equal(await page.getByTestId('lr').inputValue(), '0.05');
  assert.ok(await page.locator('#config-error').isHidden(), 'lang= is not reported as a bad setting');
  assert.equal(await page.getByTestId('lang').inputValue(), 'es');

  // Storage keeps the choice for a visit without lang= in the URL.
  await page.goto(env.server.url);
  await page.locator('[data-testid="status"][data-state="idle"]').waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('#settings h2').textContent(), 'Ajustes');
  assert.deepEqual(missingMessages(page), []);
  await page.close();
});

test('a browser in Spanish gets the page in Spanish', async () => {
  const context = await env.browser.newContext({ locale: 'es-ES' });
  const page = await context.newPage();
  await page.goto(env.server.url);
  await page.locator('[data-testid="status"][data-state="idle"]').waitFor({ timeout: 30_000 });
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'es');
  assert.equal(await page.locator('#training h2').textContent(), 'Entrenamiento');
  assert.equal(await page.getByTestId('lang').inputValue(), 'es');
  assert.doesNotMatch(await page.evaluate(() => location.hash), /lang=/, 'the URL names a language only when chosen');
  await context.close();
});

test('a lab link that names a language opens its lab in that language', async () => {
  const page = await newPage(env.browser, { prefix: '[lang]' });
  await page.goto(`${env.server.url}#preset=overfitting&lang=es`);
  await page.locator('[data-testid="status"][data-state="idle"]').waitFor({ timeout: 30_000 });
  assert.equal(await page.getByTestId('preset').inputValue(), 'overfitting');
  assert.match(await page.getByTestId('grid-spec').inputValue(), /dropout=0\.3/);
  assert.ok(await page.locator('#config-error').isHidden(), 'lang= is not reported as a bad setting');
  assert.equal(await page.locator('#grid-card h2').textContent(), 'Búsqueda en rejilla');
  assert.equal(await page.getByTestId('preset-run').textContent(), 'Ejecutar la rejilla');
  assert.match(await page.evaluate(() => location.hash), /lang=es/);
  await page.close();
});

test('what the scripts draw is Spanish too: a bad URL setting, the AdamW note, the threads note, a run', async () => {
  const page = await newPage(env.browser, { prefix: '[lang]' });
  await openApp(page, env.server.url, { lang: 'es', lr: 'fast', backend: 'cpu', epochs: 1, train_limit: 200 });
  assert.match(await page.locator('#config-error').textContent(), /^Algunos ajustes de la URL no se han usado: /);
  assert.match(await page.getByTestId('threads-note').textContent(), /^(un hilo|\d+ hilos) por entrenamiento en la CPU/);
  await page.getByTestId('optimizer').selectOption('adamw');
  assert.match(await page.getByTestId('weight-decay-note').textContent(), /^Se ha rellenado el decaimiento de pesos/);
  await page.getByTestId('lr').fill('0.01');
  await page.getByTestId('grid-spec').fill('lr=0.1,0.01');
  assert.match(await page.getByTestId('grid-plan').textContent(), /^2 combinaciones sobre lr; fijos: /);
  await page.getByTestId('grid-spec').fill('');
  await page.getByTestId('train').click();
  await page.locator('#progress-text', { hasText: /^Época 1\/1 · lote \d+\/\d+/ }).waitFor({ timeout: 60_000 });
  await waitForState(page, ['done'], 120_000);
  assert.match(await page.getByTestId('status').textContent(), /^Terminado en \d+,\d s\. Época informada 1: exactitud de validación /);
  assert.deepEqual(await page.locator('#summary thead th').allTextContents(), ['capa', 'forma de salida', 'parámetros']);
  assert.equal(await page.locator('#summary tfoot td').first().textContent(), 'Parámetros en total');
  // A switch draws the summary again in the other language.
  await page.getByTestId('lang').selectOption('en');
  await page.locator('#summary thead th', { hasText: 'output shape' }).waitFor({ state: 'attached', timeout: 5000 });
  assert.deepEqual(missingMessages(page), []);
  await page.close();
});
