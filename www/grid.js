// Grid search in the page: every combination of the settings given as lists is an ordinary
// run (stored and listed as soon as it starts), run by several workers at once on the CPU
// (one at a time on WebGPU). The queue is kept in IndexedDB: after a reload a grid that was
// running offers to resume with the combinations not yet done. A folder is decoded once per
// image size, by the page's own worker, and its pixels moved to each grid worker.
import { gridPlan } from '../pkg/aula_page.js';
import * as store from './store.js';
import { $ } from './dom.js';
import { WorkerClient } from './worker-client.js';
import { mayUseWebgpu, threadsFailed, threadsFor, whyOneThread } from './threads.js';

let deps = null; // { log, mainClient, readConfig(), demoUrl(), hasFolder(), syncUrl(), selectRun(id), changed() }
let grid = null; // the grid running now: { id, record, queue, lanes, done, failed, started, stopping }

// A worker per core: a grid's runs are independent, and on the CPU two runs side by side on one
// thread each finish sooner than one at a time on two threads (BENCHMARKS.md, the course grid).
/** What all of a grid's workers together may hold of a folder's decoded pixels. */
const GRID_PIXEL_BUDGET = 2 * 2 ** 30;
export const defaultWorkers = () => Math.min(8, Math.max(1, navigator.hardwareConcurrency || 2));

function setStatus(state, text) {
  const status = $('grid-status');
  status.dataset.state = state;
  status.textContent = text;
  $('grid-run').disabled = state === 'running';
  $('grid-stop').disabled = state !== 'running';
}

/** The plan of the grid in the panel, or null with the problem shown. */
function plan() {
  if (!deps) return null;
  const config = deps.readConfig({ quiet: true });
  const spec = $('grid-spec').value.trim();
  if (!config || !spec) {
    $('grid-plan').textContent = spec ? '' : 'Write the settings to vary, e.g. lr=0.1,0.01; batch_size=16,32.';
    return null;
  }
  try {
    return { spec, config, repeats: Number($('grid-repeats').value) || 1, ...gridPlan(spec, config, Number($('grid-repeats').value) || 1) };
  } catch (e) {
    $('grid-plan').textContent = e.message;
    return null;
  }
}

/** Why the grid in the panel cannot run, or null. */
export function planProblem() {
  return plan() ? null : $('grid-plan').textContent || 'write the settings to vary';
}

export function showPlan() {
  const p = plan();
  if (!p) return;
  const fixed = p.fixed.map(([k, v]) => `${k}=${v}`).join(', ');
  $('grid-plan').textContent = `${p.combinations} combination${p.combinations === 1 ? '' : 's'}` +
    (p.repeats > 1 ? ` × ${p.repeats} seeds = ${p.runs.length} runs` : '') + ` over ${p.varying.join(', ')}; fixed: ${fixed}`;
}

/** Workers to run on, and why fewer than asked: several on the CPU, one when WebGPU trains
 * (Auto may use it only on a hardware adapter, by the worker's rule; there a run's
 * calibration may still pick the CPU, and the grid then runs one at a time: slower, but the
 * one GPU is never shared). */
function laneCount(config, jobs) {
  const asked = Number($('grid-workers').value) || defaultWorkers();
  if (mayUseWebgpu(config.backend)) return [1, asked > 1 ? ` (${asked} asked: one at a time on WebGPU)` : ''];
  const lanes = Math.min(8, Math.max(1, asked));
  const runs = Math.max(1, jobs.length);
  if (runs < lanes) return [runs, ` (${asked} asked: ${runs} run${runs === 1 ? '' : 's'} to do)`];
  // Each worker holds its own copy of a folder's pixels (at the largest size it trains on).
  const copy = Math.max(0, ...jobs.filter((j) => j.config.dataset === 'folder')
    .map((j) => deps.folderImages() * j.config.image_size ** 2 * (j.config.grayscale ? 1 : 3)));
  const fit = copy ? Math.max(1, Math.floor(GRID_PIXEL_BUDGET / copy)) : lanes;
  if (fit < lanes) return [fit, ` (${asked} asked: each worker holds its own ${Math.round(copy / 2 ** 20)} MB copy of the folder's pixels)`];
  return [lanes, asked > lanes ? ` (${asked} asked: at most 8)` : ''];
}

/** "2 workers × 2 threads", and why one thread where a run gets one. */
function lanesText(lanes, threads, backend) {
  const workers = `${lanes} worker${lanes === 1 ? '' : 's'}`;
  return threads > 1 ? `${workers} × ${threads} threads` : `${workers}, one thread each (${whyOneThread(backend, lanes)})`;
}

async function saveGrid() {
  try {
    await store.put('grids', grid.record);
  } catch (e) {
    deps.log.onError(`Could not save the grid's queue (${e.name}: ${e.message}); it runs on, but cannot be resumed after a reload.`);
  }
}

/** Starts the grid in the panel (or resumes `resume`, a stored grid record). */
export async function runGrid(resume = null) {
  const p = resume ? { ...gridPlan(resume.spec, resume.base, resume.repeats), spec: resume.spec, repeats: resume.repeats, config: resume.base }
    : deps.readConfig() && plan();
  if (!p || grid) return;
  if (p.confirm && !resume && !confirm(`This grid has ${p.combinations} combinations (${p.runs.length} runs). Run them all?`)) return;
  if (p.config.dataset === 'folder' && !deps.hasFolder()) {
    setStatus('idle', 'Load the folder first: the grid trains on it.');
    return;
  }
  const record = resume ?? { id: new Date().toISOString(), spec: p.spec, repeats: p.repeats, base: p.config, created: new Date().toISOString(), state: 'running', done: [], total: p.runs.length };
  record.state = 'running';
  // Where the page's time went, for the benchmark's breakdown: each folder handover (its
  // decode at that size, and a fresh worker's start) and each run, from its `train` message.
  record.timing ??= { shares: [], runs: [] };
  const jobs = p.runs.map((run, index) => ({ ...run, index })).filter((job) => !record.done.includes(job.index));
  // Runs of one image size (and channels, interpolation) together, so a folder is decoded once per size.
  jobs.sort((a, b) => a.config.image_size - b.config.image_size || Number(a.config.grayscale) - Number(b.config.grayscale) ||
    String(a.config.interpolation).localeCompare(String(b.config.interpolation)) || a.index - b.index);
  grid = { id: record.id, record, queue: jobs, lanes: [], done: 0, failed: 0, total: jobs.length, started: performance.now(), stopping: false,
    repeats: p.repeats };
  deps.changed();
  await saveGrid();
  $('grid-resume').hidden = true;
  deps.selectRun(null); // the comparison follows the grid: each run is selected as it starts
  const [lanes, why] = laneCount(p.config, jobs);
  // Threads per run from what the lanes leave: lanes × threads ≤ cores.
  const threads = threadsFor(p.config.backend, lanes);
  grid.workers = lanesText(lanes, threads, p.config.backend);
  setStatus('running', `Starting ${grid.workers}${why}…`);
  for (let i = 0; i < lanes; i++) grid.lanes.push(makeLane(threads));
  grid.lanes.forEach(next);
}

/** A worker (its runs' kernels on `threads` threads) and the run it is on. */
function makeLane(threads) {
  const lane = { job: null, runId: null, losses: [], size: null };
  lane.client = new WorkerClient({
    started: (m) => {
      lane.startedAt = performance.now();
      const { config, combination, repeat, set } = lane.job;
      // Named by what its combination sets (for grids joined by '+', only its own settings).
      const name = `grid: ${set.map(([k, v]) => `${k}=${v}`).join(', ')}${repeat ? ` (seed ${config.seed})` : ''}`;
      lane.runId = deps.log.start(config, m, { name, grid: { grid: grid.id, combination, repeat, repeats: grid.repeats, index: lane.job.index } });
      deps.selectRun(lane.runId);
    },
    progress: (m) => lane.losses.push(...m.losses),
    epoch: (m) => {
      const losses = lane.losses;
      lane.losses = [];
      if (lane.runId) deps.log.epoch(lane.runId, m, losses);
    },
    done: async (m) => {
      const received = performance.now();
      if (lane.runId) await deps.log.finish(lane.runId, m.report);
      const stored = performance.now();
      grid?.record.timing.runs.push({ index: lane.job.index, start_ms: lane.startedAt - lane.posted,
        wall_ms: stored - lane.posted, store_ms: stored - received });
      finished(lane, true);
    },
    run_failed: (m) => finished(lane, false, m.message),
    loaded: (m) => lane.onLoaded?.(m.summary),
    threads_failed: (m) => threadsFailed(m.message),
    error: (m) => lane.client.fail(m.message),
  }, (message) => {
    if (lane.runId) deps.log.interrupt(lane.runId);
    lane.size = null; // the fresh worker has no folder yet
    finished(lane, false, message);
  }, () => threads);
  return lane;
}

/** Gives the lane its next job, after handing it the folder at that job's size if needed. */
async function next(lane) {
  if (!grid) return;
  const job = grid.stopping ? null : grid.queue.shift();
  if (!job) {
    lane.client.terminate();
    lane.idle = true;
    if (grid.lanes.every((l) => l.idle)) end();
    return;
  }
  lane.job = job;
  lane.runId = null;
  lane.losses = [];
  if (job.config.dataset === 'folder') {
    const size = `${job.config.image_size}:${job.config.grayscale}:${job.config.interpolation}`;
    if (lane.size !== size) {
      const asked = performance.now();
      const fresh = !lane.client.worker;
      try {
        const shared = await sharedFolder(job.config);
        await new Promise((resolve) => {
          lane.onLoaded = resolve;
          lane.client.post({ type: 'load_shared', folder: shared }, [shared.pixels.buffer]);
        });
      } catch (e) {
        finished(lane, false, `the folder could not be handed over: ${e.message}`);
        return;
      }
      grid?.record.timing.shares.push({ image_size: job.config.image_size, fresh_worker: fresh, ms: performance.now() - asked });
      lane.size = size;
    }
  }
  lane.posted = performance.now();
  lane.client.post({ type: 'train', config: job.config, demo_url: deps.demoUrl() });
  showProgress();
}

let sharing = Promise.resolve(); // the page's worker answers one share at a time

/**
 * The folder's pixels at `config`'s size for one grid worker, from the page's own worker. It
 * decodes again only when the size changes (jobs run in size order, so once per size), and
 * the pixels are moved, not copied, on their way: each grid worker holds one copy.
 */
function sharedFolder(config) {
  const asked = sharing.then(() => new Promise((resolve, reject) => {
    deps.mainClient.onShared = resolve;
    deps.mainClient.onShareFailed = reject;
    deps.mainClient.post({ type: 'share_folder', config });
  }));
  sharing = asked.catch(() => {});
  return asked;
}

function finished(lane, ok, message) {
  if (!grid || !lane.job) return;
  if (ok) grid.record.done.push(lane.job.index);
  else {
    grid.failed++;
    console.warn(`grid run ${lane.job.index + 1} failed: ${message}`);
  }
  grid.done++;
  lane.job = null;
  saveGrid();
  deps.changed();
  next(lane);
}

function showProgress() {
  if (!grid) return;
  const running = grid.lanes.filter((l) => l.job).length;
  const elapsed = (performance.now() - grid.started) / 1000;
  const left = grid.total - grid.done;
  const eta = grid.done ? (elapsed / grid.done) * left : NaN;
  const at = Math.min(grid.done + 1, grid.total);
  setStatus('running', `run ${at} of ${grid.total} · ${running} running` + (Number.isFinite(eta) ? ` · ETA ${Math.round(eta)} s` : '') +
    (grid.failed ? ` · ${grid.failed} failed` : '') + ` · ${grid.workers}`);
}

function end() {
  const stopped = grid.stopping;
  grid.record.state = stopped ? 'stopped' : 'done';
  saveGrid();
  const seconds = ((performance.now() - grid.started) / 1000).toFixed(1);
  const text = `${stopped ? 'Stopped' : 'Done'}: ${grid.done - grid.failed} of ${grid.total} runs finished in ${seconds} s` +
    (grid.failed ? `, ${grid.failed} failed` : '') + ` (${grid.workers}).`;
  grid = null;
  setStatus('done', text);
  deps.changed();
}

/** Stop: no new runs; the ones running stop at their next batch and are kept. */
export function stopGrid() {
  if (!grid) return;
  grid.stopping = true;
  // Only a worker that runs: a lane still waiting for the folder has none to start for this.
  for (const lane of grid.lanes) if (lane.job) lane.client.worker?.postMessage({ type: 'stop' });
  setStatus('running', 'Stopping: the runs under way end at their next batch…');
}

/** After a reload: a grid that was running can go on with what it had not done. */
async function offerResume() {
  const grids = await store.all('grids').catch(() => []);
  const unfinished = grids.filter((g) => g.state === 'running').sort((a, b) => b.created.localeCompare(a.created))[0];
  if (!unfinished) return;
  // A run's result is stored before the grid's record says it is done: a reload between the
  // two finds the run ended but the grid not told. Such a run is done; resume skips it.
  const ended = deps.log.runs.filter((r) => r.grid?.grid === unfinished.id && Number.isInteger(r.grid.index) &&
    r.status !== 'running' && r.status !== 'interrupted').map((r) => r.grid.index);
  unfinished.done = [...new Set([...unfinished.done, ...ended])];
  const left = unfinished.total - unfinished.done.length;
  const folder = unfinished.base.dataset === 'folder' ? ' It trains on a folder: choose the folder again first.' : '';
  $('grid-resume').hidden = false;
  $('grid-resume').onclick = () => runGrid(unfinished);
  $('grid-spec').value = unfinished.spec;
  setStatus('idle', `A grid was running when the page closed: ${left} of ${unfinished.total} runs are not done. Resume runs only those.${folder}`);
}

export function setUpGrid(dependencies) {
  deps = dependencies;
  $('grid-workers').value = defaultWorkers();
  $('grid-spec').addEventListener('input', () => {
    showPlan();
    deps.syncUrl();
    deps.changed();
  });
  $('grid-repeats').addEventListener('input', showPlan);
  $('grid-run').onclick = () => runGrid();
  $('grid-stop').onclick = stopGrid;
  setStatus('idle', '');
  offerResume();
}

export const gridRunning = () => Boolean(grid);
