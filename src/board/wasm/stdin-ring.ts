/**
 * Keys for a running program on the browser board: a byte FIFO in a SharedArrayBuffer, like a
 * board's serial receive buffer. While a program runs, the worker's message loop is blocked inside
 * the interpreter, so keys cannot arrive as messages; the main thread writes them here and the
 * interpreter, waiting in input() or sys.stdin.read(), takes them. One writer (the main thread),
 * one reader (the worker).
 */

/** Capacity in bytes (a power of two). */
export const RING_BYTES = 4096;
const HEADER_BYTES = 8;
/** Int32 slots: bytes written and bytes read, both counting up forever (wrapping in int32). */
const WRITTEN = 0;
const READ = 1;

export function createStdinRingBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(HEADER_BYTES + RING_BYTES);
}

export class StdinRing {
  private readonly counters: Int32Array;
  private readonly data: Uint8Array;

  constructor(readonly buffer: SharedArrayBuffer) {
    this.counters = new Int32Array(buffer, 0, 2);
    this.data = new Uint8Array(buffer, HEADER_BYTES, RING_BYTES);
  }

  /** Bytes written and not yet read. */
  get available(): number {
    return (Atomics.load(this.counters, WRITTEN) - Atomics.load(this.counters, READ)) | 0;
  }

  // ---- the main thread's side ----

  /** Appends as many of `bytes` as fit and wakes a waiting reader; returns how many fit. */
  push(bytes: Uint8Array): number {
    const written = Atomics.load(this.counters, WRITTEN);
    const n = Math.min(bytes.length, RING_BYTES - this.available);
    for (let i = 0; i < n; i++) this.data[(written + i) & (RING_BYTES - 1)] = bytes[i];
    Atomics.store(this.counters, WRITTEN, (written + n) | 0);
    this.wake();
    return n;
  }

  /** Ends a reader's wait now (after raising KeyboardInterrupt through memory). */
  wake(): void {
    Atomics.notify(this.counters, WRITTEN);
  }

  // ---- the worker's side ----

  /** The next byte without taking it, or undefined when there is none. */
  peek(): number | undefined {
    return this.available > 0 ? this.data[Atomics.load(this.counters, READ) & (RING_BYTES - 1)] : undefined;
  }

  /** Takes the next byte, or undefined when there is none. */
  take(): number | undefined {
    const b = this.peek();
    if (b !== undefined) Atomics.add(this.counters, READ, 1);
    return b;
  }

  /** Waits up to `ms` for bytes to arrive (returns at once when some are there, or on wake()). */
  waitForBytes(ms: number): void {
    const written = Atomics.load(this.counters, WRITTEN);
    if (((written - Atomics.load(this.counters, READ)) | 0) > 0) return;
    Atomics.wait(this.counters, WRITTEN, written, ms);
  }
}
