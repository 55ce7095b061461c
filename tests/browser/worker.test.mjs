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

test('WebGPU and flex agree on a short last batch (10 rows, no multiple of the product kernel\'s block)', () => parity('short_batch_mlp_adam', 5));

test('WebGPU and flex agree for a CNN with BatchNorm over 4 SGD + momentum steps', () => parity('cnn_batch_norm_momentum', 4));

test("Auto's calibration times the run's model on both backends, picks the faster and remembers it", async () => {
  const page = await newPage(env.browser, { prefix: '[calibrate]' });
  await page.goto(env.server.url);
  // A small model on the demo set; the hook runs the calibration even on this software adapter.
  const replies = await page.evaluate(() => new Promise((resolve) => {
    const worker = new Worker('www/worker.js', { type: 'module' });
    const message = { type: 'calibrate', config: { hidden: [32], batch_size: 16 }, demo_url: new URL('demo/', location.href).href };
    const got = [];
    worker.onmessage = ({ data }) => {
      if (data.type === 'ready') worker.postMessage(message);
      if (data.type === 'error') resolve([data]);
      if (data.type !== 'calibrated') return;
      got.push(data);
      if (got.length === 1) worker.postMessage(message);
      else { worker.terminate(); resolve(got); }
    };
  }));
  await page.close();
  const [first, again] = replies;
  assert.equal(first.type, 'calibrated', JSON.stringify(first));
  console.log(first.reason);
  assert.ok(first.cpu > 0 && first.webgpu > 0, JSON.stringify(first));
  assert.equal(first.chosen, first.webgpu > first.cpu ? 'webgpu' : 'cpu');
  assert.match(first.reason, /WebGPU \(.+\) [\d.]+ images\/s, CPU [\d.]+ images\/s, so it trains on/);
  assert.equal(first.earlier, false);
  // The same model shape again: remembered, not timed again.
  assert.equal(again.earlier, true);
  assert.deepEqual([again.cpu, again.webgpu, again.chosen], [first.cpu, first.webgpu, first.chosen]);
  assert.match(again.reason, /earlier this session/);
});

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
