/** The heap snapshot the CLI writes (--heap-json) and the UI draws. */
import type { ObjectKind } from '../heap/decoded-object';

export type { ObjectKind };

/**
 * Whose an allocation is, for the views and the statistics:
 * - live: reachable from `__main__`'s globals (the learner's objects, and modules they imported)
 * - garbage: unreachable, typed; the next `gc.collect()` frees it (the learner's own leftovers)
 * - compiler: unreachable code and buffers that compiling and running each program leaves (the
 *   `<module>` function, bytecode, untyped blocks); also freed by the next collection
 * - firmware: kept alive by the firmware itself (qstr pools, the filesystem, REPL state)
 * - static: outside the heap (flash / static data), referred to by a heap object or a global;
 *   heap buffers it owns (`parts`, e.g. `__main__`'s globals table) count as live bytes
 */
export type ObjectRole = 'live' | 'garbage' | 'compiler' | 'firmware' | 'static';

/** A slot's content: a reference to an object by address, or an inline value's repr. */
export type SlotValue = { ref: string } | { inline: string };

/**
 * A slot's content as one string: two slots hold the same object, or the same inline value,
 * exactly when their keys are equal (what Python's `is` compares).
 */
export function slotKey(slot: SlotValue): string {
  return 'ref' in slot ? `ref:${slot.ref}` : `inline:${slot.inline}`;
}

export interface HeapRef {
  /**
   * `[0]`, `['key']`, `.attr`, `cell`, `self`, `contents`, `__func__`, `fun`, `{}`, `key`; `subobj` (an
   * instance's built-in part, e.g. the exception inside an Exception subclass); `@8` (an object pointer at
   * byte offset 8 of an object the decoder does not take apart: enumerate, map, generator, exception…).
   */
  label: string;
  target: SlotValue;
}

export interface HeapObject {
  /** Lower-case hex with 0x: equal to hex(id(obj)) on the board. */
  address: string;
  /** type(obj).__name__ ('raw' for an untyped buffer). */
  type: string;
  /** 16-byte blocks: the object's own allocation plus the buffers it owns (see `parts`). */
  blocks: number;
  bytes: number;
  /** Short value text: the value of a string or number, "len N" for containers. */
  value: string;
  refs: HeapRef[];
  /** Reachable from __main__'s globals through the object graph. */
  reachable: boolean;
  /** Not reachable from globals but kept alive by the firmware (qstr pools, compiled code, REPL state…). */
  internal: boolean;
  /** Decoder's category (list, dict, instance, class, function, opaque, raw, …). */
  kind: ObjectKind;
  /** Whose it is (see ObjectRole); follows from heap, reachable, internal, kind and type. */
  role: ObjectRole;
  /** Element count of containers, attribute count of instances. */
  length?: number;
  /**
   * Owned buffers (item arrays, map tables, string data) by address: drawn as part of this object in the
   * memory map.
   */
  parts?: string[];
  /**
   * False for objects outside the GC heap (in flash / static data) that a heap object or global refers to,
   * and for `__main__`'s globals dict; their `blocks` count only the heap buffers they own (`parts`).
   */
  heap: boolean;
  /** First raw words of an object the decoder does not understand. */
  rawWords?: string[];
}

export interface HeapStatsJson {
  poolStart: string;
  poolEnd: string;
  totalBytes: number;
  usedBytes: number;
  freeBytes: number;
  largestFreeBytes: number;
  fragmentation: number;
  freeRuns: number;
  /** Bytes of the heap's allocations by role; they add up to usedBytes. */
  bytesByRole: Record<Exclude<ObjectRole, 'static'>, number>;
  /** The memory image ended before the heap did (a partial copy): objects and statistics are incomplete. */
  truncated?: true;
  /** Every GC area (more than one on a split heap), with its per-block map ('h' head, '=' tail, '.' free). */
  areas: { poolStart: string; poolEnd: string; blocks: number; blockMap: string }[];
}

export interface HeapSnapshot {
  board: string;
  micropython: { version: string };
  heap: HeapStatsJson;
  globals: { name: string; value: SlotValue }[];
  /** The calls under way, outermost first, with their locals (present while stepping into functions). */
  frames?: { label: string; locals: { name: string; value: SlotValue }[] }[];
  objects: HeapObject[];
  /** What the decoder could not make sense of (empty for a healthy heap). */
  warnings: string[];
}
