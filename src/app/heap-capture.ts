import type { Board } from '../board/board';
import { inspectHeap, type FrameWords } from '../model/inspect-heap';
import type { MemoryImage } from '../memory/memory-image';
import type { HeapSnapshot } from '../model/heap-snapshot';
import { parseProbeReply, type ProbeFacts } from '../probe/probe-facts';
import type { ExecResult } from '../repl/exec-result';
import { MEMORY_SERVER_SETUP } from '../probe/memory-server';
import type { ServeSession } from '../probe/served-memory';
import type { PauseServer } from '../stepper/step-session';
import { ServedHeapMemory, type ReadProgress } from './served-heap-memory';

type Exec = (code: string, options?: { keepRaw?: boolean }) => Promise<ExecResult>;

/** What the capture needs of a REPL session (ReplSession has it); a board read over the REPL needs ServeSession too. */
export interface CaptureSession extends Partial<ServeSession> {
  /** Runs `body`'s programs with no other program in between. */
  batch<T>(body: (exec: Exec) => Promise<T>): Promise<T>;
}

/**
 * Runs after the probe, before any of the learner's code: frees what the boot and the probe left,
 * so that later garbage is the learner's own. `__import__` binds no global name.
 */
export const CLEAN_HEAP_CODE = "__import__('gc').collect()";

/**
 * Room kept past the heap's last area when copying: a Pico's C stack sits above its pool, and
 * the decoder scans that far past the pool for untyped buffers only the stack refers to.
 */
const LIMIT_MARGIN = 64 * 1024;

/** An address below which the next copy holds the whole heap as it is now (undefined: copy all). */
function heapEnd(snapshot: HeapSnapshot): number | undefined {
  if (snapshot.heap.truncated || snapshot.heap.areas.length === 0) return undefined;
  const end = Math.max(...snapshot.heap.areas.map((a) => Number.parseInt(a.poolEnd, 16)));
  return Math.ceil((end + LIMIT_MARGIN) / LIMIT_MARGIN) * LIMIT_MARGIN;
}

/** How long each stage of the last snapshot took (ms). */
export interface CaptureTimings {
  /** Copying the board's memory. */
  memoryMs: number;
  /** Locating the heap, decoding every block, building the model. */
  decodeMs: number;
  /** Bytes read from a board read over the REPL (a USB Pico), absent where memory is copied. */
  bytesRead?: number;
}

export interface CaptureOptions {
  /** The probe's Python text; the default is the bundled probe.py (Node callers without vite pass their own). */
  probeSource?: string;
  /** Progress of memory read over the REPL (a USB Pico), for a progress bar. */
  onReadProgress?: ReadProgress;
}

/**
 * The heap inspector's side of one board: the probe's facts for the current boot, and
 * snapshots decoded with them. The facts (type addresses, `id(globals())`) do not change while
 * a board runs, so the probe runs once per boot, followed by one `gc.collect()`; after that a
 * snapshot only reads memory and costs the board nothing. The app and the CLI both use this.
 */
export class HeapCapture {
  private facts: ProbeFacts | undefined;
  private preparing: Promise<ProbeFacts> | undefined;
  private boot = 0;
  /** Where the heap ended at the last snapshot, with room to spare: later copies stop there. */
  private limit: number | undefined;
  lastTimings: CaptureTimings | undefined;
  /** Set for a board whose memory its own CPU reads for the lab, through the REPL. */
  readonly served: ServedHeapMemory | undefined;

  constructor(
    private readonly board: Board,
    private readonly session: CaptureSession,
    private readonly options: CaptureOptions = {},
  ) {
    const { exec, sendInput } = session;
    if (board.info.memoryAccess === 'repl' && exec && sendInput) {
      this.served = new ServedHeapMemory(
        { exec: exec.bind(session), sendInput: sendInput.bind(session) },
        { board: board.info.kind, onProgress: options.onReadProgress },
      );
    }
  }

  /** True when the board can be inspected at all (it offers memory, or serves it). */
  get supported(): boolean {
    return typeof this.board.memory === 'function' || this.served !== undefined;
  }

  /** The facts of the current boot, if the probe ran. */
  get probe(): ProbeFacts | undefined {
    return this.facts;
  }

  /**
   * Probes the board and cleans its heap, once per boot (later calls return the same facts).
   * Call while the board is idle, before the learner's first program of this boot.
   */
  prepare(): Promise<ProbeFacts> {
    if (this.facts) return Promise.resolve(this.facts);
    if (this.preparing) return this.preparing;
    const boot = this.boot;
    const preparing = (async () => {
      const probe = this.options.probeSource ?? (await import('../probe/probe-source')).PROBE_SOURCE;
      // Programs in one raw-REPL visit: the collection must run after the probe's own code (its
      // constants included), and the memory server's setup, have become garbage.
      const served = this.served !== undefined;
      const [reply, server, cleaned] = await this.session.batch(async (exec) => [
        await exec(probe, { keepRaw: true }),
        served ? await exec(MEMORY_SERVER_SETUP, { keepRaw: true }) : { stdout: '', stderr: '' },
        await exec(CLEAN_HEAP_CODE),
      ]);
      const facts = parseProbeReply(reply.stdout, reply.stderr);
      const { name, version } = facts.implementation;
      if (name !== 'micropython') {
        throw new Error(
          `this board runs ${name} ${version}, and the heap views read MicroPython's heap only (programs and the REPL still work)`,
        );
      }
      if (served) ServedHeapMemory.chipOf(facts);
      if (server.stderr) throw new Error(`the memory reader could not be set up: ${server.stderr.trim()}`);
      if (cleaned.stderr) throw new Error(`gc.collect() failed on the board: ${cleaned.stderr.trim()}`);
      if (boot === this.boot) this.facts = facts;
      return facts;
    })();
    this.preparing = preparing;
    const clear = () => {
      if (this.preparing === preparing) this.preparing = undefined;
    };
    preparing.then(clear, clear);
    return preparing;
  }

  /** The board rebooted (reset, new firmware, restart after Stop): the next prepare() probes again. */
  forget(): void {
    this.boot++;
    this.limit = undefined;
    this.facts = undefined;
    this.preparing = undefined;
    this.served?.forget();
  }

  /**
   * Decodes a memory image taken elsewhere (a stepper's pause) with this boot's facts; the calls
   * under way (`frames`) are roots too. Needs prepare() first.
   */
  decode(image: MemoryImage, frames: readonly { function: string; locals: FrameWords['locals'] }[] = []): HeapSnapshot {
    const facts = this.facts;
    if (!facts) throw new Error('the board has not been probed since it started');
    return inspectHeap(image, facts, {
      board: this.board.info.kind,
      frames: frames.map((f) => ({ label: f.function, locals: f.locals })),
    });
  }

  /** The memory a pause needs: RAM and flash, up to where the heap ended at the last snapshot. */
  readMemory(): Promise<MemoryImage> {
    return this.image(this.limit);
  }

  /**
   * The board's memory, read either way: by its own CPU over the REPL (what the decoder needs,
   * piece by piece), or copied (RAM below `limit`, and flash, which holds a Pico's type objects and
   * static qstr pool).
   */
  private image(limit: number | undefined): Promise<MemoryImage> {
    if (this.served && this.facts) return this.served.read(this.facts);
    if (!this.board.memory)
      return Promise.reject(new Error(`the ${this.board.info.label} board cannot show its memory`));
    return this.board.memory({ includeFlash: true, limit });
  }

  /**
   * How a stepped program's pauses get the memory: copied from outside, or (a board read over the
   * REPL) served by the paused program itself, whose input is `send`.
   */
  stepMemory(send: (bytes: Uint8Array) => void): { memory(): Promise<MemoryImage>; pause?: PauseServer } {
    if (this.served && this.facts) return this.served.pause(this.facts, send);
    return { memory: () => this.readMemory() };
  }

  /** Reads the board's memory and decodes its heap with this boot's facts. Needs prepare() first. */
  async snapshot(): Promise<HeapSnapshot> {
    const facts = this.facts;
    if (!facts) throw new Error('the board has not been probed since it started');
    const t0 = performance.now();
    let image = await this.image(this.limit);
    let t1 = performance.now();
    const options = { board: this.board.info.kind };
    let snapshot = inspectHeap(image, facts, options);
    if (snapshot.heap.truncated && this.limit !== undefined) {
      // The heap grew past the last copy's end (a new split-heap area): copy everything once more.
      image = await this.image(undefined);
      t1 = performance.now();
      snapshot = inspectHeap(image, facts, options);
    }
    this.limit = heapEnd(snapshot);
    this.lastTimings = {
      memoryMs: t1 - t0,
      decodeMs: performance.now() - t1,
      bytesRead: this.served?.lastReport?.bytes,
    };
    return snapshot;
  }
}
