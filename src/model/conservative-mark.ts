import type { MemoryImage } from '../memory/memory-image';
import type { Allocation } from '../heap/allocation-table';
import type { GcArea } from '../heap/gc-area';
import { BYTES_PER_BLOCK } from '../heap/gc-area';
import { MemReader } from '../heap/mem-reader';

/**
 * Marks what MicroPython's own collector would keep: every allocation whose
 * head block is pointed at by a word outside the heap (root pointers in
 * mp_state_ctx, other static data, the C stack) or by a word inside an already
 * marked allocation. Roots are the RAM regions holding a GC area struct (not
 * flash). Returns one flag per allocation index.
 */
const ROOT_SCAN_BEYOND_HEAP = 64 * 1024;

export function conservativeMark(
  image: MemoryImage,
  mem: MemReader,
  areas: readonly GcArea[],
  allocations: readonly Allocation[],
): Uint8Array {
  const marked = new Uint8Array(allocations.length);
  const headIndex = areas.map((a) => new Int32Array(a.blocks).fill(-1));
  allocations.forEach((al, i) => {
    const h = headIndex[al.area];
    if (h && al.block < h.length) h[al.block] = i;
  });
  const stack: number[] = [];
  const visit = (w: number) => {
    for (let ai = 0; ai < areas.length; ai++) {
      const a = areas[ai];
      if (w >= a.poolStart && w < a.poolEnd) {
        const i = headIndex[ai][((w - a.poolStart) / BYTES_PER_BLOCK) | 0];
        if (i >= 0 && !marked[i]) {
          marked[i] = 1;
          stack.push(i);
        }
        return;
      }
    }
  };
  const lo = Math.min(...areas.map((a) => a.atbStart));
  const hi = Math.max(...areas.map((a) => a.poolEnd));
  for (const r of image.regions) {
    const holdsArea = areas.some((a) => a.atbFieldAddress >= r.base && a.atbFieldAddress < r.base + r.bytes.length);
    if (!holdsArea) continue;
    const first = (4 - (r.base % 4)) % 4;
    const words = wordsOf(r.bytes, first);
    // Static data and the stack sit below or near the first heap; far above it
    // (a 16 MB wasm memory) there is only malloc space that holds more areas.
    const end = Math.min(r.bytes.length, hi + ROOT_SCAN_BEYOND_HEAP - r.base);
    const base = r.base + first;
    const n = Math.min(words.length, Math.max(0, (end - first) >> 2));
    for (let i = 0; i < n; i++) {
      const w = words[i];
      if (w < lo || w >= hi || (w & 3) !== 0) continue;
      const addr = base + 4 * i;
      if (addr >= lo && addr < hi && inTablesOrPool(areas, addr)) continue;
      visit(w);
    }
  }
  while (stack.length) {
    const al = allocations[stack.pop()!];
    const words = mem.bytes(al.address, al.bytes);
    if (!words) continue;
    const ws = wordsOf(words, 0);
    for (let i = 0; i < ws.length; i++) {
      const w = ws[i];
      if (w >= lo && w < hi && (w & 3) === 0) visit(w);
    }
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
