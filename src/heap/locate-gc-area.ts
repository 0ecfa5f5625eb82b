import type { MemoryImage } from '../memory/memory-image';
import { BYTES_PER_BLOCK, type GcArea, type GcLayout } from './gc-area';
import { hex } from './words';

export interface LocatedHeap {
  layout: GcLayout;
  /** The first area (inside mp_state_ctx) followed by any split-heap areas, in chain order. */
  areas: GcArea[];
  /**
   * The heap runs past the end of the image (a split-heap area the copy does not reach, or an
   * area's pool cut off): found areas are right, but not all of the heap is in them.
   */
  beyondImage: boolean;
  warnings: string[];
}

const MAX_ATB_LENGTH = 1 << 22; // 16 M blocks = 256 MB of pool: more than any board here
const MAX_TABLE_SLACK = 1024; // bytes between the end of the tables and pool_start
const MAX_AREAS = 256;

/**
 * Tries to read a GC area struct whose allocation-table pointer sits at
 * `p`. The struct is recognised by arithmetic MicroPython's gc_setup_area()
 * guarantees, not by symbols: ftb = atb + atb_len + 1, an optional weakref
 * table right after the finaliser table, pool_end − pool_start = 64 × atb_len,
 * and the pool starting just after the tables.
 */
function areaAt(mem: MemoryImage, p: number): (GcArea & { weakref: boolean }) | undefined {
  const atb = mem.u32(p);
  const len = mem.u32(p + 4);
  const ftb = mem.u32(p + 8);
  if (atb === undefined || len === undefined || ftb === undefined) return undefined;
  if (len === 0 || len > MAX_ATB_LENGTH || atb === 0 || ftb !== atb + len + 1) return undefined;
  const ftbLen = Math.ceil((len * 4) / 8);
  let weakref = false;
  let q = p + 12;
  const maybeWtb = mem.u32(q);
  if (maybeWtb === ftb + ftbLen) {
    weakref = true;
    q += 4;
  }
  const ps = mem.u32(q);
  const pe = mem.u32(q + 4);
  if (ps === undefined || pe === undefined) return undefined;
  if (pe - ps !== len * 4 * BYTES_PER_BLOCK) return undefined;
  const tablesEnd = ftb + ftbLen + (weakref ? ftbLen : 0);
  if (ps < tablesEnd || ps - tablesEnd > MAX_TABLE_SLACK || ps % 4 !== 0) return undefined;
  return {
    atbFieldAddress: p,
    atbStart: atb,
    atbLength: len,
    ftbStart: ftb,
    wtbStart: weakref ? ftb + ftbLen : undefined,
    poolStart: ps,
    poolEnd: pe,
    blocks: len * 4,
    weakref,
  };
}

/** Word-aligned addresses whose word equals (word+1) + (word+2) − 1: cheap first filter. */
function* candidates(image: MemoryImage, from: number, to: number): Generator<number> {
  for (const r of image.regions) {
    const lo = Math.max(from, r.base);
    const hi = Math.min(to, r.base + r.bytes.length);
    if (hi - lo < 24) continue;
    const start = (lo + 3) & ~3;
    const view = new DataView(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength);
    for (let a = start; a + 24 <= hi; a += 4) {
      const o = a - r.base;
      const len = view.getUint32(o + 4, true);
      if (len === 0 || len > MAX_ATB_LENGTH) continue;
      if (view.getUint32(o + 8, true) === view.getUint32(o, true) + len + 1) yield a;
    }
  }
}

/**
 * Finds the GC heap in a raw memory image. `hint` (e.g. id(globals()), which
 * lives in mp_state_ctx next to the area struct) is searched around first; the
 * whole image is scanned when that finds nothing. Never throws.
 */
export function locateGcHeap(image: MemoryImage, hint?: number): LocatedHeap | { error: string; warnings: string[] } {
  const mem = image;
  const warnings: string[] = [];
  let found = hint !== undefined ? scan(image, mem, hint - 4096, hint + 4096) : [];
  if (found.length === 0) found = scan(image, mem, -Infinity, Infinity);
  if (found.length === 0) {
    return {
      error: 'no MicroPython GC area found in the memory image (no allocation-table signature matched)',
      warnings,
    };
  }

  // Areas reached through another area's `next` are split-heap extensions, not the primary.
  const byStruct = new Map<number, (GcArea & { weakref: boolean }) | undefined>();
  for (const a of found) byStruct.set(a.atbFieldAddress, a);
  const areaFromNext = (w: number) => {
    if (!byStruct.has(w + 4)) byStruct.set(w + 4, areaAt(mem, w + 4));
    return byStruct.get(w + 4);
  };
  const nextOf = (a: GcArea): number | undefined => mem.u32(a.atbFieldAddress - 4);
  const isAreaPtr = (w: number | undefined) =>
    w !== undefined && w !== 0 && w % 4 === 0 && areaFromNext(w) !== undefined;
  const secondary = new Set<number>();
  for (const a of found) {
    const n = nextOf(a);
    if (isAreaPtr(n)) secondary.add(n! + 4);
  }
  let primaries = found.filter((a) => !secondary.has(a.atbFieldAddress));
  if (primaries.length === 0) primaries = found; // a cycle of areas: corrupt, but pick one
  if (primaries.length > 1) {
    const ref = hint ?? 0;
    primaries.sort((x, y) => Math.abs(x.atbFieldAddress - ref) - Math.abs(y.atbFieldAddress - ref));
    const candidates = primaries.map((a) => hex(a.atbFieldAddress)).join(', ');
    warnings.push(
      `${primaries.length} GC area candidates found (${candidates}); using ${hex(primaries[0].atbFieldAddress)}`,
    );
  }
  const first = primaries[0];
  const last = image.regions[image.regions.length - 1];
  const imageEnd = last ? last.base + last.bytes.length : 0;
  let beyondImage = false;
  const firstNext = nextOf(first);
  const nextField: GcLayout['nextField'] = isAreaPtr(firstNext) ? 'present' : firstNext === 0 ? 'unknown' : 'absent';
  const areas: GcArea[] = [strip(first)];
  if (nextField === 'present') {
    const seen = new Set([first.atbFieldAddress]);
    let n = firstNext;
    while (isAreaPtr(n) && areas.length < MAX_AREAS) {
      const a = areaFromNext(n!)!;
      if (seen.has(a.atbFieldAddress)) {
        warnings.push(`split-heap chain loops back to ${hex(a.atbFieldAddress)}`);
        break;
      }
      seen.add(a.atbFieldAddress);
      areas.push(strip(a));
      n = nextOf(a);
    }
    if (n !== 0 && n !== undefined && !isAreaPtr(n) && n < imageEnd)
      warnings.push(`split-heap chain ends at ${hex(n)}, which is not a GC area`);
    if (n !== undefined && n >= imageEnd) beyondImage = true;
  } else if (firstNext !== undefined && firstNext >= imageEnd && firstNext % 4 === 0) {
    // The next area lies past a copy that ends early: its struct can't be checked, so the
    // pointer is taken at its word (only where the image is one region from address 0, as a
    // WebAssembly memory is; a Pico's word before the table is not a pointer).
    beyondImage = image.regions.length === 1 && image.regions[0].base === 0;
  }
  if (areas.some((a) => a.poolEnd > imageEnd)) beyondImage = true;
  if (beyondImage) warnings.push(`the heap runs past the end of the memory image (${hex(imageEnd)})`);
  return { layout: { nextField, weakrefTable: first.weakref }, areas, beyondImage, warnings };
}

function scan(image: MemoryImage, mem: MemoryImage, from: number, to: number) {
  const out: (GcArea & { weakref: boolean })[] = [];
  for (const p of candidates(image, from, to)) {
    const a = areaAt(mem, p);
    if (a) out.push(a);
  }
  return out;
}

function strip(a: GcArea & { weakref: boolean }): GcArea {
  const { weakref: _w, ...area } = a;
  return area;
}
