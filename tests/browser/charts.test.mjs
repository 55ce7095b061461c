// Charts that read cleanly: the chart module's own layout numbers, with the page's real
// fonts, show that no two tick or class labels overlap; before a run there are no fake axes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { servedPage, newPage, openApp } from './setup.mjs';

const env = servedPage({ webgpu: false });

const overlap = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
function firstOverlap(boxes) {
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) if (overlap(boxes[i], boxes[j])) return [boxes[i], boxes[j]];
  }
  return null;
}

test('epoch labels never overlap for 2, 5, 50 and 200 epochs, and an empty chart says no run yet', async () => {
  const page = await newPage(env.browser, { prefix: '[charts]' });
  await openApp(page, env.server.url, {});
  await page.waitForFunction(() => document.querySelector('[data-testid="curves"]').dataset.layout);
  const empty = JSON.parse(await page.getByTestId('curves').getAttribute('data-layout'));
  assert.deepEqual(empty.panels, [], 'no axes before a run');

  const layouts = await page.evaluate(async () => {
    const { Curves } = await import(new URL('pkg/aula_page.js', document.baseURI));
    const canvas = document.querySelector('[data-testid="curves"]');
    const out = {};
    for (const epochs of [2, 5, 50, 200]) {
      const curves = new Curves();
      curves.start(10, epochs);
      curves.addLosses(Array.from({ length: epochs * 10 }, (_, i) => ({ step: i + 1, loss: 2 / (i + 1) })));
      for (let e = 1; e <= epochs; e++) {
        curves.addEpoch({ epoch: e, train_loss: 1 / e, train_accuracy: 0.5, val_loss: 1.1 / e, val_accuracy: 0.45, lr: 1e-3 * 0.97 ** e, seconds: 1 });
      }
      out[epochs] = curves.draw(canvas);
    }
    return out;
  });
  for (const [epochs, layout] of Object.entries(layouts)) {
    assert.equal(layout.panels.length, 3);
    for (const labels of layout.panels) {
      assert.ok(labels.length >= 1, `${epochs} epochs: labels drawn`);
      assert.equal(firstOverlap(labels), null, `${epochs} epochs: ${JSON.stringify(firstOverlap(labels))}`);
      assert.ok(labels.every((l) => /^\d+$/.test(l.text)), `whole epochs only: ${labels.map((l) => l.text)}`);
    }
    if (Number(epochs) === 5) assert.deepEqual(layout.panels[2].map((l) => l.text), ['1', '2', '3', '4', '5']);
  }
  await page.close();
});

test('class names under and beside the confusion matrix never overlap for 2, 10 and 50 classes', async () => {
  const page = await newPage(env.browser, { prefix: '[confusion]' });
  await openApp(page, env.server.url, {});
  const layouts = await page.evaluate(async () => {
    const { drawConfusion } = await import(new URL('pkg/aula_page.js', document.baseURI));
    const canvas = document.querySelector('[data-testid="confusion"]');
    const fashion = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
    const out = {};
    for (const n of [2, 10, 50]) {
      const counts = Array.from({ length: n }, (_, t) => Array.from({ length: n }, (_, p) => (t === p ? 9 : (t + p) % 3)));
      const names = Array.from({ length: n }, (_, i) => (n === 10 ? fashion[i] : `class ${i} of a long folder name`));
      out[n] = { layout: drawConfusion(canvas, { classes: n, counts }, names, false), width: canvas.width, height: canvas.height };
    }
    return out;
  });
  for (const [n, { layout, width, height }] of Object.entries(layouts)) {
    for (const side of ['columns', 'rows']) {
      const labels = layout[side];
      assert.ok(labels.length >= Math.min(Number(n), 10), `${n} classes: ${side} named (${labels.length})`);
      assert.equal(firstOverlap(labels), null, `${n} classes, ${side}: ${JSON.stringify(firstOverlap(labels))}`);
      for (const l of labels) assert.ok(l.left >= 0 && l.top >= 0 && l.right <= width && l.bottom <= height, `${n}: ${JSON.stringify(l)} inside`);
    }
    if (Number(n) === 10) assert.equal(layout.columns.length, 10, 'every Fashion-MNIST class is named');
  }
  await page.close();
});
