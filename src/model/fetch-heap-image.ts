import { readAllocationTable } from '../heap/allocation-table';
import { BYTES_PER_BLOCK, type GcArea } from '../heap/gc-area';
import { locateGcHeap } from '../heap/locate-gc-area';
import type { MemoryImage } from '../memory/memory-image';
import { mergeRanges, type AddressRange, type PagedMemoryReader } from '../memory/paged-memory-reader';
import type { ProbeFacts } from '../probe/probe-facts';
import { inspectHeap } from './inspect-heap';

/**
 * mp_state_ctx (the GC area struct, vm.last_pool, the roots) lies within this of id(globals()) on
 * the boards measured (the struct at +284 on wasm, less on a Pico); WIDE_WINDOW if it is not found.
 */
const CONTEXT_WINDOW = 1024;
const WIDE_WINDOW = 4096;
/** After the tables and the allocated blocks, the decoder's own misses are read this many times at most. */
const MAX_MISS_ROUNDS = 40;
/**
 * Misses are read this much at a time (bytes, aligned): static data is walked one pointer after
 * another (a qstr pool's table, then its strings), and a wider read saves the next round trips.
 */
const MISS_GRANULE = 128;

export interface HeapFetchReport {
  /** Reads done for this image (the reader's log since the fetch began). */
  requests: number;
  bytes: number;
  /** Rounds of reads driven by what the decoder missed. */
  missRounds: number;
}

/**
 * Reads from a board read piece by piece just what the heap decoder needs, in this order:
 * 1. the window around id(globals()) (mp_state_ctx: the GC area struct, vm.last_pool, the roots);
 * 2. every area's allocation and finaliser tables (the allocation table as it is now decides
 *    which blocks are objects, so reads that allocate on the board afterwards cannot disturb them);
 * 3. the allocated blocks;
 * 4. what decoding then still misses: type objects and static qstr pools in flash, module data,
 *    qstr text, a few rounds deep.
 * Nothing past the last pool is read (the stacks: over the REPL they hold the reader's own calls;
 * untyped buffers only they refer to stay unmarked).
 */
export async function fetchHeapImage(
  reader: PagedMemoryReader,
  facts: ProbeFacts,
  options: { board?: string } = {},
): Promise<{ image: MemoryImage; report: HeapFetchReport }> {
  const logStart = reader.log.length;
  const report = (missRounds: number) => {
    const reads = reader.log.slice(logStart);
    return { requests: reads.length, bytes: reads.reduce((s, r) => s + r.length, 0), missRounds };
  };
  const around = (bytes: number) => [{ start: Math.max(0, facts.globals - bytes), end: facts.globals + bytes }];
  await reader.fetch(around(CONTEXT_WINDOW));
  let located = locateGcHeap(reader.image(), facts.globals);
  if ('error' in located) {
    await reader.fetch(around(WIDE_WINDOW));
    located = locateGcHeap(reader.image(), facts.globals);
  }
  if ('error' in located) return { image: reader.image(), report: report(0) };
  // Split-heap areas further off: their structs and tables, found by following the chain.
  for (let i = 0; i < 4 && 'areas' in located; i++) {
    const tables = located.areas.map(tableRange);
    if (tables.every((t) => reader.has(t.start, t.end)) && !located.beyondImage) break;
    await reader.fetch(tables);
    located = locateGcHeap(reader.image(), facts.globals);
  }
  if ('error' in located) return { image: reader.image(), report: report(0) };
  const areas = located.areas;
  const allocation = readAllocationTable(reader.image(), areas);
  const allocated = mergeRanges(
    allocation.allocations.map((a) => ({ start: a.address, end: a.address + a.blocks * BYTES_PER_BLOCK })),
    0,
  );
  // The last granule of each pool too: the decoder takes a heap whose pool runs past the image's
  // end for one cut short.
  await reader.fetch([...allocated, ...areas.map((a) => ({ start: a.poolEnd - BYTES_PER_BLOCK, end: a.poolEnd }))]);

  const heapTop = Math.max(...areas.map((a) => a.poolEnd));
  // Static data lies below the heap on every board here (flash, .data/.bss, a wasm data segment).
  // Above the last pool are the stacks, live and the reader's own. Inside a pool the decoder reads
  // free blocks only for the text of qstrs whose chunk was freed: read where it asks.
  const allowed = (address: number): boolean => address < heapTop;
  let rounds = 0;
  for (; rounds < MAX_MISS_ROUNDS; rounds++) {
    const misses: AddressRange[] = [];
    inspectHeap(
      reader.image({
        onMiss: (address, length) => {
          if (allowed(address)) misses.push({ start: address, end: address + Math.max(length, 1) });
        },
      }),
      facts,
      { board: options.board },
    );
    const wanted = reader.plan(misses, MISS_GRANULE);
    if (wanted.length === 0) break;
    await reader.fetch(misses, MISS_GRANULE);
  }
  return { image: reader.image(), report: report(rounds) };
}

/** An area's struct and its tables (allocation, finaliser, weak-reference): all before its pool. */
function tableRange(area: GcArea): AddressRange {
  return { start: Math.min(area.atbFieldAddress - 4, area.atbStart), end: area.poolStart };
}
