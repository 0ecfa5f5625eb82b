/**
 * float32 arithmetic as the RP2040 firmware does it: the boot-ROM float routines round correctly
 * (nearest-even) but flush subnormal inputs and results to a signed zero, and compares treat
 * subnormals as zero (measured on the board). The float formatters of both firmware generations
 * (format-float32-rp2.ts, format-float32-legacy.ts) compute with these.
 */
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

export function bitsOf(x: number): number {
  f32[0] = x;
  return u32[0];
}

export function fromBits(b: number): number {
  u32[0] = b >>> 0;
  return f32[0];
}

const MIN_NORMAL = 2 ** -126;

/** The ROM's view of a float: subnormals are a zero of the same sign. */
export function ftz(x: number): number {
  return x !== 0 && Math.abs(x) < MIN_NORMAL ? (x < 0 ? -0 : 0) : x;
}

// One float32 operation each; double then fround is a single correct rounding
// for + − × ÷ of float32 operands.
export const mul = (a: number, b: number) => ftz(Math.fround(ftz(a) * ftz(b)));
export const div = (a: number, b: number) => ftz(Math.fround(ftz(a) / ftz(b)));
export const add = (a: number, b: number) => ftz(Math.fround(ftz(a) + ftz(b)));
export const sub = (a: number, b: number) => ftz(Math.fround(ftz(a) - ftz(b)));
export const ge = (a: number, b: number) => ftz(a) >= ftz(b);
export const isZeroBits = (x: number) => bitsOf(x) === 0; // -0.0 is not "zero" here
export const signBit = (x: number) => bitsOf(x) >>> 31 === 1;
