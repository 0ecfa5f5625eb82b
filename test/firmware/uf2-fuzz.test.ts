import { describe, expect, it } from 'vitest';
import { parseUf2, Uf2Error } from '../../src/firmware/uf2';
import { rng, syntheticMicroPythonUf2 } from './synthetic';

/** Runs the parser and fails the test on anything but success or a Uf2Error with a message. */
function parseOrUf2Error(bytes: Uint8Array, seed: number): string {
  try {
    parseUf2(bytes);
    return 'ok';
  } catch (e) {
    if (!(e instanceof Uf2Error) || !e.message || !e.code) {
      throw new Error(`seed ${seed}: parser threw ${String(e)} (not a Uf2Error)`, { cause: e });
    }
    return e.code;
  }
}

describe('parseUf2 fuzzing: only ever throws Uf2Error', () => {
  const valid = syntheticMicroPythonUf2({}, 4096); // 16 blocks

  it('random byte/word mutations of a valid file (3000 cases)', () => {
    const codes = new Map<string, number>();
    for (let seed = 1; seed <= 3000; seed++) {
      const next = rng(seed);
      const file = valid.slice();
      const edits = 1 + Math.floor(next() * 6);
      for (let e = 0; e < edits; e++) {
        const block = Math.floor(next() * 16) * 512;
        // Bias towards header fields, where the interesting faults are.
        const at = next() < 0.7 ? block + Math.floor(next() * 32) : block + Math.floor(next() * 512);
        if (next() < 0.5) file[at] = Math.floor(next() * 256);
        else new DataView(file.buffer).setUint32(at & ~3, Math.floor(next() * 0x100000000), true);
      }
      const code = parseOrUf2Error(file, seed);
      codes.set(code, (codes.get(code) ?? 0) + 1);
    }
    // The mutations must actually reach several distinct checks, or this test proves little.
    expect(codes.size).toBeGreaterThanOrEqual(6);
  });

  it('block shuffles, drops and duplications (1000 cases)', () => {
    for (let seed = 1; seed <= 1000; seed++) {
      const next = rng(seed + 10_000);
      const blocks: Uint8Array[] = [];
      for (let i = 0; i < valid.length; i += 512) blocks.push(valid.subarray(i, i + 512));
      const picked: Uint8Array[] = [];
      const n = Math.floor(next() * 20);
      for (let i = 0; i < n; i++) picked.push(blocks[Math.floor(next() * blocks.length)]);
      const file = new Uint8Array(picked.length * 512);
      picked.forEach((b, i) => file.set(b, i * 512));
      parseOrUf2Error(file, seed);
    }
  });

  it('every truncation length of the first blocks, and random truncations', () => {
    for (let len = 0; len <= 1100; len++) parseOrUf2Error(valid.subarray(0, len), len);
    const next = rng(99);
    for (let i = 0; i < 500; i++) parseOrUf2Error(valid.subarray(0, Math.floor(next() * valid.length)), i);
  });

  it('random bytes, with and without a valid first magic (2000 cases)', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const next = rng(seed + 50_000);
      const len = Math.floor(next() * 3) * 512 + (next() < 0.3 ? Math.floor(next() * 512) : 0);
      const file = new Uint8Array(len);
      for (let i = 0; i < len; i++) file[i] = Math.floor(next() * 256);
      if (len >= 8 && next() < 0.5) file.set(valid.subarray(0, 8), 0);
      parseOrUf2Error(file, seed);
    }
  });
});
