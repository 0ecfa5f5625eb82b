/**
 * Single-precision arithmetic with the RP2040 ROM's conventions, on raw IEEE-754 bit patterns.
 *
 * Values travel in core registers as 32-bit patterns, so every helper takes and returns uint32 bits.
 * Rounding is IEEE round-to-nearest-even: for + − × ÷ √ the exact double-precision result rounded once
 * with Math.fround is correctly rounded (double has more than 2·24+2 bits). Like the genuine ROM,
 * denormal inputs are read as zero and results below 2^-126 flush to a zero of the same sign.
 */

const scratch = new DataView(new ArrayBuffer(8));

export const F32_QNAN = 0x7fc00000;

export function isNaN32(bits: number): boolean {
  return (bits & 0x7fffffff) >>> 0 > 0x7f800000;
}

/** Bits → number, flushing denormals to a signed zero. */
export function f32In(bits: number): number {
  if ((bits & 0x7f800000) === 0) return bits & 0x80000000 ? -0 : 0;
  scratch.setUint32(0, bits >>> 0);
  return scratch.getFloat32(0);
}

/** Number (already a float32 value or any double) → bits, rounding once and flushing denormal results. */
export function f32Out(value: number): number {
  if (value !== value) return F32_QNAN;
  scratch.setFloat32(0, value);
  const bits = scratch.getUint32(0);
  if ((bits & 0x7f800000) === 0) return (bits & 0x80000000) >>> 0;
  return bits;
}

/** A NaN operand is returned quieted (first operand first), as ARM and libgcc do. */
function nanOf(a: number, b?: number): number | undefined {
  if (isNaN32(a)) return (a | 0x00400000) >>> 0;
  if (b !== undefined && isNaN32(b)) return (b | 0x00400000) >>> 0;
  return undefined;
}

export function fadd(a: number, b: number): number {
  return nanOf(a, b) ?? f32Out(f32In(a) + f32In(b));
}
export function fsub(a: number, b: number): number {
  return nanOf(a, b) ?? f32Out(f32In(a) - f32In(b));
}
export function fmul(a: number, b: number): number {
  return nanOf(a, b) ?? f32Out(f32In(a) * f32In(b));
}
export function fdiv(a: number, b: number): number {
  return nanOf(a, b) ?? f32Out(f32In(a) / f32In(b));
}

/** The ROM returns −∞ for the square root of a negative number (the SDK wrapper turns it into NaN). */
export function fsqrt(a: number): number {
  const n = nanOf(a);
  if (n !== undefined) return n;
  const x = f32In(a);
  if (x < 0) return 0xff800000;
  return f32Out(Math.sqrt(x));
}

/**
 * Three-way compare, −1 / 0 / 1. Denormals compare equal to zero and −0 == +0. NaNs are not ordered in
 * IEEE; the ROM gives them no defined answer (the SDK filters them first), so they compare by their
 * sign-magnitude bits, i.e. +NaN above +∞ and −NaN below −∞.
 */
export function fcmp(a: number, b: number): number {
  if (isNaN32(a) || isNaN32(b)) {
    const ka = signMagnitudeKey(a);
    const kb = signMagnitudeKey(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  }
  const x = f32In(a);
  const y = f32In(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function signMagnitudeKey(bits: number): number {
  const mag = bits & 0x7fffffff;
  return bits & 0x80000000 ? -mag : mag;
}

/** Math library entries: computed in double precision, then rounded once to single. */
export function funary(a: number, fn: (x: number) => number): number {
  return nanOf(a) ?? f32Out(fn(f32In(a)));
}

/** Natural log; the ROM returns −∞ for x ≤ 0. */
export function fln(a: number): number {
  const n = nanOf(a);
  if (n !== undefined) return n;
  const x = f32In(a);
  return x <= 0 ? 0xff800000 : f32Out(Math.log(x));
}

export function fatan2(y: number, x: number): number {
  return nanOf(y, x) ?? f32Out(Math.atan2(f32In(y), f32In(x)));
}

/** float → double: exact widening (denormal floats read as zero); NaN payload kept, quieted. */
export function f2dBits(a: number): [lo: number, hi: number] {
  if (isNaN32(a)) {
    const mant = a & 0x007fffff;
    const hi = ((a & 0x80000000) | 0x7ff80000 | (mant >>> 3)) >>> 0;
    return [(mant << 29) >>> 0, hi];
  }
  scratch.setFloat64(0, f32In(a));
  return [scratch.getUint32(4), scratch.getUint32(0)];
}
