// How many threads a run's CPU kernels get, and so which training worker the page starts:
// the threaded CPU build (`aula_threads`: wasm threads, a rayon pool of Web Workers sharing
// memory) where the page is cross-origin isolated, the single-threaded build (which also
// carries WebGPU) otherwise. A run that may use WebGPU always gets the single-threaded one.
// Threads per run and grid workers are chosen together: workers × threads ≤ cores.
import { softwareAdapter } from '../pkg/aula_page.js';
import { $ } from './dom.js';
import { isolation } from './isolation.js';
import { t, onLanguage } from './i18n.js';

/** The most threads one run gets: rayon's pool of Web Workers costs memory and start-up. */
export const MAX_THREADS = 16;

export const cores = () => navigator.hardwareConcurrency || 2;

/** Shared memory, which wasm threads need: only in a cross-origin isolated page. */
export const canThread = () => !failed && globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function';

let failed = ''; // why the threaded worker could not start in this page (then no more tries)

/** The threaded worker did not start (it fell back to the single-threaded build): say so from now on. */
export function threadsFailed(why) {
  failed = why;
}

let hardware = false; // whether the browser offers a hardware WebGPU adapter (checked at start)

/** Whether the browser offers a WebGPU adapter that is not a software one (SwiftShader…). */
export async function hardwareAdapter() {
  const adapter = await navigator.gpu?.requestAdapter?.().catch(() => null);
  if (!adapter) return false;
  const info = adapter.info ?? {};
  const description = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ');
  return !softwareAdapter(description, Boolean(adapter.isFallbackAdapter || info.isFallbackAdapter));
}

/** Whether `backend` may train on WebGPU: forced, or Auto with a hardware adapter (Auto's rule). */
export const mayUseWebgpu = (backend) => backend === 'webgpu' || (backend === 'auto' && hardware);

/**
 * Threads for a run on `backend` when `lanes` runs train at once: what the threads setting
 * asks (blank: every core the lanes leave), at most cores / lanes, on the threaded worker
 * (with one thread too: that build is a third of the single-threaded one's size, which a
 * fresh worker compiles first). 0 means the single-threaded worker: a run that may use
 * WebGPU, or a page without shared memory.
 */
export function threadsFor(backend, lanes = 1) {
  if (!canThread() || mayUseWebgpu(backend)) return 0;
  const fair = Math.max(1, Math.floor(cores() / lanes));
  const asked = Math.floor(Number($('cpu-threads').value)) || fair;
  return Math.max(1, Math.min(asked, fair, MAX_THREADS));
}

/** Why a run on the CPU gets one thread here, in words (empty where it gets more). */
export function whyOneThread(backend, lanes = 1) {
  if (failed) return t('threads-why-failed', { reason: failed });
  if (!canThread()) return t(isolation.why.id, isolation.why.args);
  if (mayUseWebgpu(backend)) return t('threads-why-webgpu');
  if (cores() / lanes < 2) return lanes > 1 ? t('threads-why-grid', { lanes, cores: cores() }) : t('threads-why-cores', { cores: cores() });
  return t('threads-why-setting');
}

/** The banner's words on threads, for a run that trains on `backend` (the worker's answer). */
export function threadsText(kind, threads, backend, lanes = 1) {
  if (kind !== 'cpu') return '';
  return ' ' + (threads > 1 ? t('threads-banner-many', { threads, cores: cores() })
    : t('threads-banner-one', { why: whyOneThread(backend, lanes) }));
}

/** Shows what a single run gets under the threads setting. */
export function showThreads(backend) {
  const threads = threadsFor(backend);
  $('threads-note').textContent = threads > 1 ? t('threads-note-many', { threads, cores: cores() })
    : t('threads-note-one', { why: whyOneThread(backend) });
}

/** Checks the adapter once (Auto's rule needs it before the first worker starts). */
export async function setUpThreads(backend) {
  hardware = await hardwareAdapter();
  const input = $('cpu-threads');
  input.max = String(Math.min(cores(), MAX_THREADS));
  const show = () => {
    input.placeholder = t('threads-placeholder', { threads: Math.min(cores(), MAX_THREADS) });
    showThreads(backend()); // and again on each change of the form, which holds the input
  };
  show();
  onLanguage(show);
}
