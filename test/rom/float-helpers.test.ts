/** The ROM's TypeScript arithmetic, checked against hand-verified IEEE-754 bit patterns. */
import { describe, expect, it } from 'vitest';
import { clz32, ctz32, popcount32, reverse32 } from '../../src/pico/rom/bits.ts';
import { floorScaled, scaledBigToNumber, toInt32, toInt64, toUint32, toUint64 } from '../../src/pico/rom/convert.ts';
import * as F from '../../src/pico/rom/float32.ts';
import * as D from '../../src/pico/rom/float64.ts';

const hex = (v: number) => '0x' + (v >>> 0).toString(16).padStart(8, '0');
const pair = (hi: number, lo = 0): [number, number] => [lo, hi];

describe('float32 helpers', () => {
  it.each([
    ['tie to even (down)', F.fadd, 0x3f800000, 0x33800000, 0x3f800000],
    ['tie to even (up)', F.fadd, 0x3f800000, 0x34400000, 0x3f800002],
    ['-0 + -0', F.fadd, 0x80000000, 0x80000000, 0x80000000],
    ['x - x is +0', F.fsub, 0x40490fdb, 0x40490fdb, 0x00000000],
    ['overflow', F.fadd, 0x7f7fffff, 0x7f7fffff, 0x7f800000],
    ['1/3', F.fdiv, 0x3f800000, 0x40400000, 0x3eaaaaab],
    ['1/-0', F.fdiv, 0x3f800000, 0x80000000, 0xff800000],
    ['denormal input reads as 0', F.fmul, 0x00400000, 0x7e800000, 0x00000000],
    ['denormal result flushes (sign kept)', F.fmul, 0x80800000, 0x3f000000, 0x80000000],
    ['min normal survives', F.fmul, 0x01000000, 0x3f000000, 0x00800000],
  ])('%s', (_name, op, a, b, want) => {
    expect(hex(op(a, b))).toBe(hex(want));
  });

  it('gives NaN for invalid operations and propagates NaN operands quieted', () => {
    expect(F.isNaN32(F.fadd(0x7f800000, 0xff800000))).toBe(true);
    expect(F.isNaN32(F.fmul(0, 0x7f800000))).toBe(true);
    expect(F.isNaN32(F.fdiv(0, 0))).toBe(true);
    expect(hex(F.fadd(0x7f800001, 0x3f800000))).toBe(hex(0x7fc00001));
    expect(hex(F.fsub(0x3f800000, 0xff800123))).toBe(hex(0xffc00123));
  });

  it('follows the ROM for sqrt and ln of negative numbers (-inf)', () => {
    expect(hex(F.fsqrt(0x40000000))).toBe(hex(0x3fb504f3));
    expect(hex(F.fsqrt(0xbf800000))).toBe(hex(0xff800000));
    expect(hex(F.fsqrt(0x80000000))).toBe(hex(0x80000000));
    expect(hex(F.fln(0))).toBe(hex(0xff800000));
    expect(hex(F.fln(0xbf800000))).toBe(hex(0xff800000));
    expect(hex(F.fln(0x402df854))).toBe(hex(0x3f7fffff));
  });

  it('compares with -0 == +0 and denormals equal to zero', () => {
    expect(F.fcmp(0x3f800000, 0x40000000)).toBe(-1);
    expect(F.fcmp(0, 0x80000000)).toBe(0);
    expect(F.fcmp(0x00000001, 0)).toBe(0);
    expect(F.fcmp(0xff800000, 0x7f800000)).toBe(-1);
  });

  it('widens to double exactly', () => {
    expect(F.f2dBits(0x3fc00000).map(hex)).toEqual([hex(0), hex(0x3ff80000)]);
    expect(F.f2dBits(0x80400000).map(hex)).toEqual([hex(0), hex(0x80000000)]);
  });
});

describe('float64 helpers', () => {
  it('rounds ties to even and flushes denormals', () => {
    expect(D.dadd(pair(0x3ff00000), pair(0x3ca00000)).map(hex)).toEqual([hex(0), hex(0x3ff00000)]);
    expect(D.dadd(pair(0x3ff00000), pair(0x3cb80000)).map(hex)).toEqual([hex(2), hex(0x3ff00000)]);
    expect(D.dmul(pair(0x80100000), pair(0x3fe00000)).map(hex)).toEqual([hex(0), hex(0x80000000)]);
    expect(D.dadd(pair(0, 1), pair(0)).map(hex)).toEqual([hex(0), hex(0)]);
  });

  it('narrows to float with one rounding', () => {
    expect(hex(D.d2fBits([0x55555555, 0x3fd55555]))).toBe(hex(0x3eaaaaab));
    expect(hex(D.d2fBits([0x10000000, 0x3ff00000]))).toBe(hex(0x3f800000)); // 1 + 2^-24: tie → even
    expect(hex(D.d2fBits([0, 0x47f00000]))).toBe(hex(0x7f800000));
    expect(hex(D.d2fBits([0, 0xb8000000]))).toBe(hex(0x80000000));
  });

  it('returns -inf for sqrt/ln of negatives and compares low words', () => {
    expect(D.dsqrt(pair(0xbff00000)).map(hex)).toEqual([hex(0), hex(0xfff00000)]);
    expect(D.dln(pair(0)).map(hex)).toEqual([hex(0), hex(0xfff00000)]);
    expect(D.dcmp([1, 0x3ff00000], pair(0x3ff00000))).toBe(1);
  });
});

describe('conversions', () => {
  it('floors toward -inf, including values too small to scale', () => {
    expect(floorScaled(-1.5, 0)).toBe(-2);
    expect(floorScaled(-(2 ** -1000), -100)).toBe(-1);
    expect(floorScaled(2 ** -1000, -100)).toBe(0);
  });

  it('saturates 32- and 64-bit results, NaN by its sign', () => {
    expect(hex(toInt32(2 ** 31, 0, false))).toBe(hex(0x7fffffff));
    expect(hex(toInt32(-(2 ** 32), 0, true))).toBe(hex(0x80000000));
    expect(hex(toInt32(NaN, 0, true))).toBe(hex(0x80000000));
    expect(hex(toUint32(-1, 0, true))).toBe(hex(0));
    expect(hex(toUint32(0.5, 16, false))).toBe(hex(0x8000));
    expect(toInt64(2 ** 63, 0, false).map(hex)).toEqual([hex(0xffffffff), hex(0x7fffffff)]);
    expect(toInt64(-1.5, 0, true).map(hex)).toEqual([hex(0xfffffffe), hex(0xffffffff)]);
    expect(toUint64(2 ** 64, 0, false).map(hex)).toEqual([hex(0xffffffff), hex(0xffffffff)]);
  });

  it('rounds 64-bit integers to float once (no double rounding)', () => {
    const v = (1n << 60n) + (1n << 36n) + 1n;
    // Through a double first, the 1 below bit 36 would be lost and the tie rounded to even: 2 ** 60.
    expect(Math.fround(scaledBigToNumber(v, 0, 'f32'))).toBe(2 ** 60 + 2 ** 37);
    expect(Math.fround(scaledBigToNumber(-v, 0, 'f32'))).toBe(-(2 ** 60 + 2 ** 37));
    expect(Math.fround(scaledBigToNumber(v - 1n, 0, 'f32'))).toBe(2 ** 60); // an exact tie rounds to even
    expect(scaledBigToNumber((1n << 53n) + 3n, 0, 'f64')).toBe(2 ** 53 + 4);
    expect(scaledBigToNumber(1n, 64, 'f32')).toBe(2 ** -64);
  });
});

describe('bit helpers', () => {
  it('matches hand-worked values', () => {
    expect(popcount32(0xffffffff)).toBe(32);
    expect(popcount32(0x80000001)).toBe(2);
    expect(hex(reverse32(0x12345678))).toBe(hex(0x1e6a2c48));
    expect(clz32(0)).toBe(32);
    expect(clz32(1)).toBe(31);
    expect(ctz32(0)).toBe(32);
    expect(ctz32(0x80000000)).toBe(31);
  });
});
