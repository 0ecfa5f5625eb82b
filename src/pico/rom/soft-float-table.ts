/**
 * The 32 entries of the ROM's soft-float ('SF') and soft-double ('SD') tables, in the order the SDK indexes
 * them (pico/bootrom/sf_table.h: entry i at byte offset 4·i). Calling convention is the AAPCS soft-float
 * one: a float in one register, a double in a pair (low word first), results in r0 (r0:r1 for 64 bits).
 */
import * as F from './float32.ts';
import * as D from './float64.ts';
import { joinSigned, joinUnsigned, ldexp, scaledBigToNumber, toInt32, toInt64, toUint32, toUint64 } from './convert.ts';
import type { RomHandler } from './rom-handler.ts';

type Pair = [number, number];

const a64 = (r: Uint32Array): Pair => [r[0], r[1]];
const b64 = (r: Uint32Array): Pair => [r[2], r[3]];
const set64 = (r: Uint32Array, [lo, hi]: Pair): void => {
  r[0] = lo;
  r[1] = hi;
};
const neg32 = (bits: number) => (bits & 0x80000000) !== 0;

/** Flags as after comparing: Z for equal, N for less, C for greater-or-equal, V clear. */
function compareFlags(ctx: Parameters<RomHandler>[1], result: number): void {
  const core = ctx.mcu.core;
  core.Z = result === 0;
  core.N = result < 0;
  core.C = result >= 0;
  core.V = false;
}

export interface TableEntry {
  name: string;
  handler: RomHandler;
}

export const SOFT_FLOAT_TABLE: readonly TableEntry[] = [
  { name: 'fadd', handler: (r) => void (r[0] = F.fadd(r[0], r[1])) },
  { name: 'fsub', handler: (r) => void (r[0] = F.fsub(r[0], r[1])) },
  { name: 'fmul', handler: (r) => void (r[0] = F.fmul(r[0], r[1])) },
  { name: 'fdiv', handler: (r) => void (r[0] = F.fdiv(r[0], r[1])) },
  { name: 'fcmp_fast', handler: (r) => void (r[0] = F.fcmp(r[0], r[1])) },
  { name: 'fcmp_fast_flags', handler: (r, ctx) => compareFlags(ctx, F.fcmp(r[0], r[1])) },
  { name: 'fsqrt', handler: (r) => void (r[0] = F.fsqrt(r[0])) },
  { name: 'float2int', handler: (r) => void (r[0] = toInt32(F.f32In(r[0]), 0, neg32(r[0]))) },
  { name: 'float2fix', handler: (r) => void (r[0] = toInt32(F.f32In(r[0]), r[1] | 0, neg32(r[0]))) },
  { name: 'float2uint', handler: (r) => void (r[0] = toUint32(F.f32In(r[0]), 0, neg32(r[0]))) },
  { name: 'float2ufix', handler: (r) => void (r[0] = toUint32(F.f32In(r[0]), r[1] | 0, neg32(r[0]))) },
  { name: 'int2float', handler: (r) => void (r[0] = F.f32Out(r[0] | 0)) },
  { name: 'fix2float', handler: (r) => void (r[0] = F.f32Out(ldexp(r[0] | 0, -(r[1] | 0)))) },
  { name: 'uint2float', handler: (r) => void (r[0] = F.f32Out(r[0] >>> 0)) },
  { name: 'ufix2float', handler: (r) => void (r[0] = F.f32Out(ldexp(r[0] >>> 0, -(r[1] | 0)))) },
  { name: 'fcos', handler: (r) => void (r[0] = F.funary(r[0], Math.cos)) },
  {
    // The SDK's sincosf reads the cosine from r1 after calling fsin, as the genuine ROM leaves it there.
    name: 'fsin',
    handler: (r) => {
      const x = r[0];
      r[0] = F.funary(x, Math.sin);
      r[1] = F.funary(x, Math.cos);
    },
  },
  { name: 'ftan', handler: (r) => void (r[0] = F.funary(r[0], Math.tan)) },
  {
    name: 'fsincos',
    handler: (r) => {
      const x = r[0];
      r[0] = F.funary(x, Math.sin);
      r[1] = F.funary(x, Math.cos);
    },
  },
  { name: 'fexp', handler: (r) => void (r[0] = F.funary(r[0], Math.exp)) },
  { name: 'fln', handler: (r) => void (r[0] = F.fln(r[0])) },
  { name: 'fcmp', handler: (r) => void (r[0] = F.fcmp(r[0], r[1])) },
  { name: 'fatan2', handler: (r) => void (r[0] = F.fatan2(r[0], r[1])) },
  { name: 'int642float', handler: (r) => void (r[0] = F.f32Out(scaledBigToNumber(joinSigned(r[0], r[1]), 0, 'f32'))) },
  {
    name: 'fix642float',
    handler: (r) => void (r[0] = F.f32Out(scaledBigToNumber(joinSigned(r[0], r[1]), r[2] | 0, 'f32'))),
  },
  {
    name: 'uint642float',
    handler: (r) => void (r[0] = F.f32Out(scaledBigToNumber(joinUnsigned(r[0], r[1]), 0, 'f32'))),
  },
  {
    name: 'ufix642float',
    handler: (r) => void (r[0] = F.f32Out(scaledBigToNumber(joinUnsigned(r[0], r[1]), r[2] | 0, 'f32'))),
  },
  { name: 'float2int64', handler: (r) => set64(r, toInt64(F.f32In(r[0]), 0, neg32(r[0]))) },
  { name: 'float2fix64', handler: (r) => set64(r, toInt64(F.f32In(r[0]), r[1] | 0, neg32(r[0]))) },
  { name: 'float2uint64', handler: (r) => set64(r, toUint64(F.f32In(r[0]), 0, neg32(r[0]))) },
  { name: 'float2ufix64', handler: (r) => set64(r, toUint64(F.f32In(r[0]), r[1] | 0, neg32(r[0]))) },
  { name: 'float2double', handler: (r) => set64(r, F.f2dBits(r[0])) },
];

const d = (r: Uint32Array) => D.f64In(r[0], r[1]);
const neg64 = (r: Uint32Array) => (r[1] & 0x80000000) !== 0;

export const SOFT_DOUBLE_TABLE: readonly TableEntry[] = [
  { name: 'dadd', handler: (r) => set64(r, D.dadd(a64(r), b64(r))) },
  { name: 'dsub', handler: (r) => set64(r, D.dsub(a64(r), b64(r))) },
  { name: 'dmul', handler: (r) => set64(r, D.dmul(a64(r), b64(r))) },
  { name: 'ddiv', handler: (r) => set64(r, D.ddiv(a64(r), b64(r))) },
  { name: 'dcmp_fast', handler: (r) => void (r[0] = D.dcmp(a64(r), b64(r))) },
  { name: 'dcmp_fast_flags', handler: (r, ctx) => compareFlags(ctx, D.dcmp(a64(r), b64(r))) },
  { name: 'dsqrt', handler: (r) => set64(r, D.dsqrt(a64(r))) },
  { name: 'double2int', handler: (r) => void (r[0] = toInt32(d(r), 0, neg64(r))) },
  { name: 'double2fix', handler: (r) => void (r[0] = toInt32(d(r), r[2] | 0, neg64(r))) },
  { name: 'double2uint', handler: (r) => void (r[0] = toUint32(d(r), 0, neg64(r))) },
  { name: 'double2ufix', handler: (r) => void (r[0] = toUint32(d(r), r[2] | 0, neg64(r))) },
  { name: 'int2double', handler: (r) => set64(r, D.f64Out(r[0] | 0)) },
  { name: 'fix2double', handler: (r) => set64(r, D.f64Out(ldexp(r[0] | 0, -(r[1] | 0)))) },
  { name: 'uint2double', handler: (r) => set64(r, D.f64Out(r[0] >>> 0)) },
  { name: 'ufix2double', handler: (r) => set64(r, D.f64Out(ldexp(r[0] >>> 0, -(r[1] | 0)))) },
  { name: 'dcos', handler: (r) => set64(r, D.dunary(a64(r), Math.cos)) },
  // The SDK's sin() also reads the cosine from r2:r3.
  { name: 'dsin', handler: (r) => sinAndCos(r) },
  { name: 'dtan', handler: (r) => set64(r, D.dunary(a64(r), Math.tan)) },
  {
    // ROM v3 entry used by the SDK's sincos(): sine in r0:r1, cosine in r2:r3.
    name: 'dsincos',
    handler: (r) => sinAndCos(r),
  },
  { name: 'dexp', handler: (r) => set64(r, D.dunary(a64(r), Math.exp)) },
  { name: 'dln', handler: (r) => set64(r, D.dln(a64(r))) },
  { name: 'dcmp', handler: (r) => void (r[0] = D.dcmp(a64(r), b64(r))) },
  { name: 'datan2', handler: (r) => set64(r, D.datan2(a64(r), b64(r))) },
  { name: 'int642double', handler: (r) => set64(r, D.f64Out(scaledBigToNumber(joinSigned(r[0], r[1]), 0, 'f64'))) },
  {
    name: 'fix642double',
    handler: (r) => set64(r, D.f64Out(scaledBigToNumber(joinSigned(r[0], r[1]), r[2] | 0, 'f64'))),
  },
  { name: 'uint642double', handler: (r) => set64(r, D.f64Out(scaledBigToNumber(joinUnsigned(r[0], r[1]), 0, 'f64'))) },
  {
    name: 'ufix642double',
    handler: (r) => set64(r, D.f64Out(scaledBigToNumber(joinUnsigned(r[0], r[1]), r[2] | 0, 'f64'))),
  },
  { name: 'double2int64', handler: (r) => set64(r, toInt64(d(r), 0, neg64(r))) },
  { name: 'double2fix64', handler: (r) => set64(r, toInt64(d(r), r[2] | 0, neg64(r))) },
  { name: 'double2uint64', handler: (r) => set64(r, toUint64(d(r), 0, neg64(r))) },
  { name: 'double2ufix64', handler: (r) => set64(r, toUint64(d(r), r[2] | 0, neg64(r))) },
  { name: 'double2float', handler: (r) => void (r[0] = D.d2fBits(a64(r))) },
];

if (SOFT_FLOAT_TABLE.length !== 32 || SOFT_DOUBLE_TABLE.length !== 32) {
  throw new Error('soft-float tables must have 32 entries each');
}

/** Sine of the double in r0:r1 into r0:r1, its cosine into r2:r3. */
function sinAndCos(r: Uint32Array): void {
  const x = a64(r);
  const [clo, chi] = D.dunary(x, Math.cos);
  set64(r, D.dunary(x, Math.sin));
  r[2] = clo;
  r[3] = chi;
}
