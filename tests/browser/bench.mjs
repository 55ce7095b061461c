// Browser benchmark: demo MLP training throughput in the worker, CPU (flex) and WebGPU, Auto's
// wall time against the forced CPU's, then
// decoding and augmentation speed in a worker (one wasm thread).
// Prints numbers only. Steady-state images/s is measured between progress messages after
// the first epoch's warm-up half, from the page's own clock.
import { serveDist, launchBrowser, newPage } from './setup.mjs';

const server = await serveDist();
const browser = await launchBrowser({ webgpu: true });
try {
  const page = await newPage(browser, { prefix: '[bench]' });
  await page.goto(server.url);
  let cpuSeconds = NaN; // the forced CPU's 2 epochs, from `train` to `done`, for Auto's ratio
  // The 6-epoch CPU run shows each epoch's time: a fresh worker's first epoch pays for V8
  // compiling the module.
  for (const [backend, trainLimit, epochs] of [['cpu', 0, 2], ['auto', 0, 2], ['cpu', 0, 6], ['webgpu', 2000, 1]]) {
    const result = await page.evaluate(async ({ backend, trainLimit, epochs }) => {
      const worker = new Worker('www/worker.js', { type: 'module' });
      const config = { backend, epochs, train_limit: trainLimit };
      const samples = [];
      const began = performance.now();
      const done = await new Promise((resolve) => {
        worker.onmessage = ({ data }) => {
          if (data.type === 'progress') samples.push({ t: performance.now(), steps: data.losses.at(-1)?.step ?? 0, rate: data.images_per_sec });
          if (['done', 'error', 'run_failed'].includes(data.type)) resolve(data);
        };
        worker.postMessage({ type: 'train', config: { ...config }, demo_url: new URL('demo/', location.href).href });
      });
      const seconds = (performance.now() - began) / 1000;
      worker.terminate();
      if (done.type !== 'done') return { error: done.message };
      const late = samples.slice(Math.floor(samples.length / 2));
      const first = late[0];
      const last = late.at(-1);
      const batch = done.report.config.batch_size;
      const steady = last && last !== first ? ((last.steps - first.steps) * batch) / ((last.t - first.t) / 1000) : NaN;
      return { overall: samples.at(-1)?.rate, steady, report: done.report, seconds };
    }, { backend, trainLimit, epochs });
    if (result.error) {
      console.log(`browser ${backend}: failed: ${result.error}`);
      continue;
    }
    const r = result.report;
    if (backend === 'cpu' && epochs === 2) cpuSeconds = result.seconds;
    if (backend === 'auto') {
      const ratio = Number.isFinite(cpuSeconds) ? `${(result.seconds / cpuSeconds).toFixed(2)}× the forced CPU's ${cpuSeconds.toFixed(1)} s` : 'the forced CPU run failed';
      console.log(`browser worker auto (chose ${r.backend}): the demo's 2 epochs took ${result.seconds.toFixed(1)} s from train to done, ${ratio}`);
      continue;
    }
    if (epochs === 6) {
      console.log(`browser worker cpu: 6 epochs took ${result.seconds.toFixed(1)} s from train to done; per epoch (training and evaluation) ${r.epochs.map((e) => e.seconds.toFixed(2)).join(', ')} s`);
      continue;
    }
    console.log(`browser worker ${r.backend}: demo MLP 784-256-128-10, batch ${r.config.batch_size}, ${r.train_count} images x ${r.epochs.length} epochs`);
    console.log(`browser worker ${r.backend}: ${Math.round(result.overall)} images/s over the run (train steps only), ${Math.round(result.steady)} images/s in its second half (incl. message overhead)`);
  }
  // Data stages inside a worker, by the same Rust code as the native benchmark.
  const lines = await page.evaluate(async () => {
    const worker = new Worker('www/worker.js', { type: 'module' });
    const answer = await new Promise((resolve) => {
      worker.onmessage = ({ data }) => {
        if (data.type === 'bench' || data.type === 'error') resolve(data);
      };
      worker.postMessage({ type: 'bench' });
    });
    worker.terminate();
    return answer.lines ?? [`browser worker: benchmark failed: ${answer.message}`];
  });
  for (const line of lines) console.log(line);
  await page.close();
} finally {
  await browser.close();
  await server.close();
}
