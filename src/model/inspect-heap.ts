import { floatFormatOf } from '../heap/format-value';
import { isLabName } from '../probe/lab-names';
import type { MemoryImage } from '../memory/memory-image';
import type { ProbeFacts } from '../probe/probe-facts';
import { locateGcHeap } from '../heap/locate-gc-area';
import { readAllocationTable, type Allocation } from '../heap/allocation-table';
import { QstrPools } from '../heap/qstr-pools';
import { HeapDecoder } from '../heap/heap-decoder';
import type { DecodedObject, RawRef } from '../heap/decoded-object';
import { BYTES_PER_BLOCK, type GcArea } from '../heap/gc-area';
import { classifyWord, hex } from '../heap/words';
import { conservativeMark, type MarkRoots } from './conservative-mark';
import type { HeapObject, HeapSnapshot, SlotValue } from './heap-snapshot';

export interface InspectOptions {
  /** Board name written into the snapshot ('browser-wasm', 'virtual-pico', …). */
  board?: string;
  /**
   * The calls under way (the stepper knows them; a heap alone does not): their locals are roots
   * like the globals, so what only a running function holds counts as live, not garbage.
   */
  frames?: readonly FrameWords[];
}

/** One call's locals as object words (`id(name)` on the board). */
export interface FrameWords {
  label: string;
  locals: readonly { name: string; word: number }[];
}

const MAX_STATIC_NODES = 4096;
/** The Pico's C stacks sit in the 8 KB of SRAM above the pool; scanned up to this far past the last pool. */
const STACK_SCAN_BEYOND_HEAP = 64 * 1024;

/**
 * The one entry point: raw memory + probe facts → heap snapshot. Never throws;
 * whatever could not be decoded is described in `warnings`.
 */
export function inspectHeap(image: MemoryImage, probe: ProbeFacts, opts: InspectOptions = {}): HeapSnapshot {
  const snapshot: HeapSnapshot = {
    board: opts.board ?? 'unknown',
    micropython: { version: probe.implementation.version },
    heap: {
      poolStart: '0x0',
      poolEnd: '0x0',
      totalBytes: 0,
      usedBytes: 0,
      freeBytes: 0,
      largestFreeBytes: 0,
      fragmentation: 0,
      freeRuns: 0,
      bytesByRole: { live: 0, garbage: 0, compiler: 0, firmware: 0 },
      areas: [],
    },
    globals: [],
    objects: [],
    warnings: [],
  };
  try {
    build(image, probe, snapshot, opts.frames ?? []);
  } catch (e) {
    snapshot.warnings.push(`heap decoding stopped early: ${(e as Error).message}`);
  }
  return snapshot;
}

function build(image: MemoryImage, probe: ProbeFacts, out: HeapSnapshot, frames: readonly FrameWords[]): void {
  const mem = image;
  const located = locateGcHeap(image, probe.globals);
  out.warnings.push(...located.warnings);
  if ('error' in located) {
    out.warnings.push(located.error);
    return;
  }
  const { areas } = located;
  const table = readAllocationTable(mem, areas);
  out.warnings.push(...table.warnings);
  const s = table.stats;
  out.heap = {
    poolStart: hex(areas[0].poolStart),
    poolEnd: hex(areas[0].poolEnd),
    totalBytes: s.totalBytes,
    usedBytes: s.usedBytes,
    freeBytes: s.freeBytes,
    largestFreeBytes: s.largestFreeBytes,
    fragmentation: Math.round(s.fragmentation * 10000) / 10000,
    freeRuns: s.freeRuns,
    bytesByRole: { live: 0, garbage: 0, compiler: 0, firmware: 0 },
    areas: areas.map((a, i) => ({
      poolStart: hex(a.poolStart),
      poolEnd: hex(a.poolEnd),
      blocks: a.blocks,
      blockMap: table.blockMaps[i],
    })),
  };
  if (located.beyondImage) out.heap.truncated = true;

  const qstrs = QstrPools.locate(mem, probe.globals);
  if (!qstrs) out.warnings.push('qstr pools not found: interned names shown as <qstr N>');
  const dec = new HeapDecoder(
    mem,
    probe.types,
    areas,
    table.allocations,
    qstrs,
    probe.floatBits,
    floatFormatOf(probe.implementation.version),
  );
  const allocIndex = new Map<number, number>(table.allocations.map((a, i) => [a.address, i]));

  // Globals: __main__'s dict lives in mp_state_ctx (not on the heap); its table does.
  const globalsRefs: RawRef[] = [];
  const globalsParts: number[] = [];
  try {
    dec.readMap(probe.globals + 4, (k) => dec.keyText(k) ?? dec.inlineRepr(k), globalsRefs, globalsParts, false);
  } catch (e) {
    out.warnings.push(`__main__ globals unreadable at ${hex(probe.globals)}: ${(e as Error).message}`);
  }
  out.globals = globalsRefs
    .map((r) => ({ name: r.label, value: slot(dec, r.word) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  // Phase A: walk typed references from the globals. What is found this way is
  // trusted, including the buffers those objects own.
  const nodes = new Map<number, DecodedObject>();
  const partOf = new Map<number, number>();
  const reachable = new Set<number>();
  // The learner's names are the roots; the lab's own (lab-names.ts) are not.
  const queue: { word: number; label: string }[] = globalsRefs
    .filter((r) => !isLabName(r.label))
    .map((r) => ({ word: r.word, label: r.label }));
  if (frames.length > 0) {
    out.frames = frames.map((f) => ({
      label: f.label,
      locals: f.locals.map((l) => ({ name: l.name, value: slot(dec, l.word >>> 0) })),
    }));
    for (const f of frames)
      for (const l of f.locals) if (!isLabName(l.name)) queue.push({ word: l.word >>> 0, label: l.name });
  }
  let statics = 0;
  while (queue.length) {
    const { word, label } = queue.pop()!;
    const c = classifyWord(word);
    if (c.kind !== 'ptr' || reachable.has(c.address)) continue;
    const a = c.address;
    const onHeap = dec.inPool(a);
    if (onHeap && !allocIndex.has(a)) {
      out.warnings.push(`reference ${label} → ${hex(a)} points inside the heap but not at an allocation`);
      continue;
    }
    if (!onHeap && statics++ > MAX_STATIC_NODES) continue;
    const node = label === 'cell' ? dec.decodeCell(a) : dec.decode(a);
    if (!node) {
      if (onHeap) out.warnings.push(`reference ${label} → ${hex(a)} is not an object (no type pointer)`);
      continue;
    }
    reachable.add(a);
    nodes.set(a, node);
    for (const p of node.parts) if (!partOf.has(p)) partOf.set(p, a);
    for (const r of node.refs) queue.push(r);
  }

  // Phase B: everything else on the heap. Buffers can look like objects (a
  // list of types starts with a type pointer), so an allocation claimed as a
  // part by a trusted object, or by any object not itself claimed, is a part.
  const rest = new Map<number, DecodedObject | undefined>();
  for (const al of table.allocations) {
    if (nodes.has(al.address) || partOf.has(al.address)) continue;
    rest.set(al.address, dec.decode(al.address));
  }
  for (let round = 0; round < 3; round++) {
    const claimed = new Set<number>();
    for (const n of rest.values()) if (n) for (const p of n.parts) if (!nodes.has(p)) claimed.add(p);
    let changed = false;
    for (const a of claimed) {
      if (rest.get(a) !== undefined) {
        rest.set(a, undefined);
        changed = true;
      }
    }
    if (!changed) break;
  }
  for (const [a, n] of rest) {
    if (!n) continue;
    nodes.set(a, n);
    for (const p of n.parts) if (!partOf.has(p) && !nodes.has(p)) partOf.set(p, a);
  }

  // Buffers held by objects the decoder only types: theirs unless owned already.
  for (const [a, n] of nodes) for (const p of n.weakParts ?? []) if (!partOf.has(p) && !nodes.has(p)) partOf.set(p, a);

  // What the firmware itself keeps alive (what a gc.collect() would not free).
  const kept = conservativeMark(mem, areas, table.allocations, markRoots(image, areas, probe.globals, qstrs), (i) => {
    const t = mem.u32(table.allocations[i].address);
    return t === undefined || !dec.isTypeObject(t);
  });
  const isKept = (a: number) => {
    const i = allocIndex.get(a);
    return i !== undefined && kept[i] === 1;
  };
  for (const p of globalsParts) if (!partOf.has(p)) partOf.set(p, probe.globals);

  const objects: [number, HeapObject][] = [];
  const partsByOwner = new Map<number, number[]>();
  for (const [p, owner] of partOf) {
    const list = partsByOwner.get(owner) ?? [];
    list.push(p);
    partsByOwner.set(owner, list);
  }
  const allocAt = (a: number): Allocation | undefined => {
    const i = allocIndex.get(a);
    return i === undefined ? undefined : table.allocations[i];
  };
  for (const al of table.allocations) {
    if (partOf.has(al.address)) continue;
    const n = nodes.get(al.address);
    const parts = partsByOwner.get(al.address);
    let blocks = al.blocks;
    if (parts) {
      parts.sort((x, y) => x - y);
      for (const p of parts) blocks += allocAt(p)?.blocks ?? 0;
    }
    const isReachable = reachable.has(al.address);
    const isInternal = !isReachable && isKept(al.address);
    const kind = n ? n.kind : 'raw';
    const type = n ? n.type : 'raw';
    const role = isReachable
      ? 'live'
      : isInternal
        ? 'firmware'
        : leftByCompiler(kind, n?.value)
          ? 'compiler'
          : 'garbage';
    out.heap.bytesByRole[role] += blocks * BYTES_PER_BLOCK;
    const o: HeapObject = {
      address: hex(al.address),
      type,
      blocks,
      bytes: blocks * BYTES_PER_BLOCK,
      value: n ? n.value : `${al.bytes} bytes`,
      refs: n ? n.refs.map((r) => ({ label: r.label, target: slot(dec, r.word) })) : [],
      reachable: isReachable,
      internal: isInternal,
      kind,
      role,
      heap: true,
    };
    if (n?.length !== undefined) o.length = n.length;
    if (parts) o.parts = parts.map(hex);
    if (n?.rawWords) o.rawWords = n.rawWords;
    objects.push([al.address, o]);
  }
  // Objects outside the heap; heap buffers they own (sys.path's item array) are drawn as theirs.
  const staticObject = (a: number, fields: Pick<HeapObject, 'type' | 'kind' | 'value' | 'refs'>): HeapObject => {
    const parts = (partsByOwner.get(a) ?? []).sort((x, y) => x - y);
    const blocks = parts.reduce((sum, p) => sum + (allocAt(p)?.blocks ?? 0), 0);
    const isReachable = reachable.has(a) || a === probe.globals;
    out.heap.bytesByRole[isReachable ? 'live' : 'firmware'] += blocks * BYTES_PER_BLOCK;
    return {
      address: hex(a),
      ...fields,
      blocks,
      bytes: blocks * BYTES_PER_BLOCK,
      reachable: isReachable,
      internal: false,
      role: 'static',
      heap: false,
      ...(parts.length ? { parts: parts.map(hex) } : {}),
    };
  };
  for (const [a, n] of nodes) {
    if (dec.inPool(a)) continue;
    const refs = n.refs.map((r) => ({ label: r.label, target: slot(dec, r.word) }));
    const o = staticObject(a, { type: n.type, kind: n.kind, value: n.value, refs });
    if (n.length !== undefined) o.length = n.length;
    objects.push([a, o]);
  }
  // __main__'s globals dict lives in static data, its table on the heap: listed so that every heap
  // allocation belongs to an object of the snapshot.
  if (!nodes.has(probe.globals)) {
    const o = staticObject(probe.globals, { type: 'dict', kind: 'dict', value: '__main__ globals', refs: [] });
    o.length = out.globals.length;
    objects.push([probe.globals, o]);
  }
  objects.sort((x, y) => x[0] - y[0]);
  out.objects = objects.map((e) => e[1]);
  out.warnings.push(...dec.warnings);
}

/**
 * Unreachable allocations that compiling and running a program leaves behind, rather than the
 * program's own objects: each run's `<module>` function, and untyped blocks (bytecode, constant
 * tables, parser and lexer buffers). A learner's garbage is typed: a list's item array is its part.
 */
function leftByCompiler(kind: string, value: string | undefined): boolean {
  return kind === 'raw' || (kind === 'function' && value === '<module>()');
}

/**
 * Where the collector's roots are. mp_state_ctx is {thread, vm, mem}: the root
 * pointers run from thread.dict_locals (a few words before vm.last_pool) to
 * vm.qstr_last_chunk, shortly before the GC area struct in `mem`. Ending at the
 * area struct adds only non-pointer counters. Other static data is not a root
 * (stale pointers there must not keep garbage "alive").
 */
function markRoots(
  image: MemoryImage,
  areas: readonly GcArea[],
  dictMain: number,
  qstrs: QstrPools | undefined,
): MarkRoots {
  const vmStart = qstrs?.lastPoolField ?? dictMain - 64;
  const start = vmStart - 40; // thread.dict_locals … stop_iteration_arg, and a few non-pointer fields before
  const ends = areas.map((a) => a.atbFieldAddress).filter((x) => x > dictMain && x - dictMain < 4096);
  const end = ends.length ? Math.min(...ends) : dictMain + 512;
  const hi = Math.max(...areas.map((a) => a.poolEnd));
  const stack = image.regions
    .filter((r) => r.base <= hi && hi < r.base + r.bytes.length)
    .map((r) => ({ start: hi, end: Math.min(r.base + r.bytes.length, hi + STACK_SCAN_BEYOND_HEAP) }));
  return { state: [{ start, end }], stack };
}

function slot(dec: HeapDecoder, w: number): SlotValue {
  // Pointer: low two bits clear and not NULL (see words.ts); checked inline, this runs per reference.
  return (w & 3) === 0 && w !== 0 ? { ref: '0x' + (w >>> 0).toString(16) } : { inline: dec.inlineRepr(w) };
}
