// The training worker, seen from the page: started on first use, replaced after a failure,
// messages dispatched by their `type`, and Stop with a grace period for a worker that cannot
// answer (stuck in a long GPU call). Its build follows the threads a run gets (threads.js):
// the threaded CPU worker with that many, or for 0 the single-threaded one (with WebGPU).

export class WorkerClient {
  /**
   * `handlers` maps a message type (`progress`, `epoch`, `done`, …) to a function of the message;
   * `onFailure(text)` is called when the worker itself broke (it is ended first).
   */
  constructor(handlers, onFailure, threads = () => 0) {
    this.handlers = handlers;
    this.onFailure = onFailure;
    /** Threads the next run's CPU kernels should get (read whenever a worker is needed). */
    this.threads = threads;
    this.worker = null;
    this.workerThreads = 0; // the running worker's (0: the single-threaded build)
    this.stopTimer = null;
    /** Whether this worker has decoded the current folder (a fresh one has not). */
    this.hasFolder = false;
    /** Whether this worker holds the page's current model (a fresh one does not). */
    this.hasModel = false;
  }

  /**
   * The worker, started if there is none, or started again if the threads wanted changed
   * (a fresh worker has no folder or model: the page hands them over again).
   */
  ensure() {
    const threads = this.threads();
    if (this.worker && threads !== this.workerThreads) {
      this.terminate();
      this.onShareFailed?.(new Error('the worker was restarted')); // a share it had not answered
    }
    if (this.worker) return this.worker;
    const script = new URL('./worker.js', import.meta.url);
    if (threads > 0) script.search = `threads=${threads}`;
    const worker = new Worker(script, { type: 'module' });
    this.worker = worker;
    this.workerThreads = threads;
    this.hasFolder = false;
    this.hasModel = false;
    worker.onmessage = (e) => this.dispatch(e.data);
    // Reported like the worker's own `error` messages, so the page keeps the first, clearer
    // one (a panic's or out-of-memory text comes before the trap's bare event).
    worker.onerror = (e) => {
      e.preventDefault();
      this.dispatch({ type: 'error', message: `The training worker failed: ${e.message || 'it could not be started'}` });
    };
    worker.onmessageerror = () => this.fail('A message from the training worker could not be read.');
    return worker;
  }

  /** Sends `message`; the buffers in `transfer` move to the worker (they are not copied). */
  post(message, transfer = []) {
    // The running worker, whatever its threads: only `ensure` (a new run, a new folder) switches.
    (this.worker ?? this.ensure()).postMessage(message, transfer);
  }

  dispatch(message) {
    if (message.type === 'done' || message.type === 'run_failed' || message.type === 'error') this.clearStop();
    this.handlers[message.type]?.(message);
  }

  /** Ends the worker (it may be trapped); the next `ensure` starts a fresh one. */
  terminate() {
    this.clearStop();
    this.worker?.terminate();
    this.worker = null;
    this.hasFolder = false;
    this.hasModel = false;
  }

  fail(text) {
    this.terminate();
    this.onFailure(text);
  }

  /**
   * Asks the worker to stop. If it has not answered (done, run_failed, error) after `graceMs`,
   * calls `onTimeout` and then ends the worker.
   */
  stop(graceMs, onTimeout) {
    if (!this.worker) return;
    this.worker.postMessage({ type: 'stop' });
    this.clearStop();
    this.stopTimer = setTimeout(() => {
      this.stopTimer = null;
      onTimeout();
      this.terminate();
    }, graceMs);
  }

  clearStop() {
    clearTimeout(this.stopTimer);
    this.stopTimer = null;
  }
}
