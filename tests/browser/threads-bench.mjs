// The threaded CPU worker against the single-threaded one on the speed issue's three recipes
// (the worker's `speed` message: one fixed batch, steady images/s after a warm-up), in one
// cross-origin isolated page, as `./aula.sh serve` serves it. Needs a `bench` build (the
// speed message). The same columns as peers-bench.mjs's aula CPU ones, without the peers and
// the software GPU. On a shared 2-core machine one pair of runs moved R2's ratio between 1.3×
// and 1.65×, so each recipe runs ROUNDS times, one thread and the pool alternating, and the
// medians are what it prints, beside every round's figures. Numbers only.
import { serveDist, launchBrowser, newPage, WARMUP_MS } from './setup.mjs';

// AULA_RECIPES=wide_mlp_adam,cnn_adam runs only those (default: all three).
const ONLY = process.env.AULA_RECIPES?.split(',');
const RECIPES = [
  ['mlp_adam', 'R1 MLP 784-256-128-10, Adam, batch 64', 10], // its steps take a few ms: 10× the steps
  ['wide_mlp_adam', 'R2 MLP 12288-512-128-9, Adam, batch 32'],
  ['cnn_adam', 'R3 CNN 32x32x3 conv32-pool-conv64-pool-128-10, Adam, batch 64'],
].filter(([id]) => !ONLY || ONLY.includes(id));
// A warm-up of as many steps as timed ones, and of at least WARMUP_MS: V8 runs a fresh worker's
// module on baseline code at first and optimises its hot functions meanwhile. Two warm-up steps
// (R1's take a few ms) timed mostly baseline code: R1 printed about 18,000–19,000 images/s on one
// thread, 35,000 after 300. While every core trains, the optimising takes longer: the threaded
// worker's R2 steps 31–60 still ran on baseline code (warmup-bench.mjs).
const STEPS = 30;
// AULA_ROUNDS: rounds per recipe (odd, so the median is one of them; at least 1).
const ROUNDS = Math.max(1, Math.floor(Number(process.env.AULA_ROUNDS ?? 3)) || 1);

const server = await serveDist();
const browser = await launchBrowser({ webgpu: false });
try {
  const page = await newPage(browser, { prefix: '[threads-bench]' });
  page.removeAllListeners('console');
  await page.goto(server.url);
  if (!(await page.evaluate(() => crossOriginIsolated))) throw new Error('the page is not cross-origin isolated: no threads');
  // As many threads as the page would give a run (it asks for at most 16).
  const cores = Math.min(16, await page.evaluate(() => navigator.hardwareConcurrency));
  if (cores < 2) throw new Error('one core: nothing to compare');
  const speed = (recipe, threads, steps) => page.evaluate(({ recipe, threads, steps, warmupMs }) => new Promise((resolve) => {
    const worker = new Worker(`www/worker.js${threads > 1 ? `?threads=${threads}` : ''}`, { type: 'module' });
    worker.onmessage = ({ data }) => {
      if (data.type === 'speed' || data.type === 'error') {
        worker.terminate();
        resolve(data.type === 'speed' ? data : { error: data.message });
      }
    };
    worker.postMessage({ type: 'speed', recipe, backend: 'cpu', warmup: steps, warmup_ms: warmupMs, steps });
  }), { recipe, threads, steps, warmupMs: WARMUP_MS });
  const scaled = RECIPES.filter(([, , scale]) => scale).map(([, name, scale]) => `${name.split(' ')[0]} ${STEPS * scale}`).join(', ');
  console.log(`training images/s on the CPU after a warm-up of as many steps as timed: ${STEPS}${scaled ? ` (${scaled})` : ''}, and of at least ` +
    `${WARMUP_MS / 1000} s; ${cores} cores; ` +
    `median of ${ROUNDS} rounds, one thread and ${cores} alternating`);
  console.log(`| recipe | 1 thread | ${cores} threads | ratio | ms a step, 1 thread | ms a step, ${cores} threads | rounds (1 thread / ${cores}) |`);
  console.log('|---|---|---|---|---|---|---|');
  const rate = (v) => Math.round(v).toLocaleString('en');
  const median = (runs, key) => runs.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
  for (const [id, name, scale = 1] of RECIPES) {
    const runs = { one: [], all: [] };
    let failed;
    for (let round = 0; round < ROUNDS && !failed; round++) {
      // Alternate which goes first, so neither always runs on a warmer (or busier) machine.
      for (const key of round % 2 ? ['all', 'one'] : ['one', 'all']) {
        const run = await speed(id, key === 'one' ? 1 : cores, STEPS * scale);
        if (run.error) { failed = run.error; break; }
        // A threaded worker that fell back to one thread (threads_failed) is no threaded figure.
        if (key === 'all' && run.threads !== cores) throw new Error(`the threaded worker ran on ${run.threads} threads, not ${cores}`);
        runs[key].push(run);
      }
    }
    if (failed) {
      console.log(`| ${name} | ${failed} | – | – | – | – | – |`);
      continue;
    }
    const [one, all] = [median(runs.one, 'images_per_sec'), median(runs.all, 'images_per_sec')];
    const rounds = runs.one.map((r, i) => `${rate(r.images_per_sec)} / ${rate(runs.all[i].images_per_sec)}`).join(', ');
    console.log(`| ${name} | ${rate(one)} | ${rate(all)} | ${(all / one).toFixed(2)}× | ` +
      `${median(runs.one, 'issue_ms').toFixed(1)} | ${median(runs.all, 'issue_ms').toFixed(1)} | ${rounds} |`);
  }
  await page.close();
} finally {
  await browser.close();
  await server.close();
}
