import { BoardBase } from '../board-base';
import type { BoardInfo } from '../board';
import { MemoryImage } from '../../memory/memory-image';
import type { FromWasmWorker, ToWasmWorker } from './wasm-messages';

/** The worker as WasmBoard sees it: the same in a browser and in Node. */
export interface WasmWorkerHandle {
  post(message: ToWasmWorker, transfer?: Transferable[]): void;
  onMessage(handler: (message: FromWasmWorker) => void): void;
  onError(handler: (error: Error) => void): void;
  terminate(): void;
}

export interface WasmBoardOptions {
  /** GC heap size in bytes; the default resembles a Pico's (~240 KB). */
  heapsize?: number;
  /** Starts the interpreter worker; the default is the browser's Web Worker. */
  spawn?: () => WasmWorkerHandle;
  /** How long Ctrl-C may take before the interpreter is restarted (ms). */
  interruptGraceMs?: number;
}

export const PICO_LIKE_HEAP = 240 * 1024;

const enc = new TextEncoder();

/**
 * The official MicroPython WebAssembly build behind the Board interface. Its
 * REPL is driven character by character, like a serial line.
 *
 * Limitation (honest): the build has no way to interrupt Python code from
 * outside — a running loop never returns to JavaScript. When Ctrl-C gets no
 * answer within the grace period the interpreter is restarted, and the user is
 * told that variables were lost.
 */
export class WasmBoard extends BoardBase {
  readonly info: BoardInfo = {
    kind: 'browser-wasm',
    label: 'MicroPython in the browser',
    description: 'MicroPython in the browser — not a Pico model: its heap grows on demand and it cannot be interrupted inside a loop (Stop restarts it).',
  };

  private worker: WasmWorkerHandle | undefined;
  private seq = 0;
  private acked = 0;
  private interruptTimer: ReturnType<typeof setTimeout> | undefined;
  private memRequests = new Map<number, { resolve: (buffer: ArrayBuffer) => void; reject: (error: Error) => void }>();
  private memId = 0;
  /** The connect() in progress: a reset takes it over, dispose rejects it (else it never settles). */
  private pendingConnect: { resolve: () => void; reject: (error: Error) => void } | undefined;
  private readonly heapsize: number;
  private readonly spawn: () => WasmWorkerHandle;
  private readonly interruptGraceMs: number;

  constructor(options: WasmBoardOptions = {}) {
    super();
    this.heapsize = options.heapsize ?? PICO_LIKE_HEAP;
    this.spawn = options.spawn ?? spawnBrowserWorker;
    this.interruptGraceMs = options.interruptGraceMs ?? 400;
  }

  /** True while the interpreter works on input we sent (a program may be running). */
  get busy(): boolean {
    return this.acked < this.seq;
  }

  async connect(): Promise<void> {
    this.setStatus('connecting', 'starting MicroPython (WebAssembly)');
    const worker = this.spawn();
    this.worker = worker;
    this.seq = this.acked = 0;
    const replaced = this.pendingConnect; // reset() while booting: that caller waits for this boot
    await new Promise<void>((resolveThis, rejectThis) => {
      const resolve = () => {
        this.pendingConnect = undefined;
        replaced?.resolve();
        resolveThis();
      };
      const reject = (error: Error) => {
        this.pendingConnect = undefined;
        replaced?.reject(error);
        rejectThis(error);
      };
      this.pendingConnect = { resolve, reject };
      worker.onMessage((msg) => {
        if (this.worker !== worker) return; // a message from a worker we already replaced
        if (msg.t === 'ready') {
          this.setStatus('ready');
          resolve();
        } else if (msg.t === 'fatal') {
          this.setStatus('error', msg.message);
          reject(new Error(msg.message));
        } else this.onWorkerMessage(msg);
      });
      worker.onError((e) => {
        if (this.worker !== worker) return;
        this.setStatus('error', `MicroPython worker failed: ${e.message}`);
        this.failMemoryRequests(`MicroPython worker failed: ${e.message}`);
        reject(e);
      });
      worker.post({ t: 'init', heapsize: this.heapsize });
    });
  }

  write(bytes: Uint8Array): void {
    if (!this.worker || this.status === 'error' || this.status === 'disconnected') return;
    if (bytes.includes(0x03) && this.busy) this.armInterruptWatchdog();
    this.seq++;
    const copy = bytes.slice();
    this.worker.post({ t: 'in', seq: this.seq, bytes: copy }, [copy.buffer]);
    if (this.status === 'ready') this.setStatus('busy');
  }

  async reset(): Promise<void> {
    this.stopWorker();
    await this.connect();
  }

  override async memory(): Promise<MemoryImage> {
    const worker = this.worker;
    if (!worker) throw new Error('the board is not running');
    const id = ++this.memId;
    const buffer = await new Promise<ArrayBuffer>((resolve, reject) => {
      this.memRequests.set(id, { resolve, reject });
      worker.post({ t: 'mem', id });
    });
    return new MemoryImage([{ name: 'wasm linear memory', base: 0, bytes: new Uint8Array(buffer) }]);
  }

  async dispose(): Promise<void> {
    const connecting = this.pendingConnect;
    this.pendingConnect = undefined;
    this.stopWorker();
    connecting?.reject(new Error('MicroPython was stopped before it had started'));
    this.setStatus('disconnected');
  }

  private onWorkerMessage(msg: FromWasmWorker): void {
    switch (msg.t) {
      case 'out':
        this.emitData(msg.bytes);
        break;
      case 'ack':
        this.acked = msg.seq;
        if (!this.busy) {
          clearTimeout(this.interruptTimer);
          this.interruptTimer = undefined;
          if (this.status === 'busy') this.setStatus('ready');
        }
        break;
      case 'mem':
        this.memRequests.get(msg.id)?.resolve(msg.buffer);
        this.memRequests.delete(msg.id);
        break;
    }
  }

  /** Ctrl-C cannot reach a loop inside the worker: if it stays busy, restart it. */
  private armInterruptWatchdog(): void {
    if (this.interruptTimer) return;
    this.interruptTimer = setTimeout(() => {
      this.interruptTimer = undefined;
      if (!this.busy) return;
      this.stopWorker();
      this.setStatus('connecting', 'restarting MicroPython after Stop');
      this.emitData(
        enc.encode(
          '\r\nKeyboardInterrupt: MicroPython in the browser cannot stop a running loop, so it was restarted (variables are gone).\r\n',
        ),
      );
      void this.connect().catch(() => undefined);
    }, this.interruptGraceMs);
  }

  /** The worker that would answer is gone: don't leave memory() callers waiting forever. */
  private failMemoryRequests(reason: string): void {
    for (const request of this.memRequests.values()) request.reject(new Error(reason));
    this.memRequests.clear();
  }

  private stopWorker(): void {
    clearTimeout(this.interruptTimer);
    this.interruptTimer = undefined;
    this.worker?.terminate();
    this.worker = undefined;
    this.failMemoryRequests('the board restarted or closed before its memory was read');
  }
}

function spawnBrowserWorker(): WasmWorkerHandle {
  const worker = new Worker(new URL('./wasm-worker.ts', import.meta.url), { type: 'module', name: 'micropython-wasm' });
  return {
    post: (message, transfer) => worker.postMessage(message, transfer ?? []),
    onMessage: (handler) => worker.addEventListener('message', (e) => handler(e.data as FromWasmWorker)),
    onError: (handler) => worker.addEventListener('error', (e) => handler(new Error(e.message || 'worker error'))),
    terminate: () => worker.terminate(),
  };
}
