import { chipMemoryOf, readableRanges, type ChipMemory } from '../memory/chip-memory';
import type { MemoryImage } from '../memory/memory-image';
import { PagedMemoryReader, type ReadMemory } from '../memory/paged-memory-reader';
import { fetchHeapImage, type HeapFetchReport } from '../model/fetch-heap-image';
import { MemoryServerClient, SERVE_CALL } from '../probe/memory-server';
import type { ProbeFacts } from '../probe/probe-facts';
import { withServedMemory, type ServeSession } from '../probe/served-memory';
import type { PauseServer } from '../stepper/step-session';

/** Reading progress: bytes read so far for this snapshot (how many it takes is learned on the way). */
export type ReadProgress = (bytes: number) => void;

/**
 * The memory of a board that only its own CPU can read (a Pico on USB), fetched through the memory
 * server as the heap decoder needs it: while the board idles the server runs as a program of its
 * own; while a stepped program waits between lines, its wait serves the reads. Flash does not
 * change while the board runs, so what was read of it is kept for the whole boot.
 */
export class ServedHeapMemory {
  private reader: PagedMemoryReader | undefined;
  /** The reader's byte count when the current snapshot began. */
  private startBytes = 0;
  private chip: ChipMemory | undefined;
  /** What the last fetch cost. */
  lastReport: HeapFetchReport | undefined;

  constructor(
    private readonly session: ServeSession,
    private readonly options: { board?: string; onProgress?: ReadProgress } = {},
  ) {}

  /** The memory map for this boot's chip; throws when the lab does not know the chip. */
  static chipOf(facts: ProbeFacts): ChipMemory {
    const chip = chipMemoryOf(facts.implementation.machine);
    if (!chip) {
      throw new Error(
        `the lab does not know where "${facts.implementation.machine}" keeps its memory, so it cannot read its heap`,
      );
    }
    return chip;
  }

  /** A new boot: nothing read before holds. */
  forget(): void {
    this.reader = undefined;
    this.chip = undefined;
  }

  /** The heap's memory now, read while the board is idle. */
  read(facts: ProbeFacts): Promise<MemoryImage> {
    return withServedMemory(this.session, (read) => this.fetch(read, facts));
  }

  /**
   * The pause a stepped program waits in, and the memory read through it (once the program has
   * ended, the board is idle again and its memory is read as when idle).
   */
  pause(facts: ProbeFacts, send: (bytes: Uint8Array) => void): { pause: PauseServer; memory(): Promise<MemoryImage> } {
    const client = new MemoryServerClient(send);
    let running = true;
    return {
      pause: {
        waitCall: SERVE_CALL,
        acceptLine: (line) => client.acceptLine(line),
        ended: (error) => {
          running = false;
          client.fail(error);
        },
      },
      memory: () => (running ? this.fetch((address, length) => client.read(address, length), facts) : this.read(facts)),
    };
  }

  private async fetch(read: ReadMemory, facts: ProbeFacts): Promise<MemoryImage> {
    const chip = (this.chip ??= ServedHeapMemory.chipOf(facts));
    this.reader ??= new PagedMemoryReader(read, {
      readable: readableRanges(chip),
      onProgress: this.options.onProgress,
    });
    this.reader.source = read;
    // RAM changes between snapshots; flash does not.
    this.reader.forget(chip.static);
    const { image, report } = await fetchHeapImage(this.reader, facts, { board: this.options.board });
    this.lastReport = report;
    return image;
  }
}
