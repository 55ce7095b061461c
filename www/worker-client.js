// The training worker, seen from the page: started on first use, replaced after a failure,
// messages dispatched by their `type`, questions answered by a message of a given type, and
// Stop that never ends a worker still at work: only one that has said nothing at all for
// `SILENCE_MS` (stuck in a long GPU call, or trapped in a pool thread by anything but a panic
// or a failed allocation) is ended. Its build follows the threads a run gets (threads.js): the
// threaded CPU worker with that many, or for 0 the single-threaded one (with WebGPU).

import { t } from './i18n.js';
import { outOfMemoryText } from './out-of-memory.js';

/** A pool thread's report as the worker's own message: an allocation that failed, in words. */
const fromPool = (data) =>
  data.type === 'out_of_memory' ? { type: 'error', message: outOfMemoryText(data.bytes, data.in_use) } : data;

/** After Stop, a worker silent this long (no message of any kind) is ended. */
export const SILENCE_MS = 20_000;

export class WorkerClient {
  /**
   * `handlers` maps a message type (`progress`, `epoch`, `done`, …) to a function of the message;
   * `onFailure(text)` is called when the worker itself broke (it is ended first); `onFresh()`
   * whenever a new worker starts or the old one is ended (it holds no folder and no model).
   */
  constructor(handlers, onFailure, threads = () => 0, onFresh = () => {}) {
    this.handlers = handlers;
    this.onFailure = onFailure;
    this.onFresh = onFresh;
    /** Threads the next run's CPU kernels should get (read whenever a worker is needed). */
    this.threads = threads;
    this.worker = null;
    this.workerThreads = 0; // the running worker's (0: the single-threaded build)
    this.pool = null; // the threaded worker's channel: its pool threads' panics, failed allocations
    this.watch = null; // after Stop: the timer that checks the worker's silence
    this.heard = 0; // when the worker last said anything (performance.now())
    this.questions = []; // { answers, resolve, reject }: asked, not yet answered, in order
  }

  /**
   * The worker, started if there is none, or started again if the threads wanted changed
   * (a fresh worker has no folder or model: the page hands them over again).
   */
  ensure() {
    const threads = this.threads();
    if (this.worker && threads !== this.workerThreads) this.terminate(t('worker-restarted'));
    if (this.worker) return this.worker;
    const script = new URL('./worker.js', import.meta.url);
    // A pool thread that panics or runs out of memory says so on a channel of this worker's
    // own: the worker's own thread is waiting for the pool then, and can pass nothing on.
    const channel = `aula-pool-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    if (threads > 0) script.search = new URLSearchParams({ threads, pool_channel: channel }).toString();
    const worker = new Worker(script, { type: 'module' });
    if (threads > 0) {
      this.pool = new BroadcastChannel(channel);
      this.pool.onmessage = ({ data }) => this.worker === worker && this.dispatch(fromPool(data));
    }
    this.worker = worker;
    this.workerThreads = threads;
    this.onFresh();
    worker.onmessage = (e) => this.dispatch(e.data);
    // Reported like the worker's own `error` messages, so the page keeps the first, clearer
    // one (a panic's or out-of-memory text comes before the trap's bare event).
    worker.onerror = (e) => {
      e.preventDefault();
      this.dispatch({ type: 'error', message: t('worker-failed', { message: e.message || t('worker-not-started') }) });
    };
    worker.onmessageerror = () => this.fail(t('worker-unreadable'));
    return worker;
  }

  /** Sends `message`; the buffers in `transfer` move to the worker (they are not copied). */
  post(message, transfer = []) {
    // The running worker, whatever its threads: only `ensure` (a new run, a new folder) switches.
    (this.worker ?? this.ensure()).postMessage(message, transfer);
  }

  /**
   * Sends `message` and resolves with the worker's next message of one of the types in
   * `answers` (that message goes to no handler); rejects if the worker is ended first.
   */
  ask(message, answers, transfer = []) {
    return new Promise((resolve, reject) => {
      this.questions.push({ answers, resolve, reject });
      this.post(message, transfer);
    });
  }

  dispatch(message) {
    this.heard = performance.now(); // any message: the worker is alive
    if (message.type === 'done' || message.type === 'run_failed' || message.type === 'error') this.clearStop();
    const asked = this.questions.findIndex((q) => q.answers.includes(message.type));
    if (asked >= 0) this.questions.splice(asked, 1)[0].resolve(message);
    else this.handlers[message.type]?.(message);
  }

  /** Ends the worker (it may be trapped); the next `ensure` starts a fresh one. */
  terminate(why = t('worker-ended')) {
    this.clearStop();
    const had = Boolean(this.worker);
    this.worker?.terminate();
    this.worker = null;
    this.pool?.close();
    this.pool = null;
    for (const q of this.questions.splice(0)) q.reject(new Error(why));
    if (had) this.onFresh();
  }

  fail(text) {
    this.terminate(text);
    this.onFailure(text);
  }

  /**
   * Asks the worker to stop. It answers when it can (`stopping`, then `status` while it
   * finishes, then `done`); only if it says nothing at all for `silenceMs` is `onSilent()`
   * called and the worker ended. `onWait(seconds)`, about every second meanwhile, with the
   * seconds since it last said anything.
   */
  stop(onSilent, { silenceMs = SILENCE_MS, onWait = () => {} } = {}) {
    if (!this.worker) return;
    this.worker.postMessage({ type: 'stop' });
    this.clearStop();
    this.heard = performance.now();
    this.watch = setInterval(() => {
      onWait(this.silentFor());
      if (performance.now() - this.heard < silenceMs) return;
      this.clearStop();
      onSilent();
      this.terminate(t('worker-silent-ended'));
    }, Math.min(1000, silenceMs / 4));
  }

  /** Seconds since the worker last said anything. */
  silentFor() {
    return (performance.now() - this.heard) / 1000;
  }

  clearStop() {
    clearInterval(this.watch);
    this.watch = null;
  }
}
