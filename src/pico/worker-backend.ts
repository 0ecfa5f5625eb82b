import { Listeners } from '../util/listeners';
import { PendingReplies } from '../util/pending-replies';
import type { HostStats, HostStatus, SnapshotRegions } from './host-types';
import type { PicoBackend } from './pico-backend';
import type { WorkerInbound, WorkerOutbound, WorkerRequest, WorkerResult } from './worker-protocol';

/** How long dispose() waits for the worker to acknowledge before terminating it anyway. */
const DISPOSE_WAIT_MS = 1000;
const DISPOSED = 'The Virtual Pico worker has been disposed.';

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

/** Runs the PicoHost in a Web Worker (src/pico/pico-worker.ts); the page never blocks. */
export class WorkerBackend implements PicoBackend {
  private readonly worker: Worker;
  private readonly dataListeners = new Listeners<[Uint8Array]>();
  private readonly statusListeners = new Listeners<[HostStatus, string]>();
  private readonly pending = new PendingReplies<WorkerResult>();
  private input: Uint8Array[] = [];
  private inputFlushQueued = false;
  /** Set by dispose(): the worker is (being) terminated and answers nothing more. */
  private closed = false;

  /** Emulator warnings (rp2040js messages, core-1 use), for a log. */
  onWarning?: (message: string) => void;

  constructor(worker?: Worker) {
    this.worker = worker ?? new Worker(new URL('./pico-worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (event: MessageEvent<WorkerOutbound>) => this.receive(event.data);
    this.worker.onerror = (event) => {
      const detail = `The Virtual Pico worker failed: ${event.message || 'unknown error'}`;
      this.statusListeners.emit('error', detail);
      this.pending.failAll(new Error(detail));
    };
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    return this.dataListeners.add(listener);
  }

  onStatus(listener: (status: HostStatus, detail: string) => void): () => void {
    return this.statusListeners.add(listener);
  }

  async start(flash: Uint8Array): Promise<void> {
    const copy = flash.slice();
    await this.call({ type: 'start', flash: copy }, [copy.buffer]);
  }

  write(bytes: Uint8Array): void {
    if (this.closed) return;
    // Keystrokes and pastes arrive in many small writes: send them as one message per task.
    this.input.push(bytes.slice());
    if (this.inputFlushQueued) return;
    this.inputFlushQueued = true;
    queueMicrotask(() => this.flushInput());
  }

  async pause(): Promise<void> {
    await this.call({ type: 'pause' });
  }

  async resume(): Promise<void> {
    await this.call({ type: 'resume' });
  }

  async powerCycle(): Promise<void> {
    await this.call({ type: 'powerCycle' });
  }

  async loadFirmware(image: Uint8Array, endOffset: number): Promise<void> {
    const copy = image.slice();
    await this.call({ type: 'loadFirmware', image: copy, endOffset }, [copy.buffer]);
  }

  async replaceFlash(flash: Uint8Array): Promise<void> {
    const copy = flash.slice();
    await this.call({ type: 'replaceFlash', flash: copy }, [copy.buffer]);
  }

  async snapshot(includeFlash: boolean): Promise<SnapshotRegions> {
    return (await this.call({ type: 'snapshot', includeFlash })) as SnapshotRegions;
  }

  async getFlash(): Promise<Uint8Array> {
    return (await this.call({ type: 'getFlash' })) as Uint8Array;
  }

  async stats(): Promise<HostStats> {
    return (await this.call({ type: 'stats' })) as HostStats;
  }

  async dispose(): Promise<void> {
    if (this.closed) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      // Let the worker stop its host cleanly, but never wait long for a worker that no longer answers.
      const answered = this.call({ type: 'dispose' });
      this.closed = true;
      await Promise.race([answered, new Promise((resolve) => (timer = setTimeout(resolve, DISPOSE_WAIT_MS)))]);
    } finally {
      clearTimeout(timer);
      this.closed = true;
      this.worker.terminate();
      // Nothing will answer a terminated worker: fail what is still waiting instead of leaving it pending forever.
      this.pending.failAll(new Error(DISPOSED));
    }
  }

  /** Sends the input batched so far (before any request, so the worker sees input and requests in call order). */
  private flushInput(): void {
    this.inputFlushQueued = false;
    if (this.input.length === 0) return;
    const chunks = this.input;
    this.input = [];
    const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      all.set(c, at);
      at += c.length;
    }
    this.post({ type: 'write', bytes: all }, [all.buffer]);
  }

  private post(message: WorkerInbound, transfer: Transferable[] = []): void {
    this.worker.postMessage(message, transfer);
  }

  private call(request: DistributiveOmit<WorkerRequest, 'id'>, transfer: Transferable[] = []): Promise<WorkerResult> {
    if (this.closed) return Promise.reject(new Error(DISPOSED));
    this.flushInput();
    return this.pending.request((id) => this.post({ ...request, id }, transfer));
  }

  private receive(message: WorkerOutbound): void {
    switch (message.type) {
      case 'data':
        this.dataListeners.emit(message.bytes);
        break;
      case 'status':
        this.statusListeners.emit(message.status, message.detail);
        break;
      case 'warning':
        this.onWarning?.(message.message);
        break;
      case 'reply':
        if (message.error !== undefined) this.pending.reject(message.id, new Error(message.error));
        else this.pending.resolve(message.id, message.result);
        break;
    }
  }
}
