// The threaded CPU worker against the single-threaded one on the speed issue's three recipes
// (the worker's `speed` message: one fixed batch, steady images/s after a warm-up), in one
// cross-origin isolated page, as `./aula.sh serve` serves it. Needs a `bench` build (the
// speed message). The same columns as peers-bench.mjs's aula CPU ones, without the peers and
// the software GPU, so it runs in a minute. Numbers only.
import { serveDist, launchBrowser, newPage } from './setup.mjs';

const RECIPES = [
  ['mlp_adam', 'R1 MLP 784-256-128-10, Adam, batch 64'],
  ['wide_mlp_adam', 'R2 MLP 12288-512-128-9, Adam, batch 32'],
  ['cnn_adam', 'R3 CNN 32x32x3 conv32-pool-conv64-pool-128-10, Adam, batch 64'],
];
const WARMUP = 2;
const STEPS = 30;

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
  const speed = (recipe, threads) => page.evaluate(({ recipe, threads, warmup, steps }) => new Promise((resolve) => {
    const worker = new Worker(`www/worker.js${threads > 1 ? `?threads=${threads}` : ''}`, { type: 'module' });
    worker.onmessage = ({ data }) => {
      if (data.type === 'speed' || data.type === 'error') {
        worker.terminate();
        resolve(data.type === 'speed' ? data : { error: data.message });
      }
    };
    worker.postMessage({ type: 'speed', recipe, backend: 'cpu', warmup, steps });
  }), { recipe, threads, warmup: WARMUP, steps: STEPS });
  console.log(`training images/s on the CPU after ${WARMUP} warm-up steps, ${STEPS} timed; ${cores} cores`);
  console.log(`| recipe | 1 thread | ${cores} threads | ratio | ms a step, 1 thread | ms a step, ${cores} threads |`);
  console.log('|---|---|---|---|---|---|');
  for (const [id, name] of RECIPES) {
    const [one, all] = [await speed(id, 1), await speed(id, cores)];
    if (one.error || all.error) {
      console.log(`| ${name} | ${one.error ?? ''} | ${all.error ?? ''} | – | – | – |`);
      continue;
    }
    // A threaded worker that fell back to one thread (threads_failed) is no threaded figure.
    if (all.threads !== cores) throw new Error(`the threaded worker ran on ${all.threads} threads, not ${cores}`);
    const rate = (v) => Math.round(v.images_per_sec).toLocaleString('en');
    console.log(`| ${name} | ${rate(one)} | ${rate(all)} | ${(all.images_per_sec / one.images_per_sec).toFixed(2)}× | ` +
      `${one.issue_ms.toFixed(1)} | ${all.issue_ms.toFixed(1)} |`);
  }
  await page.close();
} finally {
  await browser.close();
  await server.close();
}
