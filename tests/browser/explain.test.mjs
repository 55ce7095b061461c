// Every setting explained where it is: each has a "?" that opens, from the keyboard, a note in
// the page's language; the note follows the setting's choice and names its formula (each
// optimizer's update rule, Dropout's scaling, BatchNorm's normalisation, each init's
// distribution, each schedule's lr curve, each augmentation's parameters). Both catalogues
// explain every setting and every choice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { FluentResource } from '@fluent/bundle';
import { servedPage, newPage, openApp } from './setup.mjs';

const env = servedPage({ webgpu: false });
const ids = async (lang) => new Set(new FluentResource(await readFile(new URL(`../../www/l10n/${lang}/help.ftl`, import.meta.url), 'utf8')).body.map((m) => m.id));
// Choices that are numbers or sizes: the setting's own sentence covers them.
const PLAIN_CHOICES = new Set(['image_size', 'kernel']);

async function openNote(page, key) {
  const button = page.getByTestId(`explain-${key}`);
  await button.focus();
  if ((await button.getAttribute('aria-expanded')) !== 'true') await page.keyboard.press('Enter');
  const note = page.getByTestId(`explain-note-${key}`);
  await note.waitFor({ state: 'visible' });
  return note.textContent();
}

test('every setting and choice is explained in both catalogues', async () => {
  const page = await newPage(env.browser, { prefix: '[explain]' });
  await openApp(page, env.server.url, { backend: 'cpu' });
  const settings = await page.evaluate(() => [...document.querySelectorAll('#config-form [name], #dataset-select, #cpu-threads')].map((c) => ({
    key: c.name || c.id, choices: c.tagName === 'SELECT' ? [...c.options].map((o) => o.value) : [] })));
  for (const lang of ['en', 'es']) {
    const known = await ids(lang);
    const missing = settings.flatMap(({ key, choices }) => [`help-${key}`, ...(PLAIN_CHOICES.has(key) ? [] : choices.map((c) => `help-${key}-${c}`))]).filter((id) => !known.has(id));
    assert.deepEqual(missing, [], `${lang}: settings without an explanation`);
    const buttons = await page.locator('button.explain').count();
    assert.equal(buttons, settings.length, 'a "?" beside every setting');
  }
  await page.close();
});

test('an explanation opens by keyboard, follows the choice, names the formula, and speaks Spanish', async () => {
  const page = await newPage(env.browser, { prefix: '[explain]' });
  await openApp(page, env.server.url, { backend: 'cpu', optimizer: 'adam', dropout: 0.3, batch_norm: true, init: 'he_normal', schedule: 'cosine', shift_scale_rotate: 0.5 });
  assert.match(await openNote(page, 'optimizer'), /m ← β₁m \+ \(1 − β₁\)g/, "Adam's update rule");
  await page.locator('[name="optimizer"]').selectOption('momentum');
  assert.match(await page.getByTestId('explain-note-optimizer').textContent(), /v ← μ·v \+ g, w ← w − η·v/, 'the note follows the choice');
  assert.match(await openNote(page, 'dropout'), /1\/\(1 − p\)/, "Dropout's scaling");
  assert.match(await openNote(page, 'batch_norm'), /\(x − μ_B\) \/ √\(σ²_B \+ ε\)/, "BatchNorm's normalisation");
  assert.match(await openNote(page, 'init'), /N\(0, 2 \/ fan_in\)/, "He's distribution");
  assert.match(await openNote(page, 'schedule'), /cos\(π·e \/ epochs\)/, "cosine's lr curve");
  assert.match(await openNote(page, 'shift_scale_rotate'), /shift_limit.*scale_limit.*rotate_limit/, 'its parameters');
  await page.keyboard.press('Escape');
  assert.ok(await page.getByTestId('explain-note-shift_scale_rotate').isHidden(), 'Escape closes it');

  await page.getByTestId('lang').selectOption('es');
  // The Spanish catalogue loads, then the open note is written again.
  await page.getByTestId('explain-note-optimizer').filter({ hasText: /SGD con momento μ/ }).waitFor({ timeout: 5000 });
  assert.match(await openNote(page, 'lr'), /tasa de aprendizaje η/);
  assert.match(await page.getByTestId('explain-lr').getAttribute('aria-label'), /^¿Qué hace /);
  await page.close();
});
