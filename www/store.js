// IndexedDB, as promises. Written here rather than taken from a package: it is these few
// calls, and the site then needs no npm install to build.
//
// Stores: `runs` (one record per run, keyed by id), `epochs` (one record per finished epoch,
// keyed [run, epoch], indexed by run), `grids` (grid searches and their queues) and `models`
// (a run's trained model file, keyed by run; version 2).

const NAME = 'aula';
const VERSION = 2;
let opened = null;

function request(r) {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

/** The database, opened once (and again on the next call after a failed open). */
export function db() {
  if (opened) return opened;
  const opening = new Promise((resolve, reject) => {
    const r = indexedDB.open(NAME, VERSION);
    r.onupgradeneeded = () => {
      const d = r.result;
      if (!d.objectStoreNames.contains('runs')) d.createObjectStore('runs', { keyPath: 'id' });
      if (!d.objectStoreNames.contains('epochs')) d.createObjectStore('epochs', { keyPath: ['run', 'epoch'] }).createIndex('run', 'run');
      if (!d.objectStoreNames.contains('grids')) d.createObjectStore('grids', { keyPath: 'id' });
      if (!d.objectStoreNames.contains('models')) d.createObjectStore('models', { keyPath: 'run' });
    };
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

/** Runs `work(store)` in one read-write transaction; resolves when it has committed. */
async function write(name, work) {
  const t = (await db()).transaction(name, 'readwrite');
  const done = new Promise((resolve, reject) => {
    t.oncomplete = resolve;
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error ?? new Error('the write was aborted'));
  });
  work(t.objectStore(name));
  return done;
}

export const put = (name, value) => write(name, (s) => s.put(value));

export const remove = (name, key) => write(name, (s) => s.delete(key));

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

/** Deletes a run, its epochs and its model in one transaction. */
export async function removeRun(id) {
  const t = (await db()).transaction(['runs', 'epochs', 'models'], 'readwrite');
  const done = new Promise((resolve, reject) => {
    t.oncomplete = resolve;
    t.onerror = () => reject(t.error);
  });
  t.objectStore('runs').delete(id);
  t.objectStore('epochs').delete(IDBKeyRange.bound([id, -Infinity], [id, Infinity]));
  t.objectStore('models').delete(id);
  return done;
}
