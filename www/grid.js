// Grid search in the page: every combination of the settings given as lists is an ordinary
// run (stored and listed as soon as it starts, or as soon as it fails, with the reason), run
// by several workers at once on the CPU (one at a time on WebGPU). The queue is kept in
// IndexedDB: a grid that did not finish every run (a reload, a Stop, runs that failed) offers
// to resume with those. A folder is decoded once per image size, by the page's own worker, and
// its pixels moved to each grid worker. A grid and a single run exclude each other (state.js).
import { gridShard } from '../pkg/aula_page.js';
import * as store from './store.js';
import { $ } from './dom.js';
import { t, tSaid, onLanguage } from './i18n.js';
import { WorkerClient, SILENCE_MS } from './worker-client.js';
import { mayUseWebgpu, threadsFailed, threadsFor, whyOneThread } from './threads.js';
import { current, begin, end, refusal, setGrid, hasFolder, notify } from './state.js';
import { folderFiles, shardText, showHandIn } from './classroom.js';

let deps = null; // { log, mainClient, readConfig(), demoUrl(), syncUrl(), selectRun(id) }
let lanes = []; // the running grid's workers and the run each is on (the grid itself is in state.js)
const grid = () => current().grid;

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

/** A grid's plan, cut to `shard` (`k/n`, `n` or ''), and its identity across pages. */
function cutPlan(spec, config, repeats, shard) {
  const cut = gridShard(spec, config, repeats, shard, folderFiles(config));
  return { spec, config, repeats, shard, identity: cut.identity, ...cut.plan };
}

/** The plan of the grid in the panel, or null with the problem shown. */
function plan() {
  if (!deps) return null;
  const config = deps.readConfig({ quiet: true });
  const spec = $('grid-spec').value.trim();
  if (!config || !spec) {
    $('grid-plan').textContent = spec ? '' : t('grid-plan-empty');
    return null;
  }
  try {
    return cutPlan(spec, config, Number($('grid-repeats').value) || 1, $('grid-shard').value.trim());
  } catch (e) {
    $('grid-plan').textContent = tSaid(e.said, e.message);
    return null;
  }
}

/** Why the grid in the panel cannot run, or null. */
export function planProblem() {
  return plan() ? null : $('grid-plan').textContent || t('grid-plan-missing');
}

export function showPlan() {
  const p = plan();
  if (!p) return;
  const fixed = p.fixed.map(([k, v]) => `${k}=${v}`).join(', ');
  // A seat's runs may keep their models to hand in (ticked before the grid runs).
  $('grid-hand-in-models-label').hidden = !p.shard.includes('/') && $('grid-hand-in').hidden;
  $('grid-plan').textContent = shardText(p) + t('grid-plan', {
    combinations: p.combinations, repeats: p.repeats, runs: p.runs.length, varying: p.varying.join(', '), fixed,
  });
}

/** Workers to run on, and why fewer than asked: several on the CPU, one when WebGPU trains
 * (Auto may use it only on a hardware adapter, by the worker's rule; there a run's
 * calibration may still pick the CPU, and the grid then runs one at a time: slower, but the
 * one GPU is never shared). */
function laneCount(config, jobs) {
  const asked = Number($('grid-workers').value) || defaultWorkers();
  if (mayUseWebgpu(config.backend)) return [1, asked > 1 ? ' ' + t('grid-lanes-webgpu', { asked }) : ''];
  const lanes = Math.min(8, Math.max(1, asked));
  const runs = Math.max(1, jobs.length);
  if (runs < lanes) return [runs, ' ' + t('grid-lanes-runs', { asked, runs })];
  // Each worker holds its own copy of a folder's pixels (at the largest size it trains on).
  const copy = Math.max(0, ...jobs.filter((j) => j.config.dataset === 'folder')
    .map((j) => (current().folder?.images ?? 0) * j.config.image_size ** 2 * (j.config.grayscale ? 1 : 3)));
  const fit = copy ? Math.max(1, Math.floor(GRID_PIXEL_BUDGET / copy)) : lanes;
  if (fit < lanes) return [fit, ' ' + t('grid-lanes-memory', { asked, megabytes: Math.round(copy / 2 ** 20) })];
  return [lanes, asked > lanes ? ' ' + t('grid-lanes-most', { asked }) : ''];
}

/** "2 workers × 2 threads", and why one thread where a run gets one. */
function lanesText(lanes, threads, backend) {
  return threads > 1 ? t('grid-lanes-threads', { lanes, threads }) : t('grid-lanes-one-thread', { lanes, why: whyOneThread(backend, lanes) });
}

async function saveGrid(record = grid().record) {
  try {
    await store.put('grids', record);
  } catch (e) {
    deps.log.onError(t('grid-save-failed', { name: e.name, message: e.message }));
  }
}

/** Starts the grid in the panel (or resumes `resume`, a stored grid record); says why not when it cannot. */
export async function runGrid(resume = null) {
  const why = refusal('grid');
  if (why) return setStatus('idle', why);
  const p = resume ? { ...cutPlan(resume.spec, resume.base, resume.repeats, resume.shard ?? ''), ...(resume.identity ? { identity: resume.identity } : {}) }
    : deps.readConfig() && plan();
  if (!p) return;
  if (p.shard && !p.shard.includes('/')) return setStatus('idle', shardText(p)); // which seat?
  if (p.confirm && !resume && !confirm(t('grid-confirm', { combinations: p.combinations, runs: p.runs.length }))) return;
  if (p.config.dataset === 'folder' && !hasFolder()) {
    setStatus('idle', t('grid-needs-folder'));
    return;
  }
  const record = resume ?? { id: new Date().toISOString(), spec: p.spec, repeats: p.repeats, base: p.config, created: new Date().toISOString(), state: 'running', done: [], total: p.runs.length,
    shard: p.shard, identity: p.identity, models: p.shard.includes('/') && $('grid-hand-in-models').checked };
  if (begin('grid', t('grid-running', { runs: record.total - record.done.length }))) return;
  record.state = 'running';
  record.failed = {}; // index -> why: the runs that failed are tried again
  // Where the page's time went, for the benchmark's breakdown: each folder handover (its
  // decode at that size, and a fresh worker's start) and each run, from its `train` message.
  record.timing ??= { shares: [], runs: [] };
  const jobs = p.runs.map((run, index) => ({ ...run, index })).filter((job) => !record.done.includes(job.index));
  // Runs of one image size (and channels, interpolation) together, so a folder is decoded once per size.
  jobs.sort((a, b) => a.config.image_size - b.config.image_size || Number(a.config.grayscale) - Number(b.config.grayscale) ||
    String(a.config.interpolation).localeCompare(String(b.config.interpolation)) || a.index - b.index);
  setGrid({ id: record.id, record, queue: jobs, done: 0, failed: 0, stopped: 0, silent: 0, total: jobs.length, started: performance.now(),
    stopping: false, repeats: p.repeats, identity: p.identity });
  await saveGrid();
  $('grid-resume').hidden = true;
  deps.selectRun(null); // the comparison follows the grid: each run is selected as it starts
  const [count, why2] = laneCount(p.config, jobs);
  // Threads per run from what the lanes leave: lanes × threads ≤ cores.
  const threads = threadsFor(p.config.backend, count);
  grid().workers = lanesText(count, threads, p.config.backend);
  setStatus('running', t('grid-starting', { workers: grid().workers + why2 }));
  lanes = Array.from({ length: count }, () => makeLane(threads));
  lanes.forEach(next);
}

/** "grid: lr=0.1, batch_size=32", what a run is named by: its combination's own settings. It is
 * the run's stored name (kept, exported, renamed by the user), so it is in no language. */
function runName({ config, set, repeat }) {
  return `grid: ${set.map(([k, v]) => `${k}=${v}`).join(', ')}${repeat ? ` (seed ${config.seed})` : ''}`;
}

// Its identity goes with every run: a runs file handed in says which grid, and which data, it is of.
const place = (job) => ({ grid: grid().id, combination: job.combination, repeat: job.repeat, repeats: grid().repeats, index: job.index,
  identity: grid().identity });

/** A worker (its runs' kernels on `threads` threads) and the run it is on. */
function makeLane(threads) {
  const lane = { job: null, runId: null, losses: [], size: null, training: false };
  lane.client = new WorkerClient({
    started: (m) => {
      lane.startedAt = performance.now();
      lane.runId = deps.log.start(lane.job.config, m, { name: runName(lane.job), grid: place(lane.job) });
      deps.selectRun(lane.runId);
    },
    progress: (m) => lane.losses.push(...m.losses),
    epoch: (m) => {
      const losses = lane.losses;
      lane.losses = [];
      if (lane.runId) deps.log.epoch(lane.runId, m, losses);
    },
    done: async (m) => {
      const { job, runId } = lane;
      const received = performance.now();
      if (runId) await deps.log.finish(runId, m.report);
      // A shard asked to hand its models in: each run's model file is kept with the run.
      if (runId && grid()?.record.models && !m.report.stopped) await keepModel(lane, runId);
      const stored = performance.now();
      if (lane.job !== job) return; // ended meanwhile
      grid()?.record.timing.runs.push({ index: job.index, start_ms: lane.startedAt - lane.posted,
        wall_ms: stored - lane.posted, store_ms: stored - received });
      finished(lane, m.report.stopped ? 'stopped' : 'done');
    },
    run_failed: (m) => finished(lane, 'failed', m.message, m.said),
    threads_failed: (m) => threadsFailed(m.message),
    error: (m) => lane.client.fail(m.message),
  }, (message) => {
    lane.size = null; // the fresh worker has no folder yet
    finished(lane, 'failed', message);
  }, () => threads, () => (lane.size = null));
  return lane;
}

/** The lane's worker's model of the run that just ended, kept with run `runId` (none: said nothing). */
async function keepModel(lane, runId) {
  const answer = await lane.client.ask({ type: 'export_model' }, ['model_file', 'model_failed']).catch(() => null);
  if (answer?.type === 'model_file') await deps.log.keepModel(runId, answer.name, new Blob([answer.bytes]));
}

/** Gives the lane its next job, after handing it the folder at that job's size if needed. */
async function next(lane) {
  if (!grid()) return;
  const job = grid().stopping ? null : grid().queue.shift();
  if (!job) {
    lane.client.terminate();
    lane.idle = true;
    if (lanes.every((l) => l.idle)) ended();
    return;
  }
  lane.job = job;
  lane.runId = null;
  lane.losses = [];
  lane.training = false;
  if (job.config.dataset === 'folder') {
    const size = `${job.config.image_size}:${job.config.grayscale}:${job.config.interpolation}`;
    if (lane.size !== size) {
      const asked = performance.now();
      const fresh = !lane.client.worker;
      try {
        const shared = await sharedFolder(job.config);
        await lane.client.ask({ type: 'load_shared', folder: shared }, ['loaded'], [shared.pixels.buffer]);
      } catch (e) {
        // (Unless the worker's failure has ended this job already and the lane moved on.)
        if (lane.job === job) finished(lane, 'failed', t('grid-handover-failed', { message: e.message }));
        return;
      }
      if (lane.job !== job) return;
      if (grid()?.stopping) return finished(lane, 'stopped'); // stopped while the folder came: not started
      grid()?.record.timing.shares.push({ image_size: job.config.image_size, fresh_worker: fresh, ms: performance.now() - asked });
      lane.size = size;
    }
  }
  lane.posted = performance.now();
  lane.training = true;
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
  const asked = sharing.then(async () => {
    const answer = await deps.mainClient.ask({ type: 'share_folder', config }, ['folder_shared']);
    if (!answer.folder) throw new Error(answer.error);
    return answer.folder;
  });
  sharing = asked.catch(() => {});
  return asked;
}

/**
 * The lane's run ended: `done` (kept as done), `stopped` (kept, not done: resume runs it again)
 * or `failed` (its row says why, and so does the grid's status).
 */
function finished(lane, outcome, message, said = null) {
  const g = grid();
  if (!g || !lane.job) return;
  const job = lane.job;
  lane.job = null;
  lane.training = false;
  if (outcome === 'done') g.record.done.push(job.index);
  if (outcome === 'stopped') g.stopped++;
  if (outcome === 'failed') {
    g.failed++;
    g.record.failed[job.index] = tSaid(said, message);
    // A run that failed before it started gets its row now, so that the reason is listed.
    const id = lane.runId ?? deps.log.start(job.config, null, { name: runName(job), grid: place(job) });
    deps.log.fail(id, message, said);
  }
  g.done++;
  saveGrid();
  showProgress();
  next(lane);
}

function showProgress() {
  const g = grid();
  if (!g) return;
  if (g.stopping) return; // the status says what Stop is waiting for
  const running = lanes.filter((l) => l.job).length;
  const elapsed = (performance.now() - g.started) / 1000;
  const left = g.total - g.done;
  const eta = g.done ? (elapsed / g.done) * left : NaN;
  const at = Math.min(g.done + 1, g.total);
  setStatus('running', t('grid-progress', { at, total: g.total, running }) + (Number.isFinite(eta) ? ' · ' + t('grid-eta', { seconds: Math.round(eta) }) : '') +
    failedText(g) + ` · ${g.workers}`);
}

/** " · 1 failed (image 28x28 is too small …; its row says why)": the count and the first reason. */
function failedText(g) {
  const reasons = Object.values(g.record.failed);
  if (!reasons.length) return '';
  return ' · ' + t('grid-failed', { count: reasons.length, first: reasons[0], more: reasons.length > 1 ? 'yes' : 'no' });
}

/** Every lane is idle: the grid ended. It offers to resume where runs are not done. */
function ended() {
  const g = grid();
  const record = g.record;
  const stopped = g.stopping;
  const left = record.total - record.done.length;
  record.state = left ? (stopped ? 'stopped' : 'unfinished') : 'done';
  saveGrid(record);
  const seconds = (performance.now() - g.started) / 1000;
  const silent = g.silent ? ' ' + t('grid-silent', { workers: g.silent, limit: SILENCE_MS / 1000 }) : '';
  const counts = { finished: g.done - g.failed - g.stopped, total: g.total, seconds, failed: failedText(g).replace(' · ', ', '), workers: g.workers };
  const text = t(stopped ? 'grid-stopped' : 'grid-done', counts) + silent;
  lanes = [];
  setGrid(null);
  setStatus('done', text);
  end('done', t(stopped ? 'grid-stopped-line' : 'grid-done-line', counts) + silent);
  showHandIn(record);
  if (left) offer(record, 'done', `${text} ${t('grid-left', { left, total: record.total, failed: failedCount(record) })}`);
}

const failedCount = (record) => {
  const n = Object.keys(record.failed ?? {}).length;
  return n ? ' ' + t('grid-failed-count', { count: n, first: Object.values(record.failed)[0] }) : '';
};

/**
 * Stop: no new runs; the ones running stop at their next batch and are kept. A worker is ended
 * only if it stops answering altogether (no message for `SILENCE_MS`).
 */
export function stopGrid() {
  const g = grid();
  if (!g || g.stopping) return;
  g.stopping = true;
  // Only a worker that trains: a lane still waiting for the folder stops when the folder comes.
  for (const lane of lanes) {
    if (!lane.job || !lane.training) continue;
    lane.client.stop(() => {
      g.silent++;
      const id = lane.runId;
      if (id) deps.log.finish(id, { stopped: true }); // the epochs so far, kept live
      finished(lane, 'stopped');
    });
  }
  setStatus('running', t('grid-stopping'));
}

/** Shows the resume button for `record`, and `text` in the grid's status. */
function offer(record, state, text) {
  $('grid-resume').hidden = false;
  $('grid-resume').onclick = () => runGrid(record);
  $('grid-spec').value = record.spec;
  $('grid-shard').value = record.shard ?? '';
  setStatus(state, text);
}

/** After a reload: the newest grid, if some of its runs are not done (cut short, stopped or failed). */
async function offerResume() {
  const grids = await store.all('grids').catch(() => []);
  const last = grids.sort((a, b) => b.created.localeCompare(a.created))[0];
  if (!last) return;
  // A run's result is stored before the grid's record says it is done: a reload between the
  // two finds the run ended but the grid not told. Such a run is done; resume skips it.
  const ended = deps.log.runs.filter((r) => r.grid?.grid === last.id && Number.isInteger(r.grid.index) &&
    ['done', 'early_stopped', 'halted'].includes(r.status)).map((r) => r.grid.index);
  last.done = [...new Set([...last.done, ...ended])];
  const left = last.total - last.done.length;
  if (!left) showHandIn(last); // a shard that finished can still be handed in after a reload
  if (!left || grid()) return;
  const how = last.state === 'running' || last.state === 'stopped' ? last.state : 'ended';
  const folder = last.base.dataset === 'folder' ? ' ' + t('grid-resume-folder') : '';
  offer(last, 'idle', `${t('grid-resume-offer', { how })} ${t('grid-left', { left, total: last.total, failed: failedCount(last) })}${folder}`);
}

export function setUpGrid(dependencies) {
  deps = dependencies;
  onLanguage(showPlan);
  $('grid-workers').value = defaultWorkers();
  $('grid-spec').addEventListener('input', () => {
    showPlan();
    deps.syncUrl();
    notify(); // Run in the lab bar says Train or Run grid
  });
  $('grid-repeats').addEventListener('input', showPlan);
  $('grid-shard').addEventListener('input', () => {
    showPlan();
    deps.syncUrl();
  });
  $('grid-run').onclick = () => runGrid();
  $('grid-stop').onclick = stopGrid;
  setStatus('idle', '');
  offerResume();
}
