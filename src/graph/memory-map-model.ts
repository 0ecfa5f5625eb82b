/**
 * The memory map as the view draws it: every GC block of every area, which allocation it belongs
 * to, and which snapshot object each allocation is drawn as (an owned buffer is drawn as part of
 * its owner, like the graph draws a list with its items). Pure, so it runs in Node tests and
 * could run in a worker; the view only turns it into pixels.
 */
import type { HeapSnapshot, ObjectKind, ObjectRole } from '../model/heap-snapshot';

/** MicroPython's GC block (BYTES_PER_BLOCK in src/heap/gc-area.ts; only its types may be imported here). */
export const BLOCK_BYTES = 16;

export interface MapAllocation {
  /** Lower-case hex of the allocation's own head block. */
  address: string;
  /** Index of its area in MemoryMap.areas. */
  area: number;
  /** Head block index inside its area. */
  startBlock: number;
  blocks: number;
  /** Address of the object it is drawn as: its own, or that of the object whose `parts` list it. */
  owner: string;
  /** Index of that owner in MemoryMap.owners. */
  ownerIndex: number;
  /** The owner's kind and role: a part is drawn in its owner's colour. */
  kind: ObjectKind;
  role: ObjectRole;
}

/** One thing the map can select: a snapshot object with its own allocation and its parts. */
export interface MapOwner {
  address: string;
  type: string;
  /** The snapshot's short value text (`__main__ globals` for the variable table's dict). */
  value: string;
  kind: ObjectKind;
  role: ObjectRole;
  /** Indices into MemoryMap.allocations, in address order. */
  allocations: number[];
  blocks: number;
  /** Names in __main__'s globals that refer to it. */
  variables: string[];
  /** Set when no snapshot object accounts for the allocation (a decoder gap: it is reported in warnings). */
  orphan?: 'unclaimed';
}

export interface MapArea {
  poolStart: number;
  /** Lower-case hex, as in the snapshot. */
  poolStartHex: string;
  blocks: number;
  /** Per block: its index in MemoryMap.allocations, or -1 when free. */
  blockAllocation: Int32Array;
}

export interface MemoryMap {
  areas: MapArea[];
  /** In memory order: area by area, by head block. */
  allocations: MapAllocation[];
  /** In memory order of their first block. */
  owners: MapOwner[];
  usedBlocks: number;
  freeBlocks: number;
  freeRuns: number;
  largestFreeBlocks: number;
  /** The largest free run once garbage and compiler leftovers are freed (what gc.collect() would leave). */
  largestFreeAfterCollectBlocks: number;
  /** What did not add up; the map is drawn anyway. */
  warnings: string[];
}

const MAX_WARNINGS = 20;

export const hex = (n: number): string => '0x' + n.toString(16);

/** Builds the map of a snapshot. Never throws: whatever does not fit is reported in `warnings`. */
export function buildMemoryMap(snapshot: HeapSnapshot): MemoryMap {
  const warnings: string[] = [];
  const { areas, allocations } = readBlockMaps(snapshot, warnings);
  const owners = assignOwners(snapshot, allocations, warnings);
  const stats = freeStats(areas, allocations);
  if (warnings.length > MAX_WARNINGS) {
    const more = warnings.length - MAX_WARNINGS;
    warnings.length = MAX_WARNINGS;
    warnings.push(`… and ${more} more`);
  }
  // assignOwners has filled in every draft's owner, kind and role.
  return { areas, allocations: allocations as MapAllocation[], owners, ...stats, warnings };
}

type Draft = Omit<MapAllocation, 'owner' | 'ownerIndex' | 'kind' | 'role'> & Partial<MapAllocation>;

/** Allocations from the block maps: a head ('h') and the tails ('=') after it. */
function readBlockMaps(snapshot: HeapSnapshot, warnings: string[]): { areas: MapArea[]; allocations: Draft[] } {
  const areas: MapArea[] = [];
  const allocations: Draft[] = [];
  snapshot.heap.areas.forEach((a, ai) => {
    const poolStart = Number.parseInt(a.poolStart, 16);
    const map = a.blockMap;
    if (map.length !== a.blocks) warnings.push(`area ${ai}: block map has ${map.length} blocks, area ${a.blocks}`);
    const blocks = Math.min(map.length, a.blocks);
    const blockAllocation = new Int32Array(blocks).fill(-1);
    let current: Draft | undefined;
    let orphanTails = 0;
    for (let b = 0; b < blocks; b++) {
      const c = map.charCodeAt(b);
      if (c === 0x3d /* = */ && current) {
        current.blocks++;
      } else if (c === 0x68 /* h */ || c === 0x3d) {
        // A tail with no head before it only comes from a corrupt table: drawn as its own allocation.
        if (c === 0x3d) orphanTails++;
        current = { address: hex(poolStart + b * BLOCK_BYTES), area: ai, startBlock: b, blocks: 1 };
        allocations.push(current);
      } else {
        if (c !== 0x2e /* . */) warnings.push(`area ${ai}: block ${b} is '${map[b]}', read as free`);
        current = undefined;
        continue;
      }
      blockAllocation[b] = allocations.length - 1;
    }
    if (orphanTails) warnings.push(`area ${ai}: ${orphanTails} tail block(s) without a head`);
    areas.push({ poolStart, poolStartHex: hex(poolStart), blocks, blockAllocation });
  });
  return { areas, allocations };
}

/** Gives every allocation the object it is drawn as, and groups them by that owner. */
function assignOwners(snapshot: HeapSnapshot, drafts: Draft[], warnings: string[]): MapOwner[] {
  const index = new Map(drafts.map((d, i) => [d.address, i]));
  const ownerOf = new Array<number>(drafts.length).fill(-1);
  // Heap objects, and objects outside the heap that own heap buffers (__main__'s globals table, sys.path's items).
  const objects = snapshot.objects.filter((o) => o.heap || o.parts?.length);
  objects.forEach((o, oi) => {
    if (!o.heap) return;
    const i = index.get(o.address);
    if (i === undefined) warnings.push(`object ${o.address} (${o.type}) is not at the head of an allocation`);
    else ownerOf[i] = oi;
  });
  objects.forEach((o, oi) => {
    for (const p of o.parts ?? []) {
      const i = index.get(p);
      if (i === undefined) warnings.push(`part ${p} of ${o.address} (${o.type}) is not at the head of an allocation`);
      else if (ownerOf[i] !== -1 && ownerOf[i] !== oi)
        warnings.push(`allocation ${p} is claimed by ${objects[ownerOf[i]].address} and ${o.address}`);
      else ownerOf[i] = oi;
    }
  });

  const variables = new Map<string, string[]>();
  for (const g of snapshot.globals) {
    if (!('ref' in g.value)) continue;
    const list = variables.get(g.value.ref) ?? [];
    list.push(g.name);
    variables.set(g.value.ref, list);
  }

  const owners: MapOwner[] = [];
  const ownerIndexOf = new Map<string, number>();
  drafts.forEach((d, i) => {
    let key: string;
    let make: () => MapOwner;
    const oi = ownerOf[i];
    if (oi !== -1) {
      const o = objects[oi];
      key = o.address;
      make = () => ({
        address: o.address,
        type: o.type,
        value: o.value,
        kind: o.kind,
        // A buffer owned from outside the heap is kept alive by it: the learner's if reachable.
        role: o.role === 'static' ? (o.reachable ? 'live' : 'firmware') : o.role,
        allocations: [],
        blocks: 0,
        variables: variables.get(o.address) ?? [],
      });
    } else {
      // Every allocation belongs to an object of the snapshot; one that does not is a decoder gap,
      // drawn as itself and counted as kept alive (not garbage).
      warnings.push(`allocation ${d.address} (${d.blocks} blocks) belongs to no object of the snapshot`);
      key = d.address;
      make = () => ({
        address: d.address,
        type: 'raw',
        value: `${d.blocks * BLOCK_BYTES} bytes`,
        kind: 'raw',
        role: 'firmware',
        allocations: [],
        blocks: 0,
        variables: [],
        orphan: 'unclaimed',
      });
    }
    let n = ownerIndexOf.get(key);
    if (n === undefined) {
      n = owners.push(make()) - 1;
      ownerIndexOf.set(key, n);
    }
    const owner = owners[n];
    owner.allocations.push(i);
    owner.blocks += d.blocks;
    Object.assign(d, { owner: owner.address, ownerIndex: n, kind: owner.kind, role: owner.role });
  });

  for (const o of objects) {
    const n = ownerIndexOf.get(o.address);
    const blocks = n === undefined ? 0 : owners[n].blocks;
    if (n !== undefined && blocks !== o.blocks)
      warnings.push(`object ${o.address} (${o.type}) has ${o.blocks} blocks, its allocations ${blocks}`);
  }
  return owners;
}

function freeStats(areas: MapArea[], allocations: Draft[]) {
  let usedBlocks = 0;
  let freeBlocks = 0;
  let freeRuns = 0;
  let largestFreeBlocks = 0;
  let largestFreeAfterCollectBlocks = 0;
  for (const area of areas) {
    let run = 0;
    let runAfter = 0;
    for (let b = 0; b < area.blocks; b++) {
      const i = area.blockAllocation[b];
      const role = i === -1 ? undefined : allocations[i].role;
      if (i === -1) {
        freeBlocks++;
        if (run++ === 0) freeRuns++;
        if (run > largestFreeBlocks) largestFreeBlocks = run;
      } else {
        usedBlocks++;
        run = 0;
      }
      // gc.collect() frees what nothing reachable holds: garbage and the compiler's leftovers.
      if (i === -1 || role === 'garbage' || role === 'compiler') {
        if (++runAfter > largestFreeAfterCollectBlocks) largestFreeAfterCollectBlocks = runAfter;
      } else runAfter = 0;
    }
  }
  return { usedBlocks, freeBlocks, freeRuns, largestFreeBlocks, largestFreeAfterCollectBlocks };
}

/** Thousands separators, the same on every machine (the sentences are English). */
export const formatNumber = (n: number): string => n.toLocaleString('en-US');

export interface MemoryErrorFacts {
  /** The smallest whole-block request that fails now: the largest free run (after collecting) plus one block. */
  requestBytes: number;
  freeBytes: number;
  largestFreeBytes: number;
  largestFreeAfterCollectBytes: number;
  /** The board adds heap areas instead of failing (the WebAssembly build): the sentence says so. */
  growsOnDemand: boolean;
  /** One sentence: why a MemoryError can happen while more memory than requested is free. */
  text: string;
}

/**
 * Boards whose heap grows on demand (MICROPY_GC_SPLIT_HEAP_AUTO) rather than raising MemoryError:
 * the board id the snapshot names (see src/app/board-registry.ts, docs/architecture.md).
 */
const GROWING_BOARDS: ReadonlySet<string> = new Set(['browser-wasm']);

/**
 * Why a MemoryError can come while plenty is free. MicroPython runs gc.collect() before it gives
 * up on an allocation, so the request that really fails is one block more than the largest run
 * left after collecting (garbage next to a free run joins it), not the run as it is now.
 */
export function statsSentence(
  snapshot: HeapSnapshot,
  map: MemoryMap = buildMemoryMap(snapshot),
): MemoryErrorFacts | undefined {
  if (!map.areas.length) return undefined;
  const { freeBytes, largestFreeBytes } = snapshot.heap;
  const largestFreeAfterCollectBytes = Math.max(map.largestFreeAfterCollectBlocks * BLOCK_BYTES, largestFreeBytes);
  const requestBytes = largestFreeAfterCollectBytes + BLOCK_BYTES;
  const growsOnDemand = GROWING_BOARDS.has(snapshot.board);
  const n = formatNumber;
  const although = freeBytes >= requestBytes ? ` although ${n(freeBytes)} bytes are free` : '';
  const afterCollect =
    largestFreeAfterCollectBytes > largestFreeBytes
      ? ` (${n(largestFreeAfterCollectBytes)} bytes after the gc.collect() MicroPython runs before giving up)`
      : '';
  const text =
    `A request of ${n(requestBytes)} bytes would fail now with MemoryError${growsOnDemand ? ' on a Pico' : ''}` +
    `${although}: the largest free run is ${n(largestFreeBytes)} bytes${afterCollect}, ` +
    `and an object needs one unbroken run of blocks${growsOnDemand ? '; this board grows its heap instead' : ''}.`;
  return { requestBytes, freeBytes, largestFreeBytes, largestFreeAfterCollectBytes, growsOnDemand, text };
}
