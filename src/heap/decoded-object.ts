/** A reference out of an object: a label and the word stored in the slot. */
export interface RawRef {
  label: string;
  word: number;
}

export type ObjectKind =
  | 'list'
  | 'tuple'
  | 'dict'
  | 'set'
  | 'frozenset'
  | 'str'
  | 'bytes'
  | 'bytearray'
  | 'float'
  | 'int'
  | 'instance'
  | 'class'
  | 'function'
  | 'closure'
  | 'bound_method'
  | 'cell'
  | 'module'
  | 'opaque'
  | 'raw';

export interface DecodedObject {
  address: number;
  /** What type(x).__name__ says on the board ('raw' for untyped buffers). */
  type: string;
  kind: ObjectKind;
  /** Short text: a value for strings and numbers, "len N" for containers. */
  value: string;
  /** Element count for containers, attribute count for instances. */
  length?: number;
  refs: RawRef[];
  /** Buffers this object owns (item arrays, map tables, string data), by address. */
  parts: number[];
  /**
   * Untyped heap buffers an opaque object points at (an array's items, an
   * exception's traceback): counted as its parts unless a decoded object owns
   * them (a memoryview points into its bytearray's buffer).
   */
  weakParts?: number[];
  /** First words of an object the decoder does not understand. */
  rawWords?: string[];
}
