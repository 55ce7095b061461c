// The training worker on WebGPU (SwiftShader here) against the CPU backend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { servedPage, newPage } from './setup.mjs';

const env = servedPage({ webgpu: true });

/** The worker's parity self-check: `steps` steps of `recipe` on WebGPU and on the CPU. */
async function parity(recipe, steps) {
  const page = await newPage(env.browser, { prefix: `[parity ${recipe}]` });
  await page.goto(env.server.url);
  const reply = await page.evaluate(({ recipe, steps }) => new Promise((resolve) => {
    const worker = new Worker('www/worker.js', { type: 'module' });
    worker.onmessage = (e) => { if (e.data.type !== 'ready') resolve(e.data); };
    worker.onerror = (e) => resolve({ type: 'error', message: e.message });
    worker.postMessage({ type: 'parity', steps, recipe });
  }), { recipe, steps });
  await page.close();
  assert.equal(reply.type, 'parity', JSON.stringify(reply));
  console.log(`${recipe} on ${reply.adapter}\nwebgpu: ${reply.webgpu}\ncpu:    ${reply.cpu}`);
  assert.equal(reply.webgpu.length, steps);
  reply.webgpu.forEach((loss, i) => {
    assert.ok(Math.abs(loss - reply.cpu[i]) <= 1e-4, `step ${i + 1}: webgpu ${loss} vs cpu ${reply.cpu[i]}`);
  });
  assert.ok(reply.webgpu[steps - 1] < reply.webgpu[0] - 0.05, 'WebGPU steps lower the loss');
}

test('WebGPU and flex agree on the same weights and batch over 5 Adam steps', () => parity('mlp_adam', 5));

test('WebGPU and flex agree for a CNN with BatchNorm over 4 SGD + momentum steps', () => parity('cnn_batch_norm_momentum', 4));

test('running out of memory in the worker is reported in words, not as a trap', async () => {
  const page = await newPage(env.browser, { prefix: '[oom]' });
  await page.goto(env.server.url);
  const reply = await page.evaluate(() => new Promise((resolve) => {
    const worker = new Worker('www/worker.js', { type: 'module' });
    worker.onmessage = (e) => {
      if (e.data.type === 'ready') worker.postMessage({ type: 'exhaust' });
      else if (e.data.type === 'error') resolve(e.data);
    };
  }));
  assert.match(reply.message, /ran out of memory: it could not get 512 MB more/, reply.message);
  assert.doesNotMatch(reply.message, /unreachable/);
  await page.close();
});
