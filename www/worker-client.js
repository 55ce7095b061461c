// The training worker, seen from the page: started on first use, replaced after a failure,
// messages dispatched by their `type`, and Stop with a grace period for a worker that cannot
// answer (stuck in a long GPU call).

export class WorkerClient {
  /**
   * `handlers` maps a message type (`progress`, `epoch`, `done`, …) to a function of the message;
   * `onFailure(text)` is called when the worker itself broke (it is ended first).
   */
  constructor(handlers, onFailure) {
    this.handlers = handlers;
    this.onFailure = onFailure;
    this.worker = null;
    this.stopTimer = null;
    /** Whether this worker has decoded the current folder (a fresh one has not). */
    this.hasFolder = false;
    /** Whether this worker holds the page's current model (a fresh one does not). */
    this.hasModel = false;
  }

  /** The worker, started if there is none. */
  ensure() {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    this.worker = worker;
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
    this.ensure().postMessage(message, transfer);
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
