// The training worker: load the wasm module and hand every message to Rust.
// Failures that Rust cannot report itself (module load, traps) become `error` messages.
import init, { workerStart, workerMessage, allocationFailure } from '../pkg/aula_worker.js';

const fail = (message) => self.postMessage({ type: 'error', message });

let wasm = null;
const ready = init({ module_or_path: new URL('../pkg/aula_worker_bg.wasm', import.meta.url) })
  .then((exports) => {
    wasm = exports;
    workerStart();
  })
  .catch((e) => {
    fail(`Could not load the training module: ${e?.message ?? e}`);
    throw e;
  });

// A folder's File objects travel beside the message; Rust reads them as they are.
self.onmessage = (event) => ready.then(() => {
  const { files, ...message } = event.data;
  workerMessage(message, files ?? []);
});

const gb = (bytes) => `${(bytes / 2 ** 30).toFixed(1)} GB`;

/** A trap, in words: an allocation that failed is "out of memory" (Rust noted its size). */
function trapped(text) {
  const failed = wasm ? allocationFailure() : 0;
  if (!failed) return `Worker error: ${text}`;
  const size = failed >= 2 ** 30 ? gb(failed) : `${Math.ceil(failed / 2 ** 20)} MB`;
  return `The training worker ran out of memory: it could not get ${size} more, with ${gb(wasm.memory.buffer.byteLength)} ` +
    'in use (a browser worker holds at most 4 GB). Use a smaller model, batch_size or image_size, or fewer images.';
}

// A Rust panic aborts with a wasm trap, which surfaces here (the panic hook has already sent
// its message; the page keeps the first one).
self.addEventListener('error', (e) => fail(trapped(e.message)));
self.addEventListener('unhandledrejection', (e) => fail(trapped(e.reason?.message ?? e.reason)));
