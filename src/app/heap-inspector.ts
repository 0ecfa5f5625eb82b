import type { Board } from '../board/board';
import { Listeners } from '../util/listeners';
import { whenIdle } from '../board/when-idle';
import type { HeapSnapshot } from '../model/heap-snapshot';
import type { ReplSession } from '../repl/repl-session';
import { HeapCapture, type CaptureTimings } from './heap-capture';

/** What the heap pane shows about the current board's heap. */
export interface HeapView {
  /**
   * - unsupported: this board offers no memory (`message` says why)
   * - waiting: the board is starting, or no snapshot yet
   * - preparing: probing the board and cleaning its heap
   * - capturing: reading and decoding memory
   * - ready: `snapshot` is current
   * - error: the last attempt failed (`message`); an older snapshot may still be shown
   */
  readonly status: 'unsupported' | 'waiting' | 'preparing' | 'capturing' | 'ready' | 'error';
  readonly message: string;
  readonly snapshot: HeapSnapshot | undefined;
  /** Increases with every new snapshot (views compare it to redraw). */
  readonly serial: number;
  /** When the snapshot was taken (ms since the epoch). */
  readonly takenAt: number | undefined;
  readonly timings: CaptureTimings | undefined;
  /** What led to the snapshot: 'start', 'run', 'repl', 'inspect'. */
  readonly reason: string;
  /**
   * While a board read over the REPL is being read: bytes so far, and what the last snapshot took
   * (undefined before the first: the bar then only shows that it moves).
   */
  readonly reading?: { bytes: number; expected: number | undefined };
}

export const NO_HEAP_VIEW: HeapView = {
  status: 'waiting',
  message: '',
  snapshot: undefined,
  serial: 0,
  takenAt: undefined,
  timings: undefined,
  reason: '',
};

/** How long a snapshot waits for a board that is finishing its last answer (ms). */
const IDLE_WAIT_MS = 2000;

/** Shown in the terminal once the heap is clean, so the learner knows what the views start from. */
export const CLEAN_HEAP_NOTE =
  'Heap inspector: probed the board, then gc.collect() freed what start-up left; ' +
  'your program starts from a clean heap.';

/**
 * Keeps the heap view of one board current: prepares the board once per boot (probe, then
 * gc.collect()), then takes a snapshot whenever the board is idle at its prompt again — after a
 * Run, a line typed at the REPL, Stop, Reset, or on request. Snapshots only read memory.
 */
export class HeapInspector {
  private readonly heapCapture: HeapCapture;
  private view: HeapView;
  private readonly listeners = new Listeners<[HeapView]>();
  private readonly offs: Array<() => void> = [];
  /** A snapshot is in progress; `again` asks for one more once it ends (the heap changed meanwhile). */
  private busy = false;
  private again: string | undefined;
  private disposed = false;

  constructor(
    private readonly board: Board,
    private readonly session: ReplSession,
    /** True while a program started with Run executes: its heap is not ready to be shown. */
    private readonly running: () => boolean,
  ) {
    this.heapCapture = new HeapCapture(board, session, {
      // A board read over the REPL takes a moment: say how far it got.
      onReadProgress: (bytes) => {
        if (this.view.status !== 'capturing') return;
        this.update({
          message: `Reading the board\u2019s memory over USB\u2026 ${(bytes / 1024).toFixed(1)} KB`,
          reading: { bytes, expected: this.view.timings?.bytesRead },
        });
      },
    });
    this.view = this.heapCapture.supported
      ? NO_HEAP_VIEW
      : {
          ...NO_HEAP_VIEW,
          status: 'unsupported',
          message: `${board.info.label} cannot show its memory, so there is no heap to draw.`,
        };
    if (!this.heapCapture.supported) return;
    this.offs.push(
      board.onStatus((status) => {
        // A new boot (reset, new firmware, restart after Stop): its probe facts no longer hold.
        if (status === 'connecting' || status === 'bootsel' || status === 'disconnected' || status === 'error') {
          this.heapCapture.forget();
          this.update({ status: 'waiting', message: boardStatusMessage(status) });
        }
      }),
      session.onPrompt(() => void this.refresh('repl')),
    );
  }

  get state(): HeapView {
    return this.view;
  }

  /** The board's heap capture (the stepper decodes its pauses with the same facts). */
  get capture(): HeapCapture {
    return this.heapCapture;
  }

  /** Shows `snapshot` as the current heap (one of its own, or a stepper's pause). */
  show(snapshot: HeapSnapshot, reason: string, timings?: CaptureTimings): void {
    this.update({
      status: 'ready',
      message: '',
      snapshot,
      serial: this.view.serial + 1,
      takenAt: Date.now(),
      timings,
      reason,
    });
  }

  onChange(listener: (view: HeapView) => void): () => void {
    return this.listeners.add(listener);
  }

  /**
   * The board is up and greeted: probe and clean it if this boot has not been, then snapshot.
   * Call before the learner's first program of every boot.
   */
  async boardReady(): Promise<void> {
    if (!this.heapCapture.supported || this.disposed) return;
    const fresh = !this.heapCapture.probe;
    if (fresh) {
      this.update({ status: 'preparing', message: 'Probing the board and cleaning its heap…' });
      try {
        await this.heapCapture.prepare();
      } catch (error) {
        this.update({ status: 'error', message: probeFailure(messageOf(error)) });
        return;
      }
      this.session.note(CLEAN_HEAP_NOTE);
    }
    await this.refresh(fresh ? 'start' : 'inspect');
  }

  /** Takes a snapshot now if the board is idle; otherwise once the current one ends. */
  async refresh(reason: string): Promise<void> {
    if (!this.heapCapture.supported || this.disposed) return;
    if (this.busy) {
      this.again = reason;
      return;
    }
    if (this.running()) return; // the run's end asks again
    // The board may still be finishing its last answer (the prompt came before its idle status).
    if (!(await whenIdle(this.board, IDLE_WAIT_MS))) {
      if (this.view.status === 'preparing' || this.view.status === 'capturing')
        this.update({ status: 'waiting', message: '' });
      return;
    }
    if (!this.heapCapture.probe) {
      await this.boardReady();
      return;
    }
    this.busy = true;
    this.update({ status: 'capturing', message: 'Reading the heap…' });
    try {
      const snapshot = await this.heapCapture.snapshot();
      if (this.disposed) return;
      this.show(snapshot, reason, this.heapCapture.lastTimings);
    } catch (error) {
      if (!this.disposed) this.update({ status: 'error', message: `Could not read the heap: ${messageOf(error)}` });
    } finally {
      this.busy = false;
      const again = this.again;
      this.again = undefined;
      if (again) void this.refresh(again);
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const off of this.offs.splice(0)) off();
  }

  private update(patch: Partial<HeapView>): void {
    // The reading bar belongs to one capture.
    this.view = { ...this.view, reading: undefined, ...patch };
    this.listeners.emit(this.view);
  }
}

function boardStatusMessage(status: string): string {
  if (status === 'connecting') return 'The board is starting; the heap is drawn once it is ready.';
  if (status === 'bootsel') return 'The board is in BOOTSEL mode: no MicroPython heap until a firmware runs.';
  if (status === 'disconnected') return 'The board is disconnected.';
  return 'The board has a problem; the heap cannot be read.';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Why the probe failed, in words that point at the likely cause. */
function probeFailure(reason: string): string {
  // No raw REPL at all: not MicroPython (another firmware, a sketch printing, the wrong port).
  if (/raw REPL prompt/.test(reason)) {
    return (
      'The board on this port does not answer like MicroPython (it never showed the raw REPL prompt). ' +
      'Is MicroPython on it, and is it the right port?'
    );
  }
  return `The heap inspector could not probe the board: ${reason}`;
}
