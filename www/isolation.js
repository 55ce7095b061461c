// Cross-origin isolation, which the threaded CPU worker needs (SharedArrayBuffer). A server
// that sends COOP/COEP (`./aula.sh serve`) isolates the page itself. A static host that sends
// no headers gets them from the page's service worker (`sw.js`, beside index.html): on the
// first visit it installs, the page reloads once, and from then on the service worker adds
// the headers to every response of the site. Never more than one reload (a browser that
// still does not isolate the page is remembered for the tab), and a page whose browser has no
// service workers (or blocks them) runs single-threaded, saying why.

const RELOADED = 'aula-isolation-reload';
const WAIT_MS = 4000; // for the service worker to take control on a first visit

// sessionStorage throws where the site's storage is blocked: then no reload at all.
const flag = {
  get: () => { try { return sessionStorage.getItem(RELOADED) !== null; } catch { return true; } },
  set: () => { try { sessionStorage.setItem(RELOADED, '1'); return true; } catch { return false; } },
  clear: () => { try { sessionStorage.removeItem(RELOADED); } catch { /* nothing kept */ } },
};

/** How the page is isolated: `how` (headers | service-worker | none) and, if not, `why` ({ id, args }). */
export const isolation = await isolate();

async function isolate() {
  if (globalThis.crossOriginIsolated) {
    flag.clear();
    const how = navigator.serviceWorker?.controller ? 'service-worker' : 'headers';
    return { how, why: null };
  }
  // Why, as a message of the catalogue (words chosen when shown, in the language shown).
  const none = (id, args) => ({ how: 'none', why: { id, args } });
  if (!window.isSecureContext) return none('isolation-not-secure');
  if (!('serviceWorker' in navigator)) return none('isolation-no-service-worker');
  if (flag.get()) {
    return none('isolation-still-not');
  }
  let registration;
  try {
    // sw.js sits beside index.html, so its scope is the whole site, wherever it is hosted.
    registration = await navigator.serviceWorker.register(new URL('sw.js', document.baseURI));
  } catch (e) {
    return none('isolation-worker-failed', { reason: e.message });
  }
  if (!registration) return none('isolation-workers-blocked');
  // Active but not in control of this load: a hard reload (Shift) bypasses it. No waiting then.
  if (registration.active && !navigator.serviceWorker.controller) {
    return none('isolation-hard-reload');
  }
  // Controlled already (a later visit whose response came without headers), or once it takes control.
  const controlled = navigator.serviceWorker.controller ? Promise.resolve(true)
    : new Promise((resolve) => {
      navigator.serviceWorker.addEventListener('controllerchange', () => resolve(true), { once: true });
      setTimeout(() => resolve(false), WAIT_MS);
    });
  if (!(await controlled)) {
    return none('isolation-next-visit');
  }
  if (!flag.set()) return none('isolation-no-storage');
  location.reload();
  return new Promise(() => {}); // the page goes; nothing else starts
}
