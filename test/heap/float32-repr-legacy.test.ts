// repr() of float32 values as MicroPython before v1.26 prints them on the rp2 port
// (src/heap/format-float32-legacy.ts). A few values measured on the v1.22.2 board always; with the
// older firmware at hand (beside PICO_FIRMWARE), 3,000 random float32 values (every exponent,
// subnormals included) printed by the Virtual Pico itself, compared one by one.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { floatFormatOf, pyFloatRepr } from '../../src/heap/format-value';
import { formatFloat32Legacy } from '../../src/heap/format-float32-legacy';
import { fromBits } from './support/float32-cases';
import { ReplSession } from '../../src/repl/repl-session';
import { olderFirmwarePath } from '../support/firmware-paths';
import type { Board } from '../../src/board/board';

describe('float32 repr before v1.26', () => {
  test('values read from the v1.22.2 board', () => {
    const measured: [number, string][] = [
      [1051372203, '0.3333333'], // 1/3: seven digits, where v1.28 prints 0.33333334
      [1482907561, '1e+15'],
      [1266679808, '1.677722e+07'],
      [1206984794, '123456.7'],
      [927926245, '1.234e-05'],
      [953267991, '0.0001'],
      [1050253722, '0.3'], // 0.1 + 0.2
      [0x80000000, '-0.0'],
      [0x7f800000, 'inf'],
      [0x00800000, '1e-37'], // the smallest normal: the board divides by a flushed 10^-38
    ];
    for (const [bits, repr] of measured) expect(formatFloat32Legacy(fromBits(bits)), repr).toBe(repr);
  });

  test('the release decides the format', () => {
    expect(floatFormatOf('1.22.2')).toBe('legacy');
    expect(floatFormatOf('1.25.0')).toBe('legacy');
    expect(floatFormatOf('1.26.0')).toBe('current');
    expect(floatFormatOf('1.28.0')).toBe('current');
    expect(pyFloatRepr(fromBits(1051372203), 32, 'legacy')).toBe('0.3333333');
    expect(pyFloatRepr(fromBits(1051372203), 32)).toBe('0.33333334');
  });
});

const older = olderFirmwarePath();
describe.skipIf(!older)('float32 repr against the older firmware itself', () => {
  let board: Board;
  let session: ReplSession;
  beforeAll(async () => {
    const { VirtualPicoBoard } = await import('../../src/board/virtual-pico/virtual-pico-board');
    board = new VirtualPicoBoard({ firmware: new Uint8Array(readFileSync(older!)), hosting: 'inline' });
    session = new ReplSession(board);
    await board.connect();
  }, 60_000);
  afterAll(async () => {
    session?.dispose();
    await board?.dispose();
  });

  test('3,000 random float32 values print as the board prints them', async () => {
    const r = await session.exec(
      'import struct, random\nrandom.seed(5)\nfor _ in range(3000):\n' +
        '    b = random.getrandbits(32) & 0x807fffff | (random.randint(0, 254) << 23)\n' +
        "    print(b, repr(struct.unpack('<f', struct.pack('<I', b))[0]))\n",
    );
    expect(r.stderr).toBe('');
    const lines = r.stdout.trim().split(/\r?\n/);
    expect(lines.length).toBe(3000);
    const wrong = lines
      .map((l) => l.split(' '))
      .filter(([bits, repr]) => formatFloat32Legacy(fromBits(Number(bits))) !== repr);
    expect(wrong).toEqual([]);
  }, 120_000);
});
