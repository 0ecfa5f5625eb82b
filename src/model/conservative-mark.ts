import type { MemoryImage } from '../memory/memory-image';
import type { Allocation } from '../heap/allocation-table';
import type { GcArea } from '../heap/gc-area';
import { BYTES_PER_BLOCK } from '../heap/gc-area';

/** Address range [start, end) whose words are scanned as roots. */
export interface RootRange {
  start: number;
  end: number;
}

export interface MarkRoots {
  /**
   * MicroPython's own root pointers: mp_state_ctx from thread.dict_locals to
   * vm.qstr_last_chunk (py/gc.c gc_collect_start). Marks transitively.
   */
  state: RootRange[];
  /**
   * Memory that may hold a live C stack (the Pico's stacks above the pool).
   * The snapshot has no stack pointer, so live and stale words look alike;
   * at the idle prompt the live frames hold only REPL buffers, so words here
   * mark only allocations `isBuffer` accepts (untyped), and not transitively.
   */
  stack: RootRange[];
}

/**
 * Marks what MicroPython's own collector would keep: every allocation whose
 * head is pointed at by a root, or by a word inside an already marked
 * allocation. Returns one flag per allocation index.
 */
export function conservativeMark(
  mem: MemoryImage,
  areas: readonly GcArea[],
  allocations: readonly Allocation[],
  roots: MarkRoots,
  isBuffer: (allocationIndex: number) => boolean,
): Uint8Array {
  const marked = new Uint8Array(allocations.length);
  const headIndex = areas.map((a) => new Int32Array(a.blocks).fill(-1));
  allocations.forEach((al, i) => {
    const h = headIndex[al.area];
    if (h && al.block < h.length) h[al.block] = i;
  });
  const lo = Math.min(...areas.map((a) => a.poolStart));
  const hi = Math.max(...areas.map((a) => a.poolEnd));
  const headAt = (w: number): number => {
    if (w < lo || w >= hi || (w & 3) !== 0) return -1;
    for (let ai = 0; ai < areas.length; ai++) {
      const a = areas[ai];
      if (w >= a.poolStart && w < a.poolEnd) return headIndex[ai][((w - a.poolStart) / BYTES_PER_BLOCK) | 0];
    }
    return -1;
  };
  const stack: number[] = [];
  const visit = (w: number) => {
    const i = headAt(w);
    if (i >= 0 && !marked[i]) {
      marked[i] = 1;
      stack.push(i);
    }
  };
  const scan = (r: RootRange, each: (w: number) => void) => {
    const start = r.start + ((4 - (r.start % 4)) % 4);
    const bytes = mem.bytes(start, Math.max(0, r.end - start));
    if (!bytes) return;
    const ws = wordsOf(bytes, 0);
    for (let i = 0; i < ws.length; i++) if (!inTablesOrPool(areas, start + 4 * i)) each(ws[i]);
  };
  for (const r of roots.state) scan(r, visit);
  for (const r of roots.stack) {
    scan(r, (w) => {
      const i = headAt(w);
      if (i >= 0 && isBuffer(i)) marked[i] = 1;
    });
  }
  while (stack.length) {
    const al = allocations[stack.pop()!];
    const words = mem.bytes(al.address, al.bytes);
    if (!words) continue;
    const ws = wordsOf(words, 0);
    for (let i = 0; i < ws.length; i++) visit(ws[i]);
  }
  return marked;
}

function inTablesOrPool(areas: readonly GcArea[], addr: number): boolean {
  for (const a of areas) if (addr >= a.atbStart && addr < a.poolEnd) return true;
  return false;
}

/** The bytes from `offset` as little-endian words (a view when aligned, else a copy). */
function wordsOf(bytes: Uint8Array, offset: number): Uint32Array {
  const n = (bytes.length - offset) >> 2;
  const start = bytes.byteOffset + offset;
  if (start % 4 === 0 && littleEndian) return new Uint32Array(bytes.buffer, start, n);
  const copy = new Uint32Array(n);
  const v = new DataView(bytes.buffer, start, n * 4);
  for (let i = 0; i < n; i++) copy[i] = v.getUint32(4 * i, true);
  return copy;
}

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
