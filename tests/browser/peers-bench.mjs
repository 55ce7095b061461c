// Side-by-side training speed, in one headless Chromium on one adapter: the three recipes of
// the speed issue (synthetic inputs, one fixed batch, loss read back as each library's
// training loop does: TF.js and jax-js every step; aula's WebGPU path up to 16 steps at once,
// which with the 3 timed steps a software adapter allows is one read for the 3, and for
// comparison every step) on aula's CPU (one thread, and the threaded worker), WebGPU
// backends, on jax-js 0.1.25 (`@jax-js/jax`: wasm, threaded where the page is cross-origin
// isolated, and webgpu; a jit-compiled train step) and on TensorFlow.js 4.22's wasm, webgl
// and webgpu backends. The page is cross-origin isolated, as `./aula.sh serve` serves it, so
// TF.js's and jax-js's wasm backends use their threads too; a second, non-isolated page times
// jax-js's wasm on one thread. Prints steady images/s after a warm-up, the first (warm-up)
// step on WebGPU, the ratios, and what aula's Auto picks. Numbers only.
// TensorFlow.js and jax-js come from npm (`./aula.sh bench` installs them outside the clone)
// and are served from dist/bench/ next to the page, so nothing leaves the origin.
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { serveDist, launchBrowser, newPage, DIST, WARMUP_MS } from './setup.mjs';

const TFJS = process.env.AULA_TFJS ?? join(homedir(), '.cache/aula/tfjs/node_modules/@tensorflow');
const JAX = process.env.AULA_JAX ?? join(homedir(), '.cache/aula/jax/node_modules/@jax-js/jax');
const RECIPES = [
  // R1's CPU steps take a few ms: 10× the steps on the CPU backends, so each figure spans ~1 s.
  { id: 'mlp_adam', name: 'R1 MLP 784-256-128-10, Adam, batch 64', batch: 64, shape: [784], hidden: [256, 128], classes: 10, cpuScale: 10 },
  { id: 'wide_mlp_adam', name: 'R2 MLP 12288-512-128-9, Adam, batch 32', batch: 32, shape: [12288], hidden: [512, 128], classes: 9 },
  { id: 'cnn_adam', name: 'R3 CNN 32x32x3 conv32-pool-conv64-pool-128-10, Adam, batch 64', batch: 64, shape: [32, 32, 3], conv: true, classes: 10 },
];
// Each figure's warm-up is as many steps as it times, and at least WARMUP_MS (every library
// alike): a fresh worker or page runs wasm on V8's baseline code at first (threads-bench.mjs: R1
// on aula's CPU printed about 18,000–19,000 images/s after 2 warm-up steps, 35,000 after 300;
// longer while every core trains, warmup-bench.mjs), and a GPU compiles its kernels.
const STEPS = { cpu: 30, wasm: 10, webgl: 3, webgpu: 3 }; // software GPUs take seconds a step
const JAX_STEPS = { wasm: 10, webgpu: 3 };

const served = join(DIST, 'bench');
rmSync(served, { recursive: true, force: true });
mkdirSync(served, { recursive: true });
for (const [pkg, files] of [['tfjs', ['tf.min.js']], ['tfjs-backend-wasm', ['tf-backend-wasm.min.js', 'tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm']], ['tfjs-backend-webgpu', ['tf-backend-webgpu.min.js']]]) {
  for (const file of files) {
    const from = join(TFJS, pkg, 'dist', file);
    if (!existsSync(from)) throw new Error(`${from} is missing: ./aula.sh bench installs TensorFlow.js`);
    cpSync(from, join(served, file));
  }
}

if (!existsSync(join(JAX, 'dist', 'index.js'))) throw new Error(`${JAX} is missing: ./aula.sh bench installs jax-js`);
cpSync(join(JAX, 'dist'), join(served, 'jax'), { recursive: true });
cpSync(new URL('./peers/jax-train.js', import.meta.url), join(served, 'jax-train.js'));

const server = await serveDist();
const plain = await serveDist({ isolate: false }); // for jax-js's wasm on one thread
const browser = await launchBrowser({ webgpu: true });
const results = {}; // recipe -> column -> { rate, first } or { error }
try {
  const page = await newPage(browser, { prefix: '[peers-bench]' });
  page.removeAllListeners('console');
  await page.goto(server.url);
  // The same, not cross-origin isolated (no headers, no service worker): one wasm thread.
  const single = await newPage(browser, { prefix: '[peers-bench 1 thread]', serviceWorkers: 'block' });
  single.removeAllListeners('console');
  await single.goto(plain.url);
  const isolated = await page.evaluate(() => crossOriginIsolated);
  const singleIsolated = await single.evaluate(() => crossOriginIsolated);

  // jax-js in `on` (a page), on `device`.
  const jaxjs = (on, recipe, device, steps) => on.evaluate(async ({ recipe, device, steps, warmup, warmupMs }) => {
    try {
      const { trainSpeed } = await import(new URL('bench/jax-train.js', location.href).href);
      return await trainSpeed(recipe, device, steps, warmup, warmupMs);
    } catch (e) {
      return { error: String(e.message ?? e).split('\n')[0].slice(0, 120) };
    }
  }, { recipe, device, steps, warmup: steps, warmupMs: WARMUP_MS });
  for (const file of ['tf.min.js', 'tf-backend-wasm.min.js', 'tf-backend-webgpu.min.js']) await page.addScriptTag({ url: `bench/${file}` });

  // aula, in its own worker, per recipe and backend (and what Auto picks).
  // `depth`: steps in flight before a readback (training's own depth for the backend if unset).
  // `tasks_max`: cubecl's kernels per GPU submission (32 if unset).
  // `threads`: above 1, the threaded CPU worker with a pool of that many (the page is isolated).
  const aula = (recipe, backend, steps, depth, tasksMax, threads = 1) => page.evaluate(({ recipe, backend, steps, warmup, warmupMs, depth, tasksMax, threads }) => new Promise((resolve) => {
    const worker = new Worker(`www/worker.js${threads > 1 ? `?threads=${threads}` : ''}`, { type: 'module' });
    worker.onmessage = ({ data }) => {
      if (data.type === 'speed' || data.type === 'error') {
        worker.terminate();
        resolve(data.type === 'speed' ? { ...data, rate: data.images_per_sec, first: data.first_step_ms } : { error: data.message });
      }
    };
    worker.postMessage({ type: 'speed', recipe, backend, warmup, warmup_ms: warmupMs, steps, depth, tasks_max: tasksMax });
  }), { recipe, backend, steps, warmup: steps, warmupMs: WARMUP_MS, depth, tasksMax, threads });
  const threads = Math.min(16, await page.evaluate(() => navigator.hardwareConcurrency));
  const threadedColumn = `aula cpu ${threads} threads`;

  // TensorFlow.js on the page's thread: a tf.layers model like aula's, trainOnBatch per step.
  const tfjs = (recipe, backend, steps) => page.evaluate(async ({ recipe, backend, steps, warmup, warmupMs }) => {
    const tf = window.tf;
    try {
      if (backend === 'wasm') tf.wasm.setWasmPaths(new URL('bench/', location.href).href);
      if (!(await tf.setBackend(backend))) return { error: `the ${backend} backend did not start` };
      await tf.ready();
      // Two models alike: the warm-up trains one and the timed steps the other, as in aula's
      // `speed` (a model learns one fixed batch by heart, and may then run slower).
      const build = () => {
        const model = tf.sequential();
        if (recipe.conv) {
          model.add(tf.layers.conv2d({ inputShape: recipe.shape, filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' }));
          model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
          model.add(tf.layers.conv2d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu' }));
          model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
          model.add(tf.layers.flatten());
          model.add(tf.layers.dense({ units: 128, activation: 'relu' }));
        } else {
          model.add(tf.layers.dense({ inputShape: recipe.shape, units: recipe.hidden[0], activation: 'relu' }));
          model.add(tf.layers.dense({ units: recipe.hidden[1], activation: 'relu' }));
        }
        model.add(tf.layers.dense({ units: recipe.classes }));
        model.compile({ optimizer: tf.train.adam(1e-3), loss: (y, p) => tf.losses.softmaxCrossEntropy(y, p), metrics: ['accuracy'] });
        return model;
      };
      const warm = build();
      const model = build();
      const x = tf.randomUniform([recipe.batch, ...recipe.shape]);
      const y = tf.oneHot(tf.tensor1d(Array.from({ length: recipe.batch }, (_, i) => i % recipe.classes), 'int32'), recipe.classes);
      let began = performance.now();
      await warm.trainOnBatch(x, y);
      const first = performance.now() - began;
      for (let i = 1; i < warmup || performance.now() - began < first + warmupMs; i++) await warm.trainOnBatch(x, y);
      await model.trainOnBatch(x, y); // the timed model's first step (its Adam slots made), untimed
      began = performance.now();
      for (let i = 0; i < steps; i++) await model.trainOnBatch(x, y);
      const rate = (steps * recipe.batch) / ((performance.now() - began) / 1000);
      tf.dispose([x, y]);
      warm.dispose();
      model.dispose();
      return { rate, first };
    } catch (e) {
      return { error: String(e.message ?? e).split('\n')[0].slice(0, 120) };
    }
  }, { recipe, backend, steps, warmup: steps, warmupMs: WARMUP_MS });

  for (const recipe of RECIPES) {
    const row = (results[recipe.name] = {});
    const scale = recipe.cpuScale ?? 1; // the CPU and wasm columns, every library alike
    row['aula cpu'] = await aula(recipe.id, 'cpu', STEPS.cpu * scale);
    row[threadedColumn] = await aula(recipe.id, 'cpu', STEPS.cpu * scale, undefined, undefined, threads);
    row['aula webgpu'] = await aula(recipe.id, 'webgpu', STEPS.webgpu);
    row['aula webgpu, read every step'] = await aula(recipe.id, 'webgpu', STEPS.webgpu, 1);
    for (const backend of ['wasm', 'webgl', 'webgpu']) row[`tfjs ${backend}`] = await tfjs(recipe, backend, STEPS[backend] * (backend === 'wasm' ? scale : 1));
    row['jax-js wasm'] = await jaxjs(page, recipe, 'wasm', JAX_STEPS.wasm * scale);
    row['jax-js wasm 1 thread'] = await jaxjs(single, recipe, 'wasm', JAX_STEPS.wasm * scale);
    row['jax-js webgpu'] = await jaxjs(page, recipe, 'webgpu', JAX_STEPS.webgpu);
    console.log(`${recipe.name}: ${Object.entries(row).map(([k, v]) => `${k} ${v.error ? 'failed' : Math.round(v.rate)}`).join(', ')}`);
  }
  // Auto as the speed message sees it (no model to calibrate: a software adapter means the CPU).
  const auto = await aula('mlp_adam', 'auto', 2);
  const tasks = {};
  for (const tasksMax of [8, 128]) tasks[tasksMax] = await aula('mlp_adam', 'webgpu', STEPS.webgpu, undefined, tasksMax);
  const adapter = await page.evaluate(async () => {
    const a = await navigator.gpu?.requestAdapter();
    return a ? `${a.info?.vendor ?? ''} ${a.info?.architecture ?? ''}`.trim() : 'none';
  });
  await page.close();
  await single.close();

  const cell = (v) => (v.error ? `cannot train (${v.error})` : v.rate < 100 ? v.rate.toFixed(1) : Math.round(v.rate).toLocaleString('en'));
  const columns = ['aula cpu', threadedColumn, 'aula webgpu', 'jax-js wasm 1 thread', 'jax-js wasm', 'jax-js webgpu', 'tfjs wasm', 'tfjs webgl', 'tfjs webgpu'];
  const scaled = RECIPES.filter((r) => r.cpuScale).map((r) => `${r.name.split(' ')[0]} ${r.cpuScale}× those`).join(', ');
  console.log(`\ntraining images/s after a warm-up of as many steps as timed and of at least ${WARMUP_MS / 1000} s ` +
    `(timed: ${STEPS.cpu} on aula's CPU, ${STEPS.wasm} on wasm, ${scaled}; ${STEPS.webgpu} on GPUs); WebGPU adapter: ${adapter}; ${threads} cores; ` +
    `page cross-origin isolated: ${isolated} (jax-js and TF.js wasm use threads there), the 1-thread page: ${singleIsolated}`);
  console.log(`| recipe | ${columns.join(' | ')} |`);
  console.log(`|---|${columns.map(() => '---').join('|')}|`);
  for (const [name, row] of Object.entries(results)) console.log(`| ${name} | ${columns.map((c) => cell(row[c])).join(' | ')} |`);
  const ratio = (a, b) => (a.error || b.error ? '–' : `${(a.rate / b.rate).toFixed(2)}×`);
  console.log('\n| recipe | aula webgpu / tfjs webgpu | aula webgpu / tfjs webgl | aula cpu / tfjs wasm | first step: aula webgpu, tfjs webgpu |');
  console.log('|---|---|---|---|---|');
  for (const [name, r] of Object.entries(results)) {
    const first = (v) => (v.error ? '–' : `${Math.round(v.first)} ms`);
    console.log(`| ${name.split(' ')[0]} | ${ratio(r['aula webgpu'], r['tfjs webgpu'])} | ${ratio(r['aula webgpu'], r['tfjs webgl'])} | ${ratio(r['aula cpu'], r['tfjs wasm'])} | ${first(r['aula webgpu'])}, ${first(r['tfjs webgpu'])} |`);
  }
  // The speed issue's targets: aula WebGPU ≥ 1.0× jax-js WebGPU; threaded ≥ 1.6× (R2, R3) and
  // ≥ 1.2× (R1) one thread, and ahead of jax-js's best wasm figure.
  const best = (r) => [r['jax-js wasm'], r['jax-js wasm 1 thread']].filter((v) => v && !v.error).sort((a, b) => b.rate - a.rate)[0] ?? { error: 'none' };
  console.log(`\n| recipe | aula webgpu / jax-js webgpu | aula cpu ${threads} threads / aula cpu 1 thread | aula cpu ${threads} threads / jax-js best wasm | aula cpu 1 thread / jax-js wasm 1 thread | aula cpu ${threads} threads / tfjs wasm |`);
  console.log('|---|---|---|---|---|---|');
  for (const [name, r] of Object.entries(results)) {
    console.log(`| ${name.split(' ')[0]} | ${ratio(r['aula webgpu'], r['jax-js webgpu'])} | ${ratio(r[threadedColumn], r['aula cpu'])} | ` +
      `${ratio(r[threadedColumn], best(r))} | ${ratio(r['aula cpu'], r['jax-js wasm 1 thread'])} | ${ratio(r[threadedColumn], r['tfjs wasm'])} |`);
  }
  console.log(`\nAuto chose: ${auto.error ? `error (${auto.error})` : auto.backend} for R1`);

  const tasksLine = [8, 32, 128].map((t) => `${t}: ${cell(t === 32 ? results[RECIPES[0].name]['aula webgpu'] : tasks[t])}`).join(', ');
  console.log(`\nR1 on aula webgpu by cubecl's tasks_max (kernels per submission), images/s: ${tasksLine}`);

  // Where aula's step goes: host time issuing a step (on the CPU, computing it) and waiting
  // for results, and the kernels a WebGPU step launches (cubecl's launch observer).
  console.log('\n| recipe | backend | steps in flight | images/s | issue ms/step | wait ms/step | launches/step | most launched kernels (per step) |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const [name, r] of Object.entries(results)) {
    for (const column of ['aula cpu', threadedColumn, 'aula webgpu', 'aula webgpu, read every step']) {
      const v = r[column];
      if (v.error) continue;
      const kernels = v.kernels.slice(0, 6).map(([k, n]) => `${k} ${n.toFixed(1)}`).join(', ') || '–';
      const launches = v.launches_per_step == null ? '–' : v.launches_per_step.toFixed(0);
      console.log(`| ${name.split(' ')[0]} | ${v.backend}${v.threads > 1 ? ` (${v.threads} threads)` : ''} | ${v.depth} | ${cell(v)} | ${v.issue_ms.toFixed(1)} | ${v.wait_ms.toFixed(1)} | ${launches} | ${kernels} |`);
    }
  }
} finally {
  await browser.close();
  await server.close();
  await plain.close();
  rmSync(served, { recursive: true, force: true });
}
