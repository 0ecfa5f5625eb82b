import { BoardBase } from '../board-base';
import { BOARD_WORDS } from '../board-words';
import { whenIdle } from '../when-idle';
import { PendingReplies } from '../../util/pending-replies';
import type { BoardInfo, MemoryOptions } from '../board';
import { MemoryImage } from '../../memory/memory-image';
import type { FromWasmWorker, ToWasmWorker } from './wasm-messages';
import { CONTROL_BYTES, SharedInterrupt, sharedMemoryAvailable } from './shared-interrupt';
import { StdinRing, createStdinRingBuffer } from './stdin-ring';

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
  /**
   * How long Ctrl-C may take before the interpreter is restarted (ms). Default:
   * 1500 with shared memory (only code that never checks for interrupts, such as
   * a long C call, needs the restart), 400 without (a loop can't be interrupted).
   */
  interruptGraceMs?: number;
  /**
   * Raise KeyboardInterrupt inside running loops through shared memory (keeps
   * every global). Default: whenever the environment allows it (Node; a
   * cross-origin isolated page). `false` forces the restart fallback.
   */
  sharedMemory?: boolean;
  /** The learner's files from an earlier session (an archive from getFlash()), put back on start. */
  flash?: Uint8Array;
}

/** How long reset() waits for the files of an idle interpreter before restarting without the newest (ms). */
const FILES_WAIT_MS = 2000;

/** Retry period while a Ctrl-C waits for the worker to reach the message before it. */
const DELIVERY_RETRY_MS = 5;

export const PICO_LIKE_HEAP = 240 * 1024;

const enc = new TextEncoder();

/**
 * The official MicroPython WebAssembly build behind the Board interface. Its
 * REPL is driven character by character, like a serial line.
 *
 * A running loop never returns to JavaScript, so a posted Ctrl-C would never be
 * read. Where shared memory is available the module runs on a shared memory and
 * Ctrl-C sets MicroPython's pending-KeyboardInterrupt flags directly (see
 * shared-interrupt.ts): a real KeyboardInterrupt, globals kept. Otherwise — and
 * as a last resort when the interrupt isn't seen within the grace period — the
 * interpreter is restarted, and the user is told that variables were lost.
 */
export class WasmBoard extends BoardBase {
  readonly info: BoardInfo = {
    kind: 'browser-wasm',
    label: BOARD_WORDS['browser-wasm'].label,
    description: BOARD_WORDS['browser-wasm'].description,
  };

  private worker: WasmWorkerHandle | undefined;
  private seq = 0;
  private acked = 0;
  private interruptTimer: ReturnType<typeof setTimeout> | undefined;
  /** Keys for a running program (when the page can share memory). */
  private ring: StdinRing | undefined;
  /** After the ring overflowed, keys go as messages until the worker has handled this one. */
  private ringBypassUntil = 0;
  /** When the Ctrl-C now waiting to take effect was sent, and when the worker last reported reading input (ms). */
  private interruptSentAt = 0;
  private inputProgressAt = 0;
  private readonly memRequests = new PendingReplies<ArrayBuffer>();
  private readonly fileRequests = new PendingReplies<Uint8Array>();
  /**
   * The learner's files as last read from the interpreter (or given at start): every start puts
   * them back, so they survive Reset and a restart, like files on a Pico's flash.
   */
  private files: Uint8Array | undefined;
  /** Why the saved files could not be put back at the last start (undefined when they were, or there were none). */
  filesProblem: string | undefined;
  /** The connect() in progress: a reset takes it over, dispose rejects it (else it never settles). */
  private pendingConnect: { resolve: () => void; reject: (error: Error) => void } | undefined;
  private readonly heapsize: number;
  private readonly spawn: () => WasmWorkerHandle;
  private readonly interruptGraceMs: number | undefined;
  private readonly wantShared: boolean;
  /** Set once the running worker reported it can be interrupted through shared memory. */
  private sharedInterrupt: SharedInterrupt | undefined;
  /** The interpreter's memory itself, where it is shared: readable while a program runs or waits. */
  private sharedMemory: SharedArrayBuffer | undefined;
  private deliveryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Why the last start could not use shared memory (undefined when it did, or wasn't asked to). */
  sharedMemoryFailure: string | undefined;

  constructor(options: WasmBoardOptions = {}) {
    super();
    this.heapsize = options.heapsize ?? PICO_LIKE_HEAP;
    this.spawn = options.spawn ?? spawnBrowserWorker;
    this.interruptGraceMs = options.interruptGraceMs;
    this.wantShared = options.sharedMemory ?? true;
    this.files = options.flash;
  }

  /** True when Ctrl-C raises a real KeyboardInterrupt in a running loop (no restart). */
  get interruptsInPlace(): boolean {
    return this.sharedInterrupt !== undefined;
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
    this.sharedInterrupt = undefined;
    this.sharedMemory = undefined;
    this.sharedMemoryFailure = undefined;
    const control = this.wantShared && sharedMemoryAvailable() ? new SharedArrayBuffer(CONTROL_BYTES) : undefined;
    const stdin = control ? createStdinRingBuffer() : undefined;
    this.ring = undefined;
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
          if (control && msg.interrupt) {
            this.sharedInterrupt = new SharedInterrupt(control, msg.interrupt.memory, msg.interrupt.words);
            this.sharedMemory = msg.interrupt.memory;
          }
          if (stdin && msg.stdin) this.ring = new StdinRing(stdin);
          this.sharedMemoryFailure = msg.sharedFailure;
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
      this.filesProblem = undefined;
      const files = this.files?.slice();
      worker.post({ t: 'init', heapsize: this.heapsize, control, stdin, files }, files ? [files.buffer] : []);
    });
  }

  write(bytes: Uint8Array): void {
    if (!this.worker || this.status === 'error' || this.status === 'disconnected') return;
    // While the worker runs a message (a program, perhaps waiting in input()), keys go to the ring it
    // can read from; the worker feeds what the program leaves to the REPL, in order. Ctrl-C keeps its
    // own path. After a ring overflow, messages carry the rest until the worker has caught up.
    if (this.ring && this.busy && !bytes.includes(0x03) && this.acked >= this.ringBypassUntil) {
      const fitted = this.ring.push(bytes);
      if (fitted === bytes.length) return;
      bytes = bytes.subarray(fitted);
      this.ringBypassUntil = this.seq + 1;
    }
    this.post(bytes);
  }

  /** Sends bytes as an input message (the worker handles messages strictly in order). */
  private post(bytes: Uint8Array): void {
    const worker = this.worker!;
    const interrupting = bytes.includes(0x03) && this.busy;
    if (interrupting) this.armInterruptWatchdog();
    this.seq++;
    const copy = bytes.slice();
    worker.post({ t: 'in', seq: this.seq, bytes: copy }, [copy.buffer]);
    if (this.status === 'ready') this.setStatus('busy');
    // A message of Ctrl-C alone can go around the queue; the worker then skips it.
    if (interrupting && this.sharedInterrupt && bytes.every((b) => b === 0x03)) this.deliverInterrupt(this.seq);
  }

  /** Power cycle: the interpreter starts afresh (variables gone); the files stay, as on a Pico's flash. */
  async reset(): Promise<void> {
    // The interpreter hands over its files first, once it is between programs (a program that was
    // just interrupted ends within moments); one that stays busy cannot, and its files are as last read.
    if (this.worker && (await whenIdle(this, FILES_WAIT_MS)))
      await withTimeout(this.getFlash(), FILES_WAIT_MS).catch(() => undefined);
    this.stopWorker();
    await this.connect();
  }

  /**
   * The learner's files as one archive (file-archive.ts), for keeping in the browser. Answered once
   * the interpreter is between programs.
   */
  async getFlash(): Promise<Uint8Array> {
    const worker = this.worker;
    if (!worker) throw new Error('the board is not running');
    const archive = await this.fileRequests.request((id) => worker.post({ t: 'files', id }));
    this.files = archive;
    return archive.slice();
  }

  /** "Erase flash": the interpreter restarts with no files. */
  async eraseFlash(): Promise<void> {
    this.files = undefined;
    this.stopWorker();
    await this.connect();
  }

  override async memory(options: MemoryOptions = {}): Promise<MemoryImage> {
    const worker = this.worker;
    if (!worker) throw new Error('the board is not running');
    // A busy worker answers no message until its program ends; a program waiting for input (the
    // stepper's pause between lines) must be readable meanwhile: read the shared memory directly.
    // (The worker sends the memory's new buffer whenever it has grown, before the message's ack.)
    const shared = this.sharedMemory;
    if (this.busy && shared) {
      const limit = options.limit;
      const end = limit !== undefined && limit > 0 ? Math.min(limit, shared.byteLength) : shared.byteLength;
      const bytes = new Uint8Array(shared, 0, end).slice();
      return new MemoryImage([{ name: 'wasm linear memory', base: 0, bytes }]);
    }
    const buffer = await this.memRequests.request((id) => worker.post({ t: 'mem', id, limit: options.limit }));
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
      case 'fed':
        this.inputProgressAt = performance.now();
        break;
      case 'ack':
        this.acked = msg.seq;
        this.inputProgressAt = performance.now();
        // Keys that reached the ring just as the worker finished: an empty message makes it feed them.
        if (!this.busy && this.ring && this.ring.available > 0) this.post(new Uint8Array(0));
        if (!this.busy) {
          clearTimeout(this.interruptTimer);
          this.interruptTimer = undefined;
          if (this.status === 'busy') this.setStatus('ready');
        }
        break;
      case 'mem':
        this.memRequests.resolve(msg.id, msg.buffer);
        break;
      case 'files':
        this.fileRequests.resolve(msg.id, msg.archive);
        break;
      case 'files-lost':
        this.filesProblem = msg.message;
        break;
      case 'grown':
        if (this.sharedMemory) this.sharedMemory = msg.memory;
        break;
    }
  }

  /** Raises KeyboardInterrupt for the Ctrl-C message `seq` as soon as the worker runs the message before it. */
  private deliverInterrupt(seq: number): void {
    const attempt = () => {
      this.deliveryTimer = undefined;
      if (!this.sharedInterrupt || this.acked >= seq) return;
      const result = this.sharedInterrupt.tryDeliver(seq);
      if (result === 'later') this.deliveryTimer = setTimeout(attempt, DELIVERY_RETRY_MS);
      // A program waiting for keys (input(), sleep) notices the interrupt at once.
      else if (result === 'delivered') this.ring?.wake();
    };
    if (this.deliveryTimer) return; // an earlier Ctrl-C is still on its way: this one adds nothing
    attempt();
  }

  /**
   * Without shared memory Ctrl-C cannot reach a loop inside the worker; with it,
   * code that never checks for interrupts (a long C call) ignores it. Either
   * way, if the board stays busy, restart it, but only after a grace period of
   * silence: while the worker still reports reading earlier input (a long typed
   * line, a big program) nothing is stuck yet, however loaded the machine is.
   */
  private armInterruptWatchdog(): void {
    if (this.interruptTimer) return;
    this.interruptSentAt = performance.now();
    const grace = this.interruptGraceMs ?? (this.sharedInterrupt ? 1500 : 400);
    const check = () => {
      this.interruptTimer = undefined;
      if (!this.busy) return;
      const quietFor = performance.now() - Math.max(this.interruptSentAt, this.inputProgressAt);
      if (quietFor < grace) {
        this.interruptTimer = setTimeout(check, grace - quietFor);
        return;
      }
      this.stopWorker();
      this.setStatus('connecting', 'restarting MicroPython after Stop');
      const why = this.sharedInterrupt
        ? 'the program did not stop when interrupted, so MicroPython was restarted'
        : 'MicroPython in the browser cannot interrupt a running program on this page (it is not ' +
          'cross-origin isolated), so it was restarted';
      this.emitData(enc.encode(`\r\nKeyboardInterrupt: ${why} (variables are gone).\r\n`));
      void this.connect().catch(() => undefined);
    };
    this.interruptTimer = setTimeout(check, grace);
  }

  /** The worker that would answer is gone: don't leave memory() callers waiting forever. */
  private failMemoryRequests(reason: string): void {
    this.memRequests.failAll(new Error(reason));
    this.fileRequests.failAll(new Error(reason));
  }

  private stopWorker(): void {
    clearTimeout(this.interruptTimer);
    this.interruptTimer = undefined;
    clearTimeout(this.deliveryTimer);
    this.deliveryTimer = undefined;
    this.sharedInterrupt = undefined;
    this.sharedMemory = undefined;
    this.worker?.terminate();
    this.worker = undefined;
    this.failMemoryRequests('the board restarted or closed before its memory was read');
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error instanceof Error ? error : new Error(String(error)))),
    );
  });
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
