/**
 * Conversions between floating point and (fixed-point) integers, with the ROM's rules:
 * float → integer rounds toward −∞ and saturates (NaN saturates by its sign bit);
 * integer → float rounds to nearest, ties to even, exactly once.
 */

/** x · 2^n without intermediate overflow surprises for large |n| (powers of two scale exactly). */
export function ldexp(x: number, n: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  n = Math.max(-2200, Math.min(2200, Math.trunc(n)));
  while (n > 1000) {
    x *= 2 ** 1000;
    n -= 1000;
  }
  while (n < -1000) {
    x *= 2 ** -1000;
    n += 1000;
  }
  return x * 2 ** n;
}

/**
 * floor(x · 2^n) as a double (exact: a floored double is an integer the double can hold), ±∞ when it
 * overflows. A nonzero x that scales below the double range still floors correctly (0 or −1).
 */
export function floorScaled(x: number, n: number): number {
  if (x === 0) return 0;
  const y = ldexp(x, n);
  if (y === 0) return x < 0 ? -1 : 0;
  return Math.floor(y);
}

const TWO_31 = 2 ** 31;
const TWO_32 = 2 ** 32;
const TWO_63 = 2 ** 63;
const TWO_64 = 2 ** 64;

/** NaN saturates toward the end its sign bit points at. */
function nanAsInfinity(x: number, negative: boolean): number {
  return x !== x ? (negative ? -Infinity : Infinity) : x;
}

/** Saturating floor(x · 2^n) → int32 bits. `negative` is the sign bit of the input (for NaN). */
export function toInt32(x: number, n: number, negative: boolean): number {
  const v = floorScaled(nanAsInfinity(x, negative), n);
  if (v >= TWO_31) return 0x7fffffff;
  if (v < -TWO_31) return 0x80000000;
  return v >>> 0;
}

export function toUint32(x: number, n: number, negative: boolean): number {
  const v = floorScaled(nanAsInfinity(x, negative), n);
  if (v >= TWO_32) return 0xffffffff;
  if (v < 0) return 0;
  return v >>> 0;
}

export function toInt64(x: number, n: number, negative: boolean): [lo: number, hi: number] {
  const v = floorScaled(nanAsInfinity(x, negative), n);
  if (v >= TWO_63) return [0xffffffff, 0x7fffffff];
  if (v < -TWO_63) return [0, 0x80000000];
  return splitBig(BigInt(v));
}

export function toUint64(x: number, n: number, negative: boolean): [lo: number, hi: number] {
  const v = floorScaled(nanAsInfinity(x, negative), n);
  if (v >= TWO_64) return [0xffffffff, 0xffffffff];
  if (v < 0) return [0, 0];
  return splitBig(BigInt(v));
}

export function splitBig(v: bigint): [lo: number, hi: number] {
  const u = BigInt.asUintN(64, v);
  return [Number(u & 0xffffffffn), Number(u >> 32n)];
}

export function joinSigned(lo: number, hi: number): bigint {
  return BigInt.asIntN(64, (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0));
}

export function joinUnsigned(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

/**
 * v / 2^n as a double that a single later rounding (Math.fround for float, none for double) turns into
 * the correctly rounded result. Up to 53 significant bits the double is exact. Beyond that, for a float
 * target the bits below the 53rd collapse into a sticky bit (far below float's rounding position, so
 * ties and near-ties still round right); for a double target Number(bigint) rounds to nearest-even.
 */
export function scaledBigToNumber(v: bigint, n: number, target: 'f32' | 'f64'): number {
  if (v === 0n) return 0;
  const negative = v < 0n;
  let mag = negative ? -v : v;
  const bits = mag.toString(2).length;
  let shift = 0;
  if (bits > 53 && target === 'f32') {
    shift = bits - 53;
    const sticky = (mag & ((1n << BigInt(shift)) - 1n)) !== 0n ? 1n : 0n;
    mag = (mag >> BigInt(shift)) | sticky;
  }
  const x = ldexp(Number(mag), shift - n);
  return negative ? -x : x;
}
