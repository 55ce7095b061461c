// The training worker: load the wasm module and hand every message to Rust.
// Failures that Rust cannot report itself (module load, traps) become `error` messages.
// `worker.js?threads=N` loads the threaded CPU build and starts its pool of N threads first
// (the page asks for it only where it is cross-origin isolated); plain `worker.js` loads the
// single-threaded build, which also has WebGPU.

const fail = (message) => self.postMessage({ type: 'error', message });

const threads = Number(new URL(import.meta.url).searchParams.get('threads')) || 0;
const name = threads > 1 ? 'aula_threads' : 'aula_worker';

let pkg = null; // the module's JS bindings, once loaded
let wasm = null; // its exports
const ready = import(`../pkg/${name}.js`)
  .then(async (module) => {
    wasm = await module.default({ module_or_path: new URL(`../pkg/${name}_bg.wasm`, import.meta.url) });
    if (threads > 1) await module.initThreadPool(threads);
    pkg = module;
    pkg.workerStart();
  })
  .catch((e) => {
    fail(`Could not load the training module${threads > 1 ? ` (${threads} threads)` : ''}: ${e?.message ?? e}`);
    throw e;
  });

// A folder's File objects travel beside the message; Rust reads them as they are.
self.onmessage = (event) => ready.then(() => {
  const { files, ...message } = event.data;
  pkg.workerMessage(message, files ?? []);
});

const gb = (bytes) => `${(bytes / 2 ** 30).toFixed(1)} GB`;

/** A trap, in words: an allocation that failed is "out of memory" (Rust noted its size). */
function trapped(text) {
  const failed = pkg ? pkg.allocationFailure() : 0;
  if (!failed) return `Worker error: ${text}`;
  const size = failed >= 2 ** 30 ? gb(failed) : `${Math.ceil(failed / 2 ** 20)} MB`;
  return `The training worker ran out of memory: it could not get ${size} more, with ${gb(wasm.memory.buffer.byteLength)} ` +
    'in use (a browser worker holds at most 4 GB). Use a smaller model, batch_size or image_size, or fewer images.';
}

// A Rust panic aborts with a wasm trap, which surfaces here (the panic hook has already sent
// its message; the page keeps the first one). A trap in one of the pool's threads arrives
// here too, as an error its Worker did not handle.
self.addEventListener('error', (e) => fail(trapped(e.message)));
self.addEventListener('unhandledrejection', (e) => fail(trapped(e.reason?.message ?? e.reason)));
