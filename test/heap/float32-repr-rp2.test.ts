// The decoder's float32 text against the Virtual Pico's own repr(): the real
// MicroPython v1.28 rp2 firmware prints every value below in the same run, and
// formatFloat32Rp2 must give the identical text for each.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ReplSession } from '../../src/repl/repl-session';
import type { VirtualPicoBoard } from '../../src/board/virtual-pico/virtual-pico-board';
import { formatFloat32Rp2 } from '../../src/heap/format-float32-rp2';
import { pyFloatRepr } from '../../src/heap/format-value';
import { PICO_FIRMWARE, hasPicoFirmware } from './support/heap-targets';
import { RANDOM_PY, edgeBits, fromBits, randomBits } from './support/float32-cases';

if (!hasPicoFirmware) {
  console.warn(
    '[float32 repr] PICO_FIRMWARE not set (or missing): rp2 float repr comparison skipped; ' +
      'set it to a MicroPython .uf2 to run it.',
  );
}

const RANDOM_COUNT = 5000;
const SEED = 0x9e3779b9;
const CHUNK = 800; // bit patterns sent per program, as hex (keeps each program small for the board's heap)

const SHOW_PY = `
import struct
def _show(bs):
    for b in bs:
        print('F', b, repr(struct.unpack('<f', struct.pack('<I', b))[0]))
`;

/** Lines "F <bits> <repr>" → [bits, repr] pairs. */
function parse(stdout: string): [number, string][] {
  return stdout
    .split(/\r?\n/)
    .filter((l) => l.startsWith('F '))
    .map((l) => {
      const [, b, text] = l.split(' ');
      return [Number(b), text];
    });
}

describe.skipIf(!hasPicoFirmware)('float32 repr on the Virtual Pico (MicroPython rp2)', () => {
  let board: VirtualPicoBoard;
  let session: ReplSession;
  beforeAll(async () => {
    const { VirtualPicoBoard } = await import('../../src/board/virtual-pico/virtual-pico-board');
    board = new VirtualPicoBoard({ firmware: new Uint8Array(readFileSync(PICO_FIRMWARE!)), hosting: 'inline' });
    session = new ReplSession(board);
    await board.connect();
    const r = await session.exec(SHOW_PY + RANDOM_PY);
    expect(r.stderr).toBe('');
  });
  afterAll(async () => {
    session?.dispose();
    await board?.dispose();
  });

  async function boardReprs(code: string): Promise<[number, string][]> {
    const r = await session.exec(code, { timeoutMs: 120_000 });
    expect(r.stderr).toBe('');
    return parse(r.stdout);
  }

  /** Board text vs ours, through the decoder's entry point and the module itself. */
  function compare(printed: [number, string][], expected: number[]): string[] {
    expect(printed.map(([b]) => b)).toEqual(expected);
    const mismatches: string[] = [];
    for (const [b, want] of printed) {
      const x = fromBits(b);
      const got = pyFloatRepr(x, 32);
      if (got !== want || formatFloat32Rp2(x) !== want) {
        mismatches.push(`0x${b.toString(16).padStart(8, '0')}: board ${want}, ours ${got}`);
      }
    }
    return mismatches;
  }

  test(`${RANDOM_COUNT} random bit patterns (every exponent, both signs): identical text`, async () => {
    const expected = randomBits(RANDOM_COUNT, SEED);
    const printed = await boardReprs(`_show(_rand(${RANDOM_COUNT}, ${SEED}))`);
    const mismatches = compare(printed, expected);
    console.info(`[float32 repr] random: ${printed.length} values, ${mismatches.length} mismatches`);
    expect(mismatches.slice(0, 20)).toEqual([]);
  }, 180_000);

  const edgeValuesTitle =
    'edge values (powers of ten and two ± 2 ulp, notation switches, integers, subnormals, max, inf, nan, ' +
    'negatives): identical text';
  test(
    edgeValuesTitle,
    async () => {
      const bits = edgeBits();
      const printed: [number, string][] = [];
      for (let i = 0; i < bits.length; i += CHUNK) {
        const part = new Uint32Array(bits.slice(i, i + CHUNK));
        const hex = Buffer.from(part.buffer).toString('hex'); // little-endian, as array('I') reads it
        printed.push(...(await boardReprs(`from array import array\n_show(array('I', bytes.fromhex('${hex}')))`)));
      }
      const mismatches = compare(printed, bits);
      console.info(`[float32 repr] edge: ${printed.length} values, ${mismatches.length} mismatches`);
      expect(printed.length).toBeGreaterThan(5000);
      expect(mismatches.slice(0, 20)).toEqual([]);
    },
    300_000,
  );
});
