import { Listeners } from '../util/listeners';

/** What the page knows about its service worker, for the strip that offers "Reload to update". */
export interface OfflineState {
  /** The page is served through the service worker: it works offline. */
  controlled: boolean;
  /** A newer version is installed and waits: reloading through updateNow() shows it. */
  updateReady: boolean;
  /**
   * The page is cross-origin isolated (SharedArrayBuffer: Stop keeps the browser board's variables).
   * False on the first visit of a host without the headers, until the next load.
   */
  isolated: boolean;
}

const listeners = new Listeners<[OfflineState]>();
let state: OfflineState = {
  controlled: false,
  updateReady: false,
  isolated: typeof crossOriginIsolated === 'boolean' ? crossOriginIsolated : false,
};
let waiting: ServiceWorker | undefined;

export function offlineState(): OfflineState {
  return state;
}

export function onOfflineState(listener: (state: OfflineState) => void): () => void {
  return listeners.add(listener);
}

function update(change: Partial<OfflineState>): void {
  state = { ...state, ...change };
  listeners.emit(state);
}

/**
 * Registers sw.js (built beside index.html) once the page has loaded, and watches for a new
 * version. Only in a built site: the dev server must always serve the files being edited.
 */
export async function registerServiceWorker(): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  const container = navigator.serviceWorker;
  update({ controlled: container.controller !== null });
  let registration: ServiceWorkerRegistration;
  try {
    registration = await container.register('./sw.js', { scope: './' });
  } catch {
    return; // no worker (private mode, a file:// page): the lab works online as before
  }
  const watch = (worker: ServiceWorker | null) => {
    if (!worker) return;
    const check = () => {
      // Installed while another version controls the page: an update, waiting for the learner.
      if (worker.state === 'installed' && container.controller) {
        waiting = worker;
        update({ updateReady: true });
      }
    };
    check();
    worker.addEventListener('statechange', check);
  };
  watch(registration.waiting);
  registration.addEventListener('updatefound', () => watch(registration.installing));
  container.addEventListener('controllerchange', () => {
    if (updating) location.reload();
    else update({ controlled: true });
  });
}

let updating = false;

/** Lets the waiting version take over, then reloads the page with it. */
export function updateNow(): void {
  if (!waiting) return;
  updating = true;
  waiting.postMessage({ type: 'skip-waiting' });
}
