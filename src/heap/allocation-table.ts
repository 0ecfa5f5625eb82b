import type { MemoryImage } from '../memory/memory-image';
import { BYTES_PER_BLOCK, type GcArea } from './gc-area';

const DOT = 0x2e;
const EQ = 0x3d;
const H = 0x68;
const latin1 = new TextDecoder('latin1');

/** One allocation: a head block plus its tail blocks. */
export interface Allocation {
  address: number;
  /** Index of the area in the split-heap chain. */
  area: number;
  /** Block index inside its area. */
  block: number;
  blocks: number;
  bytes: number;
  /** The GC's mark bit was set (only seen mid-collection): treated as a head. */
  marked: boolean;
}

export interface FreeRun {
  address: number;
  area: number;
  block: number;
  blocks: number;
}

export interface HeapStats {
  totalBytes: number;
  usedBytes: number;
  freeBytes: number;
  largestFreeBytes: number;
  freeRuns: number;
  /** 1 − largest free run / total free (0 when nothing or everything is free in one run). */
  fragmentation: number;
  allocations: number;
  /** Largest allocation, in blocks (MicroPython's "max blk sz"). */
  largestAllocationBlocks: number;
}

export interface AllocationMap {
  allocations: Allocation[];
  freeRuns: FreeRun[];
  stats: HeapStats;
  /** Per area, one character per block: 'h' head, '=' tail, '.' free (for the memory map and cross-checks). */
  blockMaps: string[];
  warnings: string[];
}

/**
 * Walks each area's allocation table (2 bits per block, LSB first) and turns
 * it into allocations and free runs. A tail with no head before it (only in a
 * corrupt table) is reported and counted as its own allocation so no used
 * block goes missing from the statistics.
 */
export function readAllocationTable(mem: MemoryImage, areas: readonly GcArea[]): AllocationMap {
  const allocations: Allocation[] = [];
  const freeRuns: FreeRun[] = [];
  const blockMaps: string[] = [];
  const warnings: string[] = [];
  let total = 0;
  let used = 0;
  let free = 0;
  let largestFree = 0;
  let largestAlloc = 0;

  areas.forEach((area, ai) => {
    const atb = mem.bytes(area.atbStart, area.atbLength);
    if (!atb) {
      warnings.push(`area ${ai}: allocation table at 0x${area.atbStart.toString(16)} is outside the memory image`);
      blockMaps.push('');
      return;
    }
    total += area.blocks * BYTES_PER_BLOCK;
    const map = new Uint8Array(area.blocks);
    let current: Allocation | undefined;
    let freeRun: FreeRun | undefined;
    let orphanTails = 0;
    for (let b = 0; b < area.blocks; b++) {
      const kind = (atb[b >> 2] >> ((b & 3) * 2)) & 3;
      if (kind === 0) {
        map[b] = DOT;
        current = undefined;
        free++;
        if (freeRun) freeRun.blocks++;
        else
          freeRuns.push((freeRun = { address: area.poolStart + b * BYTES_PER_BLOCK, area: ai, block: b, blocks: 1 }));
        if (freeRun.blocks > largestFree) largestFree = freeRun.blocks;
        continue;
      }
      freeRun = undefined;
      used++;
      if (kind === 2 && current) {
        map[b] = EQ;
        current.blocks++;
        current.bytes += BYTES_PER_BLOCK;
      } else {
        if (kind === 2) orphanTails++;
        map[b] = kind === 2 ? EQ : H;
        current = {
          address: area.poolStart + b * BYTES_PER_BLOCK,
          area: ai,
          block: b,
          blocks: 1,
          bytes: BYTES_PER_BLOCK,
          marked: kind === 3,
        };
        allocations.push(current);
      }
      if (current.blocks > largestAlloc) largestAlloc = current.blocks;
    }
    if (orphanTails)
      warnings.push(`area ${ai}: ${orphanTails} tail block(s) without a head (corrupt allocation table?)`);
    blockMaps.push(latin1.decode(map));
  });

  const freeBytes = free * BYTES_PER_BLOCK;
  const largestFreeBytes = largestFree * BYTES_PER_BLOCK;
  return {
    allocations,
    freeRuns,
    blockMaps,
    warnings,
    stats: {
      totalBytes: total,
      usedBytes: used * BYTES_PER_BLOCK,
      freeBytes,
      largestFreeBytes,
      freeRuns: freeRuns.length,
      fragmentation: freeBytes === 0 ? 0 : 1 - largestFreeBytes / freeBytes,
      allocations: allocations.length,
      largestAllocationBlocks: largestAlloc,
    },
  };
}
