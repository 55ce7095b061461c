// The training worker: load the wasm module and hand every message to Rust.
// Failures that Rust cannot report itself (module load, traps) become `error` messages.
// `worker.js?threads=N` (N ≥ 1) loads the threaded CPU build and starts its pool of N threads first
// (the page asks for it only where it is cross-origin isolated); plain `worker.js` loads the
// single-threaded build, which also has WebGPU.

import { outOfMemoryText } from './out-of-memory.js';

const fail = (message) => self.postMessage({ type: 'error', message });

const params = new URL(import.meta.url).searchParams;
const threads = Number(params.get('threads')) || 0;
// The page's BroadcastChannel for a panic on a pool thread (worker-client.js).
const poolChannel = params.get('pool_channel') ?? undefined;
const POOL_MS = 30_000; // for the pool's threads to start; a browser that cannot start them may never answer

let pkg = null; // the module's JS bindings, once loaded
let wasm = null; // its exports

async function load(name, pool) {
  const module = await import(`../pkg/${name}.js`);
  const exports = await module.default({ module_or_path: new URL(`../pkg/${name}_bg.wasm`, import.meta.url) });
  if (pool) {
    let timer;
    const late = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`its ${pool} threads did not start within ${POOL_MS / 1000} s`)), POOL_MS); });
    await Promise.race([module.initThreadPool(pool), late]).finally(() => clearTimeout(timer));
  }
  [pkg, wasm] = [module, exports];
}

// The threaded build where asked; if it cannot start here (shared memory refused, nested
// workers blocked), the single-threaded one, and the page is told so it stops asking.
const threaded = threads > 0 ? load('aula_threads', threads).then(() => true, (e) => {
  self.postMessage({ type: 'threads_failed', message: String(e?.message ?? e) });
  return false;
}) : Promise.resolve(false);
const ready = threaded
  .then((ok) => ok || load('aula_worker', 0))
  .then(() => pkg.workerStart(poolChannel))
  .catch((e) => {
    fail(`Could not load the training module: ${e?.message ?? e}`);
    throw e;
  });

// A folder's File objects travel beside the message; Rust reads them as they are.
self.onmessage = (event) => ready.then(() => {
  const { files, ...message } = event.data;
  pkg.workerMessage(message, files ?? []);
});

/** A trap, in words: an allocation that failed is "out of memory" (Rust noted its size). */
function trapped(text) {
  const failed = pkg ? pkg.allocationFailure() : 0;
  return failed ? outOfMemoryText(failed, wasm.memory.buffer.byteLength) : `Worker error: ${text}`;
}

// A Rust panic aborts with a wasm trap, which surfaces here (the panic hook has already sent
// its message; the page keeps the first one). Not so a trap in one of the threaded build's
// pool threads: this thread waits for the pool's answer and cannot hear it. A panic there, or
// an allocation that fails there, tells the page itself through `pool_channel`; any other
// trap there leaves that run hanging until Stop ends the worker.
self.addEventListener('error', (e) => fail(trapped(e.message)));
self.addEventListener('unhandledrejection', (e) => fail(trapped(e.reason?.message ?? e.reason)));
