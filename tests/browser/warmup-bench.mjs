// How a fresh CPU worker's speed rises after it starts: one worker per build (the single-
// threaded one, and the threaded one with a pool of every core), each sent one `speed`
// message after another (each a first step of its own, untimed, then a window of timed steps
// on a fresh model), and the images/s of each window printed beside the seconds since the
// worker was created. V8 runs a
// new module on its baseline compiler (Liftoff) and recompiles hot functions with TurboFan
// in the background; while every core trains, that background work waits. With
// AULA_JS_FLAGS=--no-liftoff, Chromium compiles every function with TurboFan up front, which
// shows what the windows would be with no baseline code. Not part of `./aula.sh bench`; it
// explains the warm-up floor of threads-bench.mjs and peers-bench.mjs. Needs a `bench` build.
//   node tests/browser/warmup-bench.mjs [windows]
import { serveDist, launchBrowser, newPage } from './setup.mjs';

const RECIPES = [
  ['mlp_adam', 'R1', 300],
  ['wide_mlp_adam', 'R2', 30],
  ['cnn_adam', 'R3', 10],
];
const WINDOWS = Number(process.argv[2] ?? 10);
const JS_FLAGS = process.env.AULA_JS_FLAGS ?? '';

const server = await serveDist();
const browser = await launchBrowser({ webgpu: false, jsFlags: JS_FLAGS });
try {
  const page = await newPage(browser, { prefix: '[warmup-bench]' });
  page.removeAllListeners('console');
  await page.goto(server.url);
  if (!(await page.evaluate(() => crossOriginIsolated))) throw new Error('the page is not cross-origin isolated: no threads');
  const cores = Math.min(16, await page.evaluate(() => navigator.hardwareConcurrency));
  console.log(`images/s of consecutive windows of steps from a fresh worker (seconds since it was created: images/s); ` +
    `${cores} cores; V8 flags: ${JS_FLAGS || 'none'}`);
  for (const [recipe, name, steps] of RECIPES) {
    for (const threads of [0, cores]) {
      const windows = await page.evaluate(({ recipe, threads, steps, count }) => new Promise((resolve) => {
        const created = performance.now();
        const worker = new Worker(`www/worker.js${threads > 0 ? `?threads=${threads}` : ''}`, { type: 'module' });
        const seen = [];
        const next = () => worker.postMessage({ type: 'speed', recipe, backend: 'cpu', warmup: 0, steps });
        worker.onmessage = ({ data }) => {
          if (data.type === 'error') {
            worker.terminate();
            resolve({ error: data.message });
          } else if (data.type === 'threads_failed') {
            worker.terminate();
            resolve({ error: `no threads here: ${data.message}` });
          } else if (data.type === 'ready') next();
          else if (data.type === 'speed') {
            seen.push([(performance.now() - created) / 1000, data.images_per_sec]);
            if (seen.length < count) return next();
            worker.terminate();
            resolve(seen);
          }
        };
      }), { recipe, threads, steps, count: WINDOWS });
      const label = `${name}, ${threads ? `${threads} threads` : '1 thread'}, windows of ${steps} steps`;
      if (windows.error) throw new Error(`${label}: ${windows.error}`);
      console.log(`${label}: ${windows.map(([s, rate]) => `${s.toFixed(1)} s: ${Math.round(rate).toLocaleString('en')}`).join(', ')}`);
    }
  }
  await page.close();
} finally {
  await browser.close();
  await server.close();
}
