// Regression guard without firmware: repr() texts printed by the official
// MicroPython v1.28.0 RPI_PICO firmware (on the Virtual Pico) for these float32
// bit patterns, captured once; float32-repr-rp2.test.ts compares thousands more
// against the running board whenever PICO_FIRMWARE is set.
import { describe, expect, test } from 'vitest';
import { formatFloat32Rp2 } from '../../src/heap/format-float32-rp2';
import { pyFloatRepr } from '../../src/heap/format-value';
import { fromBits } from './support/float32-cases';

// [bits, what the board printed]. Not the shortest round-trip text in many
// cases (3.1415928, 0e-38 for subnormals, 1.1755e-38, -368.143632): that is
// what rp2 prints, and what the heap view must show.
const BOARD: [number, string][] = [
  [0x3dcccccd, '0.1'],
  [0x3eaaaaab, '0.33333334'],
  [0x3fb504f3, '1.4142135'],
  [0x40490fdb, '3.1415928'],
  [0x5a0e1bca, '1e+16'],
  [0x58635fa9, '1000000000000000.0'],
  [0x3727c5ac, '1e-05'],
  [0x38d1b717, '0.0001'],
  [0x38d1b716, '9.999999e-05'],
  [0x7f7fffff, '3.4028236e+38'],
  [0xff7fffff, '-3.4028236e+38'],
  [0x00000001, '0e-38'],
  [0x007fffff, '0e-38'],
  [0x00800000, '1.1755e-38'],
  [0x00800001, '1.1755e-38'],
  [0x0da24260, '1e-30'],
  [0x4cbebc20, '100000000.0'],
  [0x4b800001, '16777218.0'],
  [0x3f800000, '1.0'],
  [0x42c80000, '100.0'],
  [0x3e4ccccd, '0.2'],
  [0x3e99999a, '0.3'],
  [0xbe99999a, '-0.3'],
  [0x80000000, '-0.0'],
  [0x00000000, '0.0'],
  [0x7f800000, 'inf'],
  [0xff800000, '-inf'],
  [0x7fc00000, 'nan'],
  [0x322bcc77, '1e-08'],
  [0x1e3ce508, '1e-20'],
  [0x6c1e0a0e, '7.64231e+26'],
  [0x49742400, '1000000.0'],
  [0x4e6e6b28, '1000000000.0'],
  [0xc479c000, '-999.0'],
  [0x652a09af, '5.0186308e+22'],
  [0x748e41ea, '9.016639e+31'],
  [0xc3b81262, '-368.143632'],
  [0xdb663f38, '-6.4808756e+16'],
  [0x826d104c, '-1.74167e-37'],
  [0x1d6136df, '2.98068692e-21'],
  [0x08f50767, '1.47472e-33'],
  [0x4d3c59fc, '197500860.0'],
  [0xc13e0e72, '-11.878527'],
  [0xcd0bc082, '-146540580.0'],
  [0xa6b25541, '-1.237434e-15'],
  [0x627c826d, '1.1644944e+21'],
  [0xa6bd7c25, '-1.3148159e-15'],
  [0x89cb5841, '-4.89535e-33'],
  [0x1fcc06c3, '8.640855e-20'],
  [0xee1dda47, '-1.2213257e+28'],
  [0xd58aee22, '-19094422000000.0'],
  [0x6c296806, '8.191988e+26'],
  [0x9f1ecf13, '-3.362909e-20'],
  [0x13c31187, '4.9242202e-27'],
];

describe('float32 repr as the rp2 firmware prints it (captured table)', () => {
  test.each(BOARD)('bits %i → %s', (bits, text) => {
    expect(formatFloat32Rp2(fromBits(bits))).toBe(text);
    expect(pyFloatRepr(fromBits(bits), 32)).toBe(text);
  });

  test('float64 path unchanged: shortest of 16/17 digits', () => {
    expect(pyFloatRepr(0.1, 64)).toBe('0.1');
    expect(pyFloatRepr(0.1 + 0.2, 64)).toBe('0.30000000000000004');
    expect(pyFloatRepr(1e16, 64)).toBe('1e+16');
    expect(pyFloatRepr(-0, 64)).toBe('-0.0');
  });
});
