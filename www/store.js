// IndexedDB, as promises. Written here rather than taken from a package (`idb` would do): it
// is these few calls, and the static site then needs no npm install and no bundler to build.
//
// Stores: `runs` (a light summary per run, keyed by id: what the runs table shows, read at
// every load), `reports` (a run's full report, keyed by run), `views` (what a stored run's
// view needs beyond its epochs: the model summary and the validation thumbnails, keyed by
// run), `epochs` (one record per finished epoch, keyed [run, epoch], indexed by run),
// `models` (a run's trained model file, keyed by run) and `grids` (grid searches and their
// queues). Version 3 split the whole-run records of versions 1 and 2 into these stores.
import { summaryOf, validWhole } from './run-summary.js';

const NAME = 'aula';
const VERSION = 3;
const RUN_STORES = ['runs', 'reports', 'views', 'epochs', 'models'];
let opened = null;

function request(r) {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

/** Versions 1 and 2 kept a whole run (report, thumbnails) in its `runs` record: each moves,
 * inside the upgrade's own transaction (all or nothing), to a summary, a report and a view. */
function splitWholeRuns(t) {
  const reports = t.objectStore('reports');
  const views = t.objectStore('views');
  t.objectStore('runs').openCursor().onsuccess = (e) => {
    const cursor = e.target.result;
    if (!cursor) return;
    const old = cursor.value;
    // What cannot be read is left as it was: the page says it skipped it.
    if (validWhole(old)) {
      reports.put({ run: old.id, report: old.report, whole: true });
      if (old.view) views.put({ run: old.id, ...old.view });
      cursor.update(summaryOf(old, old.report));
    }
    cursor.continue();
  };
}

function upgrade(d, t, from) {
  const create = (name, options) => (d.objectStoreNames.contains(name) ? null : d.createObjectStore(name, options));
  create('runs', { keyPath: 'id' });
  create('epochs', { keyPath: ['run', 'epoch'] })?.createIndex('run', 'run');
  create('grids', { keyPath: 'id' });
  create('models', { keyPath: 'run' });
  create('reports', { keyPath: 'run' });
  create('views', { keyPath: 'run' });
  if (from > 0 && from < 3) splitWholeRuns(t);
}

/** The database, opened once (and again on the next call after a failed open). */
export function db() {
  if (opened) return opened;
  const opening = new Promise((resolve, reject) => {
    const r = indexedDB.open(NAME, VERSION);
    r.onupgradeneeded = (e) => upgrade(r.result, r.transaction, e.oldVersion);
    r.onsuccess = () => {
      const d = r.result;
      // A newer version of the page in another tab needs the database: let it have it, and
      // open it again (at that version) on the next call.
      d.onversionchange = () => {
        d.close();
        opened = null;
      };
      resolve(d);
    };
    r.onerror = () => reject(r.error);
    r.onblocked = () => reject(new Error('the database is held open by an older tab of this page: close or reload it'));
  });
  opened = opening;
  opening.catch(() => opened === opening && (opened = null));
  return opening;
}

/** Runs `work(transaction)` in one read-write transaction over `names`; resolves when it has
 * committed, rejects (and nothing is written) when any part fails. */
async function transact(names, work) {
  const t = (await db()).transaction(names, 'readwrite');
  const done = new Promise((resolve, reject) => {
    t.oncomplete = resolve;
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error ?? new Error('the write was aborted'));
  });
  try {
    work(t);
  } catch (e) {
    t.abort();
    done.catch(() => {});
    throw e;
  }
  return done;
}

export const put = (name, value) => transact(name, (t) => t.objectStore(name).put(value));

/** Writes `[store, value]` pairs in one transaction: all of them or none. */
export function putAll(pairs) {
  const names = [...new Set(pairs.map(([name]) => name))];
  return transact(names, (t) => {
    for (const [name, value] of pairs) t.objectStore(name).put(value);
  });
}

export const remove = (name, key) => transact(name, (t) => t.objectStore(name).delete(key));

export async function all(name) {
  return request((await db()).transaction(name).objectStore(name).getAll());
}

export async function get(name, key) {
  return request((await db()).transaction(name).objectStore(name).get(key));
}

/** A run's epoch records, in order. */
export async function epochsOf(run) {
  const index = (await db()).transaction('epochs').objectStore('epochs').index('run');
  return (await request(index.getAll(run))).sort((a, b) => a.epoch - b.epoch);
}

/** Deletes a run and all that is kept of it in one transaction. */
export function removeRun(id) {
  return transact(RUN_STORES, (t) => {
    for (const name of RUN_STORES) {
      const key = name === 'epochs' ? IDBKeyRange.bound([id, -Infinity], [id, Infinity]) : id;
      t.objectStore(name).delete(key);
    }
  });
}
