// Where the threaded worker's time goes: samples every thread of it (the worker's own and
// each of rayon's, all Web Workers) with Chromium's profiler while its `speed` message trains
// one recipe on the pool, then prints each thread's self time by function. It answers what a
// ratio in threads-bench.mjs cannot: which parts run on one thread while the others wait.
// Needs a `bench` build that kept the functions' names:
//   AULA_KEEP_NAMES=1 WORKER_FEATURES=bench ./aula.sh build
//   node tests/browser/threads-profile.mjs [recipe: mlp_adam | wide_mlp_adam | cnn_adam] [threads] [steps]
// Without the names, wasm functions print as wasm-function[N]. Numbers only.
import { serveDist, launchBrowser, newPage } from './setup.mjs';

const [recipe = 'wide_mlp_adam', threadsArg, stepsArg = '20'] = process.argv.slice(2);
const TOP = 12;

const server = await serveDist();
const browser = await launchBrowser({ webgpu: false });
try {
  const page = await newPage(browser, { prefix: '[threads-profile]' });
  page.removeAllListeners('console');
  await page.goto(server.url);
  const threads = Number(threadsArg ?? Math.min(16, await page.evaluate(() => navigator.hardwareConcurrency)));
  // The worker says `ready` once its pool has started, so the pool's workers exist then.
  const started = await page.evaluate((threads) => new Promise((resolve) => {
    window.profiled = new Worker(`www/worker.js?threads=${threads}`, { type: 'module' });
    window.profiled.onmessage = ({ data }) => ['ready', 'threads_failed', 'error'].includes(data.type) && resolve(data);
  }), threads);
  if (started.type !== 'ready') throw new Error(`the threaded worker did not start: ${started.message}`);

  // Each worker thread is a CDP target of its own; the browser session reaches them all.
  const cdp = await browser.newBrowserCDPSession();
  const { targetInfos } = await cdp.send('Target.getTargets');
  const workers = targetInfos.filter((t) => t.type === 'worker');
  let nextId = 0;
  const waiting = new Map();
  cdp.on('Target.receivedMessageFromTarget', ({ message }) => {
    const reply = JSON.parse(message);
    waiting.get(reply.id)?.(reply);
    waiting.delete(reply.id);
  });
  const send = (sessionId, method, params = {}) => new Promise((resolve) => {
    const id = ++nextId;
    waiting.set(id, resolve);
    cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
  });
  const sessions = [];
  for (const worker of workers) {
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false });
    await send(sessionId, 'Profiler.enable');
    await send(sessionId, 'Profiler.setSamplingInterval', { interval: 200 });
    await send(sessionId, 'Profiler.start');
    sessions.push({ worker, sessionId });
  }
  const speed = await page.evaluate(({ recipe, steps }) => new Promise((resolve) => {
    window.profiled.onmessage = ({ data }) => (data.type === 'speed' || data.type === 'error') && resolve(data);
    window.profiled.postMessage({ type: 'speed', recipe, backend: 'cpu', warmup: 2, steps });
  }), { recipe, steps: Number(stepsArg) });
  if (speed.type === 'error') throw new Error(speed.message);
  console.log(`${recipe} on ${speed.threads} threads: ${Math.round(speed.images_per_sec)} images/s, ` +
    `${speed.issue_ms.toFixed(1)} ms a step (2 warm-up steps and ${stepsArg} timed, all sampled)`);

  for (const { worker, sessionId } of sessions) {
    const { result: { profile } } = await send(sessionId, 'Profiler.stop');
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    const self = new Map();
    profile.samples.forEach((id, i) => {
      const { functionName, url } = nodes.get(id).callFrame;
      const name = functionName || `(${url.split('/').pop() || 'program'})`;
      self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0));
    });
    const total = [...self.values()].reduce((a, b) => a + b, 0);
    const which = worker.url.includes('worker.js') ? "the worker's own thread" : 'a pool thread';
    console.log(`\n${which}: ${(total / 1000).toFixed(0)} ms sampled`);
    for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
      // Crate hashes ([0123abcd]) only make the names longer.
      const short = name.replace(/\[[0-9a-f]{8,}\]/g, '').slice(0, 120);
      console.log(`${((us / total) * 100).toFixed(1).padStart(5)}% ${(us / 1000).toFixed(0).padStart(6)} ms  ${short}`);
    }
  }
} finally {
  await browser.close();
  await server.close();
}
