// float32 bit patterns for comparing our repr() with the rp2 firmware's:
// a reproducible spread over every exponent, plus the values where a
// formatter's branches change (decimal exponent limits, subnormals, powers of
// ten and their neighbours, integers, ties).

// The conversions the firmware formatters themselves use.
import { bitsOf, fromBits } from '../../../src/heap/float32-rom-math';

export { bitsOf, fromBits };

/** xorshift32 — the same generator runs on the board (see RANDOM_PY). */
export function randomBits(count: number, seed = 2463534242): number[] {
  const out: number[] = [];
  let x = seed >>> 0;
  for (let i = 0; i < count; i++) {
    x = (x ^ (x << 13)) >>> 0;
    x = (x ^ (x >>> 17)) >>> 0;
    x = (x ^ (x << 5)) >>> 0;
    out.push(x);
  }
  return out;
}

/** MicroPython source for the same xorshift32 sequence (defines `_rand(n, seed)`). */
export const RANDOM_PY = `
def _rand(n, x):
    for _ in range(n):
        x ^= (x << 13) & 0xffffffff
        x ^= x >> 17
        x ^= (x << 5) & 0xffffffff
        yield x
`;

export function edgeBits(): number[] {
  const set = new Set<number>();
  const add = (b: number) => {
    for (const d of [-2, -1, 0, 1, 2]) {
      const n = (b >>> 0) + d;
      if (n >= 0 && n <= 0xffffffff) set.add(n >>> 0);
    }
  };
  const addValue = (v: number) => add(bitsOf(Math.fround(v)));
  for (let k = -45; k <= 38; k++) addValue(Number(`1e${k}`));
  for (let k = -149; k <= 127; k++) addValue(2 ** k);
  for (const v of [0.1, 0.2, 0.3, 1 / 3, 2 / 3, 1 / 7, 2 ** 0.5, Math.PI, Math.E, 0.5, 1.5, 2.5, 9.5, 99.5, 0.05, 0.15])
    addValue(v);
  // around the switches between fixed and exponent notation
  for (const v of [1e-5, 1e-4, 9.9999e-5, 9.99999e-5, 1e15, 1e16, 9.999999e15, 1.0000001e16, 123456.7, 1234567.8])
    addValue(v);
  for (let i = 0; i <= 1000; i++) set.add(bitsOf(Math.fround(i)));
  for (const i of [16777215, 16777216, 16777217, 99999999, 100000000, 999999999, 1e9, 4294967295, 2 ** 31, 2 ** 32])
    addValue(i);
  // subnormals, the smallest normals, the largest float, zeros, inf, nan
  for (const b of [0x1, 0x7fffff, 0x400000, 0x800000, 0x7f7fffff, 0x7f800000, 0x7fc00000, 0x0, 0x80000000]) add(b);
  for (let i = 0; i < 256; i += 7) add((i << 23) | 0x2aaaaa);
  // every one also negative
  for (const b of [...set]) set.add((b ^ 0x80000000) >>> 0);
  return [...set];
}
