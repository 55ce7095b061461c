// Offline use, on the page's side: registers the service worker (sw.js, which also isolates the
// page on a static host), asks it to keep the whole build once the page has loaded, says in the
// header whether the page is saved for offline use, and shows "new version — reload" while a
// newer build waits to take over. Where service workers are unavailable the page works as
// before, online only. The state is also kept on <html data-offline="..."> for the tests.

const IDLE_MS = 1500; // after the page's load, before its build is fetched in the background
const UPDATE_EVERY_MS = 30 * 60 * 1000; // a tab left open still hears of a new build

import { setL10n } from './i18n.js';

/** The states that say something, and their messages (the others hide the line). */
const MESSAGES = { caching: 'offline-caching', ready: 'offline-ready', failed: 'offline-failed' };

function mark(state, detail = '') {
  document.documentElement.dataset.offline = state;
  let line = document.querySelector('[data-testid="offline-state"]');
  if (!line) {
    line = document.createElement('p');
    line.className = 'offline-state';
    line.dataset.testid = 'offline-state';
    (document.querySelector('header') ?? document.body).append(line);
  }
  line.hidden = !MESSAGES[state];
  if (detail) setL10n(line, `${MESSAGES[state]}-detail`, { detail });
  else if (MESSAGES[state]) setL10n(line, MESSAGES[state]);
}

/** Sends `message` to a service worker and waits for its answer. */
function ask(worker, message) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(event.data);
    worker.postMessage(message, [channel.port2]);
  });
}

/** The active worker of `registration`, once there is one. */
async function activeWorker(registration) {
  if (registration.active) return registration.active;
  await navigator.serviceWorker.ready;
  return registration.active;
}

let reloading = false;
function showUpdateNote(registration) {
  if (document.querySelector('[data-testid="update-note"]')) return;
  const note = document.createElement('div');
  note.className = 'update-note';
  note.dataset.testid = 'update-note';
  note.setAttribute('role', 'status');
  const button = document.createElement('button');
  button.type = 'button';
  button.dataset.testid = 'update-reload';
  setL10n(button, 'update-reload');
  const text = document.createElement('span');
  setL10n(text, 'update-ready');
  note.append(text, ' ', button);
  button.addEventListener('click', () => {
    reloading = true;
    button.disabled = true;
    // The waiting build takes over; the page reloads when it does (controllerchange).
    if (registration.waiting) registration.waiting.postMessage({ type: 'take-over' });
    else location.reload();
  });
  document.body.append(note);
}

/** Shows the note while a newer build waits behind the one that serves this page. */
function watchUpdates(registration) {
  const check = () => {
    if (registration.waiting && navigator.serviceWorker.controller) showUpdateNote(registration);
  };
  const track = (worker) => worker?.addEventListener('statechange', () => worker.state === 'installed' && check());
  check();
  track(registration.installing);
  registration.addEventListener('updatefound', () => track(registration.installing));
  navigator.serviceWorker.addEventListener('controllerchange', () => reloading && location.reload());
  setInterval(() => registration.update().catch(() => {}), UPDATE_EVERY_MS);
}

async function start() {
  let registration;
  try {
    registration = await navigator.serviceWorker.register(new URL('sw.js', document.baseURI));
  } catch {
    return mark('unavailable'); // blocked or refused: the page works online only
  }
  if (!registration) return mark('unavailable');
  watchUpdates(registration);
  if (document.readyState !== 'complete') await new Promise((ok) => addEventListener('load', ok, { once: true }));
  await new Promise((ok) => setTimeout(ok, IDLE_MS));
  mark('caching');
  const answer = await ask(await activeWorker(registration), { type: 'cache-build' });
  if (answer?.error) mark('failed', answer.error);
  else mark(answer?.files ? 'ready' : 'unbuilt');
}

if ('serviceWorker' in navigator && window.isSecureContext) {
  start().catch((e) => mark('failed', e?.message ?? String(e)));
} else {
  mark('unavailable');
}
