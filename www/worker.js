// The training worker: load the wasm module and hand every message to Rust.
// Failures that Rust cannot report itself (module load, traps) become `error` messages.
import init, { workerStart, workerMessage } from '../pkg/aula_worker.js';

const fail = (message) => self.postMessage({ type: 'error', message });

const ready = init({ module_or_path: new URL('../pkg/aula_worker_bg.wasm', import.meta.url) })
  .then(() => workerStart())
  .catch((e) => {
    fail(`Could not load the training module: ${e?.message ?? e}`);
    throw e;
  });

// A folder's File objects travel beside the message; Rust reads them as they are.
self.onmessage = (event) => ready.then(() => {
  const { files, ...message } = event.data;
  workerMessage(message, files ?? []);
});

// A Rust panic aborts with a wasm trap, which surfaces here (the panic hook has already sent
// its message; the page keeps the first one).
self.addEventListener('error', (e) => fail(`Worker error: ${e.message}`));
self.addEventListener('unhandledrejection', (e) => fail(`Worker error: ${e.reason?.message ?? e.reason}`));
