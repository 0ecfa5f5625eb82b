/**
 * The lab's service worker (built to sw.js beside index.html; the build fills in PRECACHE):
 * - Offline after the first visit: every file of the build is cached at install, served from the
 *   cache; the page itself network-first, so an online visit sees a new version.
 * - Cross-origin isolated without special headers: every response it serves gets COOP and COEP, so
 *   once it controls the page (from the next load on) the browser board can stop a running program
 *   with a KeyboardInterrupt and keep the variables, even on a host that sends no headers.
 * - A new version waits until the page asks for it ("Reload to update"), so old and new files never
 *   mix in one page.
 */
/** The little of a service worker's global scope used here (the project compiles against the DOM library). */
interface WorkerScope {
  readonly registration: { readonly scope: string; readonly active: unknown };
  readonly location: Location;
  readonly clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}
interface ExtendableEvent extends Event {
  waitUntil(work: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
const worker = globalThis as unknown as WorkerScope;

/** Filled in by the build: the version and every file of the site, relative to this worker. */
declare const PRECACHE: { version: string; files: string[] };

const CACHE = `pico-heap-lab-${PRECACHE.version}`;
const ISOLATION_HEADERS: Record<string, string> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

worker.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(PRECACHE.files.map((file) => new URL(file, worker.registration.scope).href));
      // The first version takes over at once; a later one waits for the page to ask.
      if (!worker.registration.active) await worker.skipWaiting();
    })(),
  );
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys())
        if (key.startsWith('pico-heap-lab-') && key !== CACHE) await caches.delete(key);
      await worker.clients.claim();
    })(),
  );
});

worker.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'skip-waiting') void worker.skipWaiting();
});

worker.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== worker.location.origin) return;
  event.respondWith(respond(request));
});

async function respond(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  if (request.mode === 'navigate') {
    // The page: the network's if it answers (a new version shows), the cached one offline.
    try {
      const fresh = await fetch(request);
      if (fresh.ok) await cache.put(scopeIndex(request), fresh.clone());
      return isolated(fresh);
    } catch {
      const cached = (await cache.match(scopeIndex(request))) ?? (await cache.match(request));
      return cached ? isolated(cached) : new Response('Offline, and this page was never loaded here.', { status: 503 });
    }
  }
  const cached = await cache.match(request, { ignoreSearch: true });
  if (cached) return isolated(cached);
  return isolated(await fetch(request));
}

/** The key the site's page is cached under (the scope itself, as precached), for a navigation to it. */
function scopeIndex(request: Request): string {
  const url = new URL(request.url);
  const scope = new URL(worker.registration.scope);
  return url.pathname === scope.pathname || url.pathname === `${scope.pathname}index.html` ? scope.href : request.url;
}

/** The response with the isolation headers added (a copy: responses are immutable). */
function isolated(response: Response): Response {
  if (response.status === 0) return response; // opaque: nothing to add
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
