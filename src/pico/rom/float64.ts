/**
 * Double-precision arithmetic with the RP2040 ROM's conventions, on register pairs (lo, hi).
 *
 * JavaScript numbers are IEEE doubles, so + − × ÷ √ are already correctly rounded; this module adds the
 * ROM's flush-to-zero of denormal inputs and results, NaN propagation, and the bit plumbing.
 */

const scratch = new DataView(new ArrayBuffer(8));

export const F64_QNAN_HI = 0x7ff80000;
const MIN_NORMAL = 2 ** -1022;

export function isNaN64(lo: number, hi: number): boolean {
  const h = (hi & 0x7fffffff) >>> 0;
  return h > 0x7ff00000 || (h === 0x7ff00000 && lo >>> 0 !== 0);
}

/** (lo, hi) → number, flushing denormals to a signed zero. */
export function f64In(lo: number, hi: number): number {
  if ((hi & 0x7ff00000) === 0) return hi & 0x80000000 ? -0 : 0;
  scratch.setUint32(0, hi >>> 0);
  scratch.setUint32(4, lo >>> 0);
  return scratch.getFloat64(0);
}

/** number → [lo, hi], flushing denormal results to a signed zero. */
export function f64Out(value: number): [lo: number, hi: number] {
  if (value !== value) return [0, F64_QNAN_HI];
  if (value !== 0 && Math.abs(value) < MIN_NORMAL) value = value < 0 ? -0 : 0;
  scratch.setFloat64(0, value);
  return [scratch.getUint32(4), scratch.getUint32(0)];
}

type Pair = [lo: number, hi: number];

function nanOf(a: Pair, b?: Pair): Pair | undefined {
  if (isNaN64(a[0], a[1])) return [a[0] >>> 0, (a[1] | 0x00080000) >>> 0];
  if (b && isNaN64(b[0], b[1])) return [b[0] >>> 0, (b[1] | 0x00080000) >>> 0];
  return undefined;
}

function binary(a: Pair, b: Pair, op: (x: number, y: number) => number): Pair {
  return nanOf(a, b) ?? f64Out(op(f64In(a[0], a[1]), f64In(b[0], b[1])));
}

export const dadd = (a: Pair, b: Pair): Pair => binary(a, b, (x, y) => x + y);
export const dsub = (a: Pair, b: Pair): Pair => binary(a, b, (x, y) => x - y);
export const dmul = (a: Pair, b: Pair): Pair => binary(a, b, (x, y) => x * y);
export const ddiv = (a: Pair, b: Pair): Pair => binary(a, b, (x, y) => x / y);
export const datan2 = (y: Pair, x: Pair): Pair => binary(y, x, Math.atan2);

export function dunary(a: Pair, fn: (x: number) => number): Pair {
  return nanOf(a) ?? f64Out(fn(f64In(a[0], a[1])));
}

/** Square root; the ROM returns −∞ for a negative argument. */
export function dsqrt(a: Pair): Pair {
  return dunary(a, (x) => (x < 0 ? -Infinity : Math.sqrt(x)));
}

/** Natural log; the ROM returns −∞ for x ≤ 0. */
export function dln(a: Pair): Pair {
  return dunary(a, (x) => (x <= 0 ? -Infinity : Math.log(x)));
}

/** Three-way compare −1/0/1 (denormals equal zero; NaNs ordered by sign-magnitude bits, see fcmp). */
export function dcmp(a: Pair, b: Pair): number {
  if (isNaN64(a[0], a[1]) || isNaN64(b[0], b[1])) {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  }
  const x = f64In(a[0], a[1]);
  const y = f64In(b[0], b[1]);
  return x < y ? -1 : x > y ? 1 : 0;
}

function key(p: Pair): bigint {
  const mag = (BigInt(p[1] & 0x7fffffff) << 32n) | BigInt(p[0] >>> 0);
  return p[1] & 0x80000000 ? -mag : mag;
}

/** double → float: one rounding to nearest-even, overflow to ±∞, tiny results flush to ±0. */
export function d2fBits(a: Pair): number {
  const [lo, hi] = a;
  if (isNaN64(lo, hi)) {
    return ((hi & 0x80000000) | 0x7fc00000 | ((hi & 0x000fffff) << 3) | (lo >>> 29)) >>> 0;
  }
  scratch.setFloat32(0, f64In(lo, hi));
  const bits = scratch.getUint32(0);
  if ((bits & 0x7f800000) === 0) return (bits & 0x80000000) >>> 0;
  return bits;
}
