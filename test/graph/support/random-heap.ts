// Random heap snapshots for the graph layout's tests and bench: lists, tuples, dicts, instances,
// strings, numbers, code objects; cycles, self references, aliasing, inline values, refs to
// addresses outside the snapshot, garbage and internal allocations. Seeded: the same seed gives the
// same snapshot.
import type { HeapObject, HeapRef, HeapSnapshot, ObjectKind, ObjectRole } from '../../../src/model/heap-snapshot';

/** mulberry32: small, fast, good enough to pick shapes. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INLINE = ['1', '42', '-7', 'None', 'True', 'False', "'a'", "'key'", '3'];
const KINDS: [ObjectKind, string, number][] = [
  // kind, type, weight
  ['list', 'list', 5],
  ['tuple', 'tuple', 2],
  ['dict', 'dict', 3],
  ['instance', 'Node', 3],
  ['str', 'str', 4],
  ['float', 'float', 2],
  ['int', 'int', 1],
  ['bytes', 'bytes', 1],
  ['function', 'function', 1],
  ['class', 'type', 1],
  ['module', 'module', 1],
  ['opaque', 'range', 1],
];
const CONTAINERS = new Set<ObjectKind>(['list', 'tuple', 'dict', 'instance', 'opaque']);

export interface RandomHeapOptions {
  /** Share of objects with role 'garbage' (default 0.1). */
  garbage?: number;
  /** Share of objects with role 'firmware' or 'compiler' (default 0.08). */
  internal?: number;
  /** Containers whose slot count exceeds this now and then (default 16: past the default collapse). */
  maxSlots?: number;
}

export const ADDRESS_BASE = 0x20004000;
export const UNKNOWN_ADDRESS = '0x10001230';

export function addressOf(index: number): string {
  return '0x' + (ADDRESS_BASE + index * 32).toString(16);
}

export function randomSnapshot(seed: number, count: number, opts: RandomHeapOptions = {}): HeapSnapshot {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const total = KINDS.reduce((s, k) => s + k[2], 0);
  const garbage = opts.garbage ?? 0.1;
  const internal = opts.internal ?? 0.08;
  const maxSlots = opts.maxSlots ?? 16;
  const objects: HeapObject[] = [];
  for (let i = 0; i < count; i++) {
    let w = r() * total;
    let k = KINDS[KINDS.length - 1];
    for (const c of KINDS) {
      w -= c[2];
      if (w < 0) {
        k = c;
        break;
      }
    }
    const roll = r();
    const role: ObjectRole =
      roll < garbage
        ? 'garbage'
        : roll < garbage + internal / 2
          ? 'firmware'
          : roll < garbage + internal
            ? 'compiler'
            : 'live';
    objects.push(makeObject(i, k[0], k[1], role, r));
  }
  // Every live object hangs off an earlier live container or a global (so the variables reach it),
  // usually a recent one (heaps are tree-like); extra refs add aliasing, cycles and self references.
  // Garbage and internal objects refer to anything but only garbage refers to garbage.
  const globals: HeapSnapshot['globals'] = [{ name: '__name__', value: { inline: "'__main__'" } }];
  const containers: number[] = [];
  const garbageContainers: number[] = [];
  const addRef = (from: HeapObject, target: HeapRef['target']) =>
    from.refs.push({ label: labelFor(from.kind, from.refs.length), target });
  for (let i = 0; i < count; i++) {
    const o = objects[i];
    const pool = o.role === 'live' ? containers : o.role === 'garbage' ? garbageContainers : [];
    const recent = pool.slice(-4);
    if (pool.length && (globals.length > 12 || r() < 0.95)) {
      const parent = objects[r() < 0.7 ? pick(recent) : pick(pool)];
      addRef(parent, { ref: o.address });
    } else if (o.role === 'live') {
      globals.push({ name: `v${globals.length}`, value: { ref: o.address } });
    }
    if (CONTAINERS.has(o.kind))
      (o.role === 'live' ? containers : o.role === 'garbage' ? garbageContainers : []).push(i);
  }
  for (const o of objects) {
    if (!CONTAINERS.has(o.kind)) continue;
    const extra = r() < 0.05 ? 8 + Math.floor(r() * maxSlots) : Math.floor(r() * 3);
    for (let s = 0; s < extra; s++) {
      const roll = r();
      const other = objects[Math.floor(r() * count)];
      if (roll < 0.45) addRef(o, { inline: pick(INLINE) });
      else if (roll < 0.5) addRef(o, { ref: UNKNOWN_ADDRESS });
      else if (roll < 0.55) addRef(o, { ref: o.address });
      else if (o.role !== 'live' || other.role === 'live') addRef(o, { ref: other.address });
    }
    o.length = o.refs.length;
    if (o.kind !== 'instance' && o.kind !== 'opaque') o.value = `len ${o.refs.length}`;
    else if (o.kind === 'instance') o.value = `${o.refs.length} attrs`;
  }
  for (let g = 0; g < 2; g++) {
    const value = g === 0 ? { inline: pick(INLINE) } : { ref: addressOf(Math.floor(r() * count)) };
    if (objects.length || g === 0) globals.push({ name: `w${g}`, value });
  }
  globals.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return snapshotOf(globals, objects);
}

export function snapshotOf(globals: HeapSnapshot['globals'], objects: HeapObject[]): HeapSnapshot {
  return {
    board: 'test',
    micropython: { version: '1.27.0' },
    heap: {
      poolStart: addressOf(0),
      poolEnd: addressOf(100000),
      totalBytes: 0,
      usedBytes: 0,
      freeBytes: 0,
      largestFreeBytes: 0,
      fragmentation: 0,
      freeRuns: 0,
      bytesByRole: { live: 0, garbage: 0, compiler: 0, firmware: 0 },
      areas: [],
    },
    globals,
    objects,
    warnings: [],
  };
}

function labelFor(kind: ObjectKind, slot: number): string {
  if (kind === 'dict') return `['k${slot}']`;
  if (kind === 'instance') return `.a${slot}`;
  if (kind === 'opaque') return `@${4 + 4 * slot}`;
  return `[${slot}]`;
}

export function makeObject(
  index: number,
  kind: ObjectKind,
  type: string,
  role: ObjectRole,
  r = rng(index),
): HeapObject {
  const blocks = 1 + Math.floor(r() * 3);
  const value =
    kind === 'str'
      ? `'${'s'.repeat(1 + Math.floor(r() * (r() < 0.1 ? 60 : 12)))}'`
      : kind === 'float'
        ? String(r() * 100)
        : kind === 'int'
          ? String(2 ** 80 + index)
          : kind === 'bytes'
            ? `b'${index}'`
            : kind === 'function'
              ? role === 'compiler'
                ? '<module>()'
                : `f${index}()`
              : kind === 'class'
                ? `class C${index}`
                : kind === 'module'
                  ? `module m${index}`
                  : kind === 'instance'
                    ? '0 attrs'
                    : kind === 'opaque'
                      ? ''
                      : 'len 0';
  return {
    address: addressOf(index),
    type,
    blocks,
    bytes: blocks * 16,
    value,
    refs: [],
    reachable: role === 'live',
    internal: role === 'firmware',
    kind,
    role,
    heap: true,
  };
}

/**
 * The snapshot after one more statement: a new list (index `count`) holding an inline value and a
 * ref to an existing object, bound to a new global.
 */
export function withOneMore(snapshot: HeapSnapshot, name = 'zz_new'): HeapSnapshot {
  const index = snapshot.objects.length + 1000;
  const o = makeObject(index, 'list', 'list', 'live');
  const existing = snapshot.objects.find((x) => x.role === 'live');
  o.refs.push({ label: '[0]', target: { inline: '1' } });
  if (existing) o.refs.push({ label: '[1]', target: { ref: existing.address } });
  o.length = o.refs.length;
  o.value = `len ${o.refs.length}`;
  return snapshotOf([...snapshot.globals, { name, value: { ref: o.address } }], [...snapshot.objects, o]);
}
