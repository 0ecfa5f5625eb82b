import { SCHED_IDLE, SCHED_PENDING, type InterruptWords } from './interrupt-words';

/**
 * KeyboardInterrupt through shared memory, and the handshake that keeps it in
 * order with the serial stream.
 *
 * A Ctrl-C message (seq s) is delivered through memory only while the worker
 * is processing message s − 1, the one right before it: then the interrupt
 * lands exactly where the byte stream puts it. The worker skips message s
 * afterwards. If the program ended before the VM saw the flags, the worker
 * clears them and feeds Ctrl-C to the REPL as an ordinary byte instead, so an
 * interrupt never fires later in another program.
 */

/** Slots of the control Int32Array (a SharedArrayBuffer shared by WasmBoard and the worker). */
const RUNNING = 0; // seq being processed, 0 between messages; −seq while the main thread delivers
const DELIVERED = 1; // seq of the last Ctrl-C message delivered through memory
const DONE = 2; // highest seq fully processed
export const CONTROL_BYTES = 3 * 4;

export type DeliveryResult = 'delivered' | 'later' | 'in-order';

/** Main-thread side. */
export class SharedInterrupt {
  private readonly control: Int32Array;
  private readonly words32: Int32Array;
  private readonly words16: Int16Array;

  constructor(
    control: SharedArrayBuffer,
    memory: SharedArrayBuffer,
    private readonly words: InterruptWords,
  ) {
    this.control = new Int32Array(control);
    this.words32 = new Int32Array(memory);
    this.words16 = new Int16Array(memory);
  }

  /** Tries to raise KeyboardInterrupt on behalf of the Ctrl-C message `seq`. */
  tryDeliver(seq: number): DeliveryResult {
    const previous = seq - 1;
    if (previous < 1 || Atomics.load(this.control, DONE) >= previous) return 'in-order';
    if (Atomics.compareExchange(this.control, RUNNING, previous, -previous) !== previous) return 'later';
    // The worker cannot finish message `previous` until RUNNING is restored.
    const { pendingException, kbdException, kbdTraceback, schedState } = this.words;
    Atomics.store(this.words32, kbdTraceback >> 2, 0);
    Atomics.store(this.words32, pendingException >> 2, kbdException);
    // Left alone if locked: unlocking sees the pending exception.
    Atomics.compareExchange(this.words16, schedState >> 1, SCHED_IDLE, SCHED_PENDING);
    Atomics.store(this.control, DELIVERED, seq);
    Atomics.store(this.control, RUNNING, previous);
    return 'delivered';
  }
}

/** Worker side. */
export class SharedInterruptWorker {
  private readonly control: Int32Array;

  constructor(
    control: SharedArrayBuffer,
    private readonly memory: WebAssembly.Memory,
    private readonly words: InterruptWords,
  ) {
    this.control = new Int32Array(control);
  }

  /** False when message `seq` is a Ctrl-C already delivered through memory (skip it). */
  begin(seq: number): boolean {
    if (Atomics.load(this.control, DELIVERED) === seq) return false;
    Atomics.store(this.control, RUNNING, seq);
    return true;
  }

  /**
   * Ends message `seq`. Returns true when an interrupt delivered for the next
   * message was never seen by Python: the caller must feed Ctrl-C to the REPL now.
   */
  end(seq: number): boolean {
    // The main thread holds RUNNING (as −seq) only for a few stores.
    while (Atomics.compareExchange(this.control, RUNNING, seq, 0) !== seq);
    let unseen = false;
    if (Atomics.load(this.control, DELIVERED) === seq + 1) {
      const words32 = new Int32Array(this.memory.buffer);
      unseen =
        Atomics.compareExchange(words32, this.words.pendingException >> 2, this.words.kbdException, 0) ===
        this.words.kbdException;
    }
    return unseen;
  }

  /** Records that every message up to `seq` is processed (skipped ones too). */
  done(seq: number): void {
    Atomics.store(this.control, DONE, seq);
  }
}

/** Shared memory is usable here: Node, or a cross-origin isolated page. */
export function sharedMemoryAvailable(): boolean {
  if (typeof SharedArrayBuffer === 'undefined') return false;
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  return isolated !== false;
}
