/** The ROM's bit-manipulation helpers (P3 R3 L3 T3), on uint32 values. */

export function popcount32(v: number): number {
  v = v >>> 0;
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

export function reverse32(v: number): number {
  v = v >>> 0;
  v = ((v >>> 1) & 0x55555555) | ((v & 0x55555555) << 1);
  v = ((v >>> 2) & 0x33333333) | ((v & 0x33333333) << 2);
  v = ((v >>> 4) & 0x0f0f0f0f) | ((v & 0x0f0f0f0f) << 4);
  v = ((v >>> 8) & 0x00ff00ff) | ((v & 0x00ff00ff) << 8);
  return ((v >>> 16) | (v << 16)) >>> 0;
}

/** Leading zeros; 32 for zero. */
export function clz32(v: number): number {
  return Math.clz32(v >>> 0);
}

/** Trailing zeros; 32 for zero. */
export function ctz32(v: number): number {
  v = v >>> 0;
  if (v === 0) return 32;
  return 31 - Math.clz32((v & -v) >>> 0);
}
