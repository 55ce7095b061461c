// The page in Spanish and English: `lang=` in the URL, the header's switch (at once, kept in the
// URL and in storage), the browser's own language, a lab's link that also names a language, and
// every text the page shows in Spanish: fresh, after a run, a folder, a grid and an error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { FluentResource } from '@fluent/bundle';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { servedPage, newPage, openApp, waitForState } from './setup.mjs';
import { labFolder, writeTree } from './images.mjs';

const env = servedPage({ webgpu: false });
let dir;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'aula-lang-'));
  writeTree(dir, labFolder('fotos', { perClass: 8 }));
});
after(() => dir && rmSync(dir, { recursive: true, force: true }));

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
const isKey = (text) => UNTRANSLATED.has(text) || !/\p{L}/u.test(text) || /^[\d.,\s%×x]+$/.test(text) || /^[a-z]+(_[a-z]+)+$/.test(text) ||
  /^-?[\d.,]+e[-+]?\d+$/.test(text) || /^(MLP|CNN)( [\d-]+)*$/.test(text); // 1.0e-2; a model as the notebooks name it


/** A pattern as a regex source: an argument is any text (empty too), a select one of its
 * variants, a literal ({""}) itself. */
const toRegex = (value) => (typeof value === 'string' ? escape(value) : value.map((part) => (typeof part === 'string' ? escape(part)
  : part.type === 'select' ? `(?:${part.variants.map((v) => toRegex(v.value)).join('|')})`
    : part.type === 'str' ? escape(part.value) : '.*')).join(''));
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
  // A message may start a sentence: the page capitalises it there ("Una carpeta por clase…").
  const exactly = (text) => texts.has(text) || patterns.some((re) => re.test(text));
  const one = (text) => exactly(text) || exactly(text.charAt(0).toLowerCase() + text.slice(1));
  // A line may be several messages, one sentence each ("Terminado en 2,1 s. Época informada 1: …").
  const has = (text) => one(text) || text.split(/(?<=[.:]) (?=\p{Lu})/u).every(one);
  // A message that is all argument (a select whose variant is only `{ $x }`) would pass anything.
  const loose = patterns.filter((re) => re.test('Plainly English words'));
  assert.deepEqual(loose.map(String), [], 'Spanish messages that match any text');
  return { has };
}

/** What the page shows: visible text nodes, the chosen option of each select, and the
 * title / placeholder / aria-label of visible elements. Errors the worker words in Rust (a
 * setting's problem, a skipped file, a folder or run that failed) are messages too; what they
 * quote of the browser or a decoder is an argument, like a class name. */
function shownTexts() {
  const visible = (el) => el.checkVisibility?.() ?? true;
  const shown = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    const text = node.textContent.replace(/\s+/g, ' ').trim();
    if (!text || el.closest('select, script, style, code') || !visible(el)) continue;
    shown.push({ text, where: el.id || el.tagName });
  }
  for (const select of document.querySelectorAll('select')) {
    const text = select.selectedOptions[0]?.textContent.trim();
    if (text && visible(select)) shown.push({ text, where: `select ${select.name || select.id}` });
  }
  for (const el of document.querySelectorAll('[title], [placeholder], [aria-label]')) {
    if (!visible(el)) continue;
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
  const shown = await page.evaluate(shownTexts);
  assert.ok(shown.length > 80, `only ${shown.length} texts seen`);
  const english = shown.filter(({ text }) => !spanish.has(text) && !isKey(text));
  assert.deepEqual(english, [], 'shown text that is not from the Spanish catalogue');
  // The check itself: the English page fails it.
  await page.getByTestId('lang').selectOption('en');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  const inEnglish = (await page.evaluate(shownTexts)).filter(({ text }) => !spanish.has(text) && !isKey(text));
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
  assert.equal(await page.locator('#config-error').textContent(), "Algunos ajustes de la URL no se han usado: 'fast' no es un valor válido para lr");
  // A value the form refuses is said in Spanish, and again in English after a switch.
  await page.getByTestId('batch-size').fill('0');
  await page.locator('#config-error', { hasText: /^batch_size debe estar entre 1 y 4096 \(se ha dado 0\)$/ }).waitFor({ timeout: 5000 });
  await page.getByTestId('lang').selectOption('en');
  await page.locator('#config-error', { hasText: 'batch_size must be 1..4096, got 0' }).waitFor({ timeout: 5000 });
  await page.getByTestId('lang').selectOption('es');
  await page.locator('#config-error', { hasText: 'batch_size debe estar entre 1 y 4096' }).waitFor({ timeout: 5000 });
  await page.getByTestId('batch-size').fill('64');
  await page.locator('#config-error').waitFor({ state: 'hidden', timeout: 5000 });
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
  // After the run: its table row, the evaluation (report, gallery, confusion choices), the
  // model card and the navigation's badges are Spanish too.
  await page.locator('[data-testid="run-row"]').first().waitFor();
  await page.locator('#report caption', { hasText: 'Informe de clasificación' }).waitFor({ timeout: 5000 });
  const spanish = await spanishTexts();
  const after = (await page.evaluate(shownTexts)).filter(({ text }) => !spanish.has(text) && !isKey(text));
  assert.deepEqual(after, [], 'shown after a run, not from the Spanish catalogue');
  // A switch draws the summary again in the other language.
  await page.getByTestId('lang').selectOption('en');
  await page.locator('#summary thead th', { hasText: 'output shape' }).waitFor({ state: 'attached', timeout: 5000 });
  assert.deepEqual(missingMessages(page), []);
  await page.close();
});

test('after a folder with bad files, a grid and an error, what the page shows is Spanish', async () => {
  const page = await newPage(env.browser, { prefix: '[lang]' });
  await openApp(page, env.server.url, { lang: 'es', backend: 'cpu', image_size: 16, epochs: 1, hidden: '16', batch_size: 8 });
  const spanish = await spanishTexts();
  // The folder's own names (its classes, its files' paths) and the runs' names (stored, and the
  // student's to rename: a grid's say which settings it ran) are in no language.
  const folderData = /^(fotos|blue|green|red|lonely)$|^fotos\/|^grid: [a-z_]+=/;
  const english = async (when) => (await page.evaluate(shownTexts))
    .filter(({ text }) => !spanish.has(text) && !isKey(text) && !folderData.test(text)).map((shown) => ({ ...shown, when }));
  const frame = () => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

  await page.getByTestId('folder-input').setInputFiles(join(dir, 'fotos'));
  await waitForState(page, ['idle'], 60_000);
  await page.getByTestId('skipped-files').locator('td').first().waitFor();
  await frame();
  const afterFolder = await english('a folder');

  await page.getByTestId('grid-spec').fill('lr=0.1,0.01');
  await page.getByTestId('grid-workers').fill('1');
  await page.getByTestId('grid-run').click();
  await page.locator('[data-testid="grid-status"][data-state="done"]').waitFor({ timeout: 120_000 });
  await frame();
  const afterGrid = await english('a grid');

  await page.getByTestId('zip-input').setInputFiles({ name: 'roto.zip', mimeType: 'application/zip', buffer: Buffer.from('no es un zip') });
  await waitForState(page, ['error'], 60_000);
  await frame();
  assert.match(await page.getByTestId('status').textContent(), /^roto\.zip: no es un \.zip legible: /);
  assert.match(await page.locator('#dataset-warnings li.error').textContent(), /^roto\.zip: no es un \.zip legible: /);
  const afterError = await english('an error');
  assert.deepEqual([...afterFolder, ...afterGrid, ...afterError], [], 'shown text that is not from the Spanish catalogue');
  assert.deepEqual(missingMessages(page), []);
  await page.close();
});
