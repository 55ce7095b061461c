// Where a training worker's time goes: samples every thread of it (the worker's own and, in
// the threaded build, each of rayon's, all Web Workers) with Chromium's profiler while its
// `speed` message trains one recipe, then prints each thread's self time by function. It
// answers what a ratio in threads-bench.mjs cannot: which parts run on one thread while the
// others wait (its last table: at each moment a pool thread waits, what the others run), and
// on WebGPU what the worker itself spends a step on.
// Needs a `bench` build that kept the functions' names:
//   AULA_KEEP_NAMES=1 WORKER_FEATURES=bench ./aula.sh build
//   node tests/browser/threads-profile.mjs [recipe] [threads] [steps] [backend]
// recipe: mlp_adam | wide_mlp_adam | cnn_adam; threads: the threaded worker's pool (default:
// every core); backend: cpu (default) or webgpu (the single-threaded worker on the page's
// WebGPU adapter, profiled after one unprofiled run has compiled its kernels).
// Without the names, wasm functions print as wasm-function[N]. Numbers only. With
// AULA_PROFILE_OUT=dir it also writes each thread's profile there (DevTools opens .cpuprofile).
import { mkdirSync, writeFileSync } from 'node:fs';
import { serveDist, launchBrowser, newPage, WARMUP_MS } from './setup.mjs';

const [recipe = 'wide_mlp_adam', threadsArg, stepsArg = '20', backend = 'cpu'] = process.argv.slice(2);
const TOP = 12;
const REPLY_MS = 60_000;

const server = await serveDist();
const browser = await launchBrowser({ webgpu: backend === 'webgpu' });
try {
  const page = await newPage(browser, { prefix: '[threads-profile]' });
  page.removeAllListeners('console');
  await page.goto(server.url);
  const cores = Math.min(16, await page.evaluate(() => navigator.hardwareConcurrency));
  const threads = backend === 'webgpu' ? 0 : Number(threadsArg ?? cores);
  // The worker says `ready` once it (and its pool) has started, so every thread exists then.
  const started = await page.evaluate((threads) => new Promise((resolve) => {
    window.profiled = new Worker(`www/worker.js${threads > 0 ? `?threads=${threads}` : ''}`, { type: 'module' });
    window.profiled.onmessage = ({ data }) => ['ready', 'threads_failed', 'error'].includes(data.type) && resolve(data);
    window.profiled.onerror = (e) => resolve({ type: 'error', message: e.message || 'the worker did not load' });
  }), threads);
  if (started.type !== 'ready') throw new Error(`the worker did not start: ${started.message}`);
  const speed = (steps, warmupMs = 0) => page.evaluate(({ recipe, backend, steps, warmupMs }) => new Promise((resolve) => {
    window.profiled.onmessage = ({ data }) => (data.type === 'speed' || data.type === 'error') && resolve(data);
    window.profiled.onerror = (e) => resolve({ type: 'error', message: e.message || 'the worker failed' });
    window.profiled.postMessage({ type: 'speed', recipe, backend, warmup: 2, warmup_ms: warmupMs, steps });
  }), { recipe, backend, steps, warmupMs });
  // Unprofiled first: on WebGPU the device and the kernels' compilation; on the CPU a warm-up
  // of WARMUP_MS, so that V8 has optimised the hot functions (threads-bench.mjs says why).
  await speed(1, backend === 'webgpu' ? 0 : WARMUP_MS);

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
  const send = async (sessionId, method, params = {}) => {
    const id = ++nextId;
    let timer;
    const reply = new Promise((resolve, reject) => {
      waiting.set(id, resolve);
      timer = setTimeout(() => reject(new Error(`${method}: no answer in ${REPLY_MS / 1000} s`)), REPLY_MS);
    });
    await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
    const answer = await reply.finally(() => clearTimeout(timer));
    if (answer.error) throw new Error(`${method}: ${answer.error.message}`);
    return answer.result;
  };
  const sessions = [];
  for (const worker of workers) {
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false });
    await send(sessionId, 'Profiler.enable');
    await send(sessionId, 'Profiler.setSamplingInterval', { interval: 200 });
    await send(sessionId, 'Profiler.start');
    sessions.push({ worker, sessionId });
  }
  const result = await speed(Number(stepsArg));
  if (result.type === 'error') throw new Error(result.message);
  console.log(`${recipe} on ${backend === 'webgpu' ? 'webgpu' : `${result.threads} threads`}: ` +
    `${Math.round(result.images_per_sec)} images/s, ${result.issue_ms.toFixed(1)} ms a step issuing, ` +
    `${result.wait_ms.toFixed(1)} ms waiting (2 warm-up steps and ${stepsArg} timed, all sampled, with ` +
    `the model's start; ${backend === 'webgpu' ? 'after an unprofiled step' : `after ${WARMUP_MS / 1000} s unprofiled`})`);

  const out = process.env.AULA_PROFILE_OUT;
  if (out) mkdirSync(out, { recursive: true });
  // Crate hashes ([0123abcd]) and symbol hashes (::h0123…) only make the names longer.
  const short = (name) => name.replace(/\[[0-9a-f]{8,}\]|::h[0-9a-f]{16}$/g, '').slice(0, 120);
  const [pool, ownThread] = [[], []];
  for (const [index, { worker, sessionId }] of sessions.entries()) {
    const { profile } = await send(sessionId, 'Profiler.stop');
    if (out) writeFileSync(`${out}/thread-${index}.cpuprofile`, JSON.stringify(profile));
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    const self = new Map();
    const timeline = { at: [], name: [] };
    let at = profile.startTime;
    profile.samples.forEach((id, i) => {
      const { functionName, url } = nodes.get(id).callFrame;
      const name = functionName || `(${url.split('/').pop() || 'program'})`;
      self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0));
      at += profile.timeDeltas[i] ?? 0;
      timeline.at.push(at);
      timeline.name.push(name);
    });
    const total = [...self.values()].reduce((a, b) => a + b, 0);
    const own = worker.url.includes('worker.js');
    (own ? ownThread : pool).push(timeline);
    console.log(`\n${own ? "the worker's own thread" : 'a pool thread'}: ${(total / 1000).toFixed(0)} ms sampled`);
    for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
      console.log(`${((us / total) * 100).toFixed(1).padStart(5)}% ${(us / 1000).toFixed(0).padStart(6)} ms  ${short(name)}`);
    }
  }
  // What keeps a pool thread waiting: at each of its waiting samples, what the other threads
  // run then (a part that runs alone, the longer half of a split, or the worker's own thread
  // starting the model).
  // A thread of the polling pool (`on_a_hot_pool`) waits by looking for work to steal.
  const idle = (name) =>
    /Condvar>::wait|wait_until_cold|LockLatch>::wait|^\(idle\)$|Stealer<.*>::steal|WorkerThread>::find_work|WorkerThread>::take_local_job|on_a_hot_pool/.test(name);
  const running = (timeline, t) => {
    let [lo, hi] = [0, timeline.at.length - 1];
    if (hi < 0 || t < timeline.at[0]) return undefined;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (timeline.at[mid] <= t) lo = mid; else hi = mid - 1;
    }
    return timeline.name[lo];
  };
  const named = pool.some((timeline) => timeline.name.some(idle));
  if (pool.length > 1 && !named) console.log('\n(what runs while a pool thread waits: needs a build that kept the names)');
  if (pool.length > 1 && named) {
    const alone = new Map();
    let waited = 0;
    pool.forEach((timeline, i) => timeline.name.forEach((name, k) => {
      if (!idle(name)) return;
      const dt = k > 0 ? timeline.at[k] - timeline.at[k - 1] : 0;
      const at = timeline.at[k];
      const others = pool.filter((_, j) => j !== i).map((other) => running(other, at) ?? '(idle)');
      const own = ownThread.map((other) => running(other, at) ?? '(idle)').filter((name) => !idle(name));
      const busy = [...others.filter((other) => !idle(other)), ...own.map((name) => `the worker's own thread: ${name}`)];
      waited += dt;
      for (const other of busy.length ? busy : ['(every thread waiting)']) {
        alone.set(other, (alone.get(other) ?? 0) + dt / Math.max(1, busy.length));
      }
    }));
    console.log(`\nwhile a pool thread waits (${(waited / 1000).toFixed(0)} ms in all), the other threads run:`);
    for (const [name, us] of [...alone].sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
      console.log(`${((us / waited) * 100).toFixed(1).padStart(5)}% ${(us / 1000).toFixed(0).padStart(6)} ms  ${short(name)}`);
    }
  }
} finally {
  await browser.close();
  await server.close();
}
