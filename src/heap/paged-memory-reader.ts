import { MemoryImage, type MemoryRegion } from '../memory/memory-image';
import type { ProbeFacts } from '../probe/probe-facts';
import { locateGcHeap } from './locate-gc-area';
import { hex } from './words';

/** Reads `length` bytes at `address` from a board (e.g. over USB serial). */
export type ReadMemory = (address: number, length: number) => Promise<Uint8Array>;

export interface PagedReadOptions {
  /** Bytes per request; pages are aligned to this size. */
  pageSize?: number;
  /** Reported after each page (for a progress bar). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Memory for boards that can only be read piece by piece (a physical Pico
 * over USB). The decoder itself stays synchronous: this fetches the ranges it
 * needs — the window around mp_state_ctx, the GC tables and pool of every
 * area, the static data holding type objects and qstr pools — into a
 * MemoryImage first, page by page, caching what it already has.
 */
export class PagedMemoryReader {
  private readonly pages = new Map<number, Uint8Array>();
  readonly pageSize: number;

  constructor(
    private readonly read: ReadMemory,
    private readonly options: PagedReadOptions = {},
  ) {
    this.pageSize = options.pageSize ?? 4096;
  }

  /** Number of page requests made so far. */
  get pagesFetched(): number {
    return this.pages.size;
  }

  /** Fetches [start, end) (whole pages) into the cache. */
  async fetch(ranges: readonly { start: number; end: number }[]): Promise<void> {
    const wanted: number[] = [];
    for (const { start, end } of ranges) {
      for (let p = Math.floor(start / this.pageSize) * this.pageSize; p < end; p += this.pageSize) {
        if (!this.pages.has(p) && !wanted.includes(p)) wanted.push(p);
      }
    }
    let done = 0;
    for (const p of wanted.sort((a, b) => a - b)) {
      const bytes = await this.read(p, this.pageSize);
      this.pages.set(p, bytes.length === this.pageSize ? bytes : padded(bytes, this.pageSize));
      this.options.onProgress?.(++done, wanted.length);
    }
  }

  /** The cached pages as a MemoryImage (adjacent pages merged into one region). */
  image(): MemoryImage {
    const starts = [...this.pages.keys()].sort((a, b) => a - b);
    const regions: MemoryRegion[] = [];
    let i = 0;
    while (i < starts.length) {
      let j = i;
      while (j + 1 < starts.length && starts[j + 1] === starts[j] + this.pageSize) j++;
      const bytes = new Uint8Array((j - i + 1) * this.pageSize);
      for (let k = i; k <= j; k++) bytes.set(this.pages.get(starts[k])!, (k - i) * this.pageSize);
      regions.push({ name: `paged ${hex(starts[i])}`, base: starts[i], bytes });
      i = j + 1;
    }
    return new MemoryImage(regions);
  }

  /**
   * Everything the heap decoder reads, for a board whose RAM is `ram` and
   * whose static data (type objects, qstr pools) lies in `staticRanges`:
   * 1. the page window around id(globals()) (mp_state_ctx holds the GC area
   *    struct and vm.last_pool), 2. every area's tables and pool, 3. the static
   *    ranges. RAM outside the pools is fetched too when `wholeRam` is set
   *    (so the firmware-internal marking can scan the stack and static data).
   */
  async fetchForHeap(
    probe: ProbeFacts,
    ram: { start: number; end: number },
    staticRanges: readonly { start: number; end: number }[] = [],
    wholeRam = false,
  ): Promise<MemoryImage> {
    const around = { start: Math.max(ram.start, probe.globals - 4096), end: Math.min(ram.end, probe.globals + 4096) };
    await this.fetch(wholeRam ? [ram, ...staticRanges] : [around, ...staticRanges]);
    const located = locateGcHeap(this.image(), probe.globals);
    if ('error' in located) return this.image();
    // Split-heap areas elsewhere in RAM: their structs sit at the start of each area.
    const ranges = located.areas.map((a) => ({ start: a.atbFieldAddress - 4, end: a.poolEnd }));
    await this.fetch(ranges);
    const again = locateGcHeap(this.image(), probe.globals);
    if (!('error' in again))
      await this.fetch(again.areas.map((a) => ({ start: a.atbFieldAddress - 4, end: a.poolEnd })));
    return this.image();
  }
}

function padded(bytes: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(size);
  out.set(bytes.subarray(0, size));
  return out;
}
