/**
 * Runs layoutHeapGraph in a module Web Worker so the page stays responsive; calls it inline where
 * there is no Worker (Node, tests) or the worker cannot start.
 *
 * One request is in flight at a time and only the newest waits behind it: snapshots can arrive
 * faster than layouts finish (stepping through a program), and the older ones would be stale when
 * done. An answer to an older request is ignored; every pending layout() call then settles with
 * the newest request's layout, so callers that check their own request id (as the view does) just
 * drop it.
 */
import type { HeapSnapshot } from '../model/heap-snapshot';
import { DEFAULT_GRAPH_OPTIONS, type GraphLayout, type GraphOptions } from './graph-layout-types';
import { layoutHeapGraph } from './layout-heap-graph';
import type { LayoutRequest, LayoutResponse } from './layout-protocol';

/** What the client needs of a Worker (a stand-in in tests). */
export interface LayoutWorkerLike {
  postMessage(message: LayoutRequest): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<LayoutResponse>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

/** The bundled layout worker, or undefined where there is no Worker. */
export function createLayoutWorker(): LayoutWorkerLike | undefined {
  if (typeof Worker === 'undefined') return undefined;
  try {
    // Written out in one expression: that is what vite recognises and bundles as a worker.
    return new Worker(new URL('./layout-worker.ts', import.meta.url), { type: 'module', name: 'graph-layout' });
  } catch {
    return undefined;
  }
}

interface Waiter {
  resolve(layout: GraphLayout): void;
  reject(error: Error): void;
}

export class GraphLayoutClient {
  private worker: LayoutWorkerLike | undefined;
  private workerTried = false;
  private nextId = 1;
  private inFlight: LayoutRequest | undefined;
  private queued: LayoutRequest | undefined;
  private waiters: Waiter[] = [];
  private disposed = false;

  /** `createWorker` returns undefined to lay out inline; the default starts layout-worker.ts when it can. */
  constructor(private readonly createWorker: () => LayoutWorkerLike | undefined = createLayoutWorker) {}

  /**
   * The layout of `snapshot`, keeping the places in `previous` (see layoutHeapGraph). When a newer
   * call comes before this one's answer, this one settles with the newer call's layout.
   * Rejects with an AbortError after dispose().
   */
  layout(
    snapshot: HeapSnapshot,
    options: GraphOptions = DEFAULT_GRAPH_OPTIONS,
    previous?: GraphLayout,
  ): Promise<GraphLayout> {
    if (this.disposed) return Promise.reject(abortError());
    const worker = this.startWorker();
    if (!worker) return new Promise((resolve) => resolve(layoutHeapGraph(snapshot, options, previous)));
    const request: LayoutRequest = { id: this.nextId++, snapshot, options, previous };
    return new Promise<GraphLayout>((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      if (this.inFlight) this.queued = request;
      else this.send(request);
    });
  }

  /** Stops the worker; pending layout() calls reject with an AbortError. */
  dispose(): void {
    this.disposed = true;
    this.worker?.terminate();
    this.worker = undefined;
    this.inFlight = this.queued = undefined;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w.reject(abortError());
  }

  private startWorker(): LayoutWorkerLike | undefined {
    if (this.workerTried) return this.worker;
    this.workerTried = true;
    this.worker = this.createWorker();
    if (this.worker) {
      this.worker.onmessage = (event) => this.receive(event.data);
      // A worker that fails (e.g. its module did not load) is not retried: the rest runs inline.
      this.worker.onerror = (event) => {
        event.preventDefault?.();
        this.fallBackInline();
      };
    }
    return this.worker;
  }

  private send(request: LayoutRequest): void {
    try {
      this.worker!.postMessage(request);
      this.inFlight = request;
    } catch {
      // Not cloneable, or the worker is gone: answer this one inline.
      this.inFlight = request;
      this.fallBackInline();
    }
  }

  private receive(response: LayoutResponse): void {
    if (!this.inFlight || response.id !== this.inFlight.id) return;
    this.inFlight = undefined;
    if (this.queued) {
      // Stale: the newest request goes next, and its answer settles everyone.
      const next = this.queued;
      this.queued = undefined;
      this.send(next);
      return;
    }
    this.settle(() => {
      if ('layout' in response) return response.layout;
      throw new Error(response.error);
    });
  }

  private fallBackInline(): void {
    this.worker?.terminate();
    this.worker = undefined;
    const latest = this.queued ?? this.inFlight;
    this.inFlight = this.queued = undefined;
    if (latest) this.settle(() => layoutHeapGraph(latest.snapshot, latest.options, latest.previous));
  }

  private settle(compute: () => GraphLayout): void {
    const waiters = this.waiters;
    this.waiters = [];
    let layout: GraphLayout;
    try {
      layout = compute();
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e));
      for (const w of waiters) w.reject(error);
      return;
    }
    for (const w of waiters) w.resolve(layout);
  }
}

function abortError(): Error {
  const e = new Error('The graph layout client was disposed.');
  e.name = 'AbortError';
  return e;
}
