// sramFirst (src/pico/fast-memory.ts): 32-bit reads and writes to SRAM take a shortcut
// past rp2040js's bus decoding; everything else goes to rp2040js's own methods. Checked
// on real rp2040js RP2040 instances: one with the shortcut, one without (the reference
// bus), doing the same accesses, must agree on every value read, every byte stored and
// every message logged; and the shortcut must be the one taking the SRAM word accesses.
import { RP2040, type Logger } from 'rp2040js';
import { describe, expect, test } from 'vitest';
import { sramFirst } from '../../src/pico/fast-memory';
import { SRAM_BASE, SRAM_END } from '../../src/pico/memory-map';

/** Collects rp2040js log lines (the default logger throws on errors such as unaligned reads). */
class ListLogger implements Logger {
  readonly lines: string[] = [];
  debug(): void {}
  info(): void {}
  warn(component: string, message: string): void {
    this.lines.push(`warn ${component}: ${message}`);
  }
  error(component: string, message: string): void {
    this.lines.push(`error ${component}: ${message}`);
  }
}

interface Chip {
  rp2040: RP2040;
  log: ListLogger;
  /** Calls that reached rp2040js's own readUint32 / writeUint32. */
  original: { reads: number[]; writes: number[] };
}

/** A fresh RP2040; `fast` installs sramFirst on top of rp2040js's (counted) methods. */
function chip(fast: boolean): Chip {
  const rp2040 = new RP2040();
  const log = new ListLogger();
  rp2040.logger = log;
  const original = { reads: [] as number[], writes: [] as number[] };
  rp2040.readUint32 = (address: number) => {
    original.reads.push(address >>> 0);
    return RP2040.prototype.readUint32.call(rp2040, address);
  };
  rp2040.writeUint32 = (address: number, value: number) => {
    original.writes.push(address >>> 0);
    RP2040.prototype.writeUint32.call(rp2040, address, value);
  };
  if (fast) sramFirst(rp2040);
  return { rp2040, log, original };
}

/** Index of the first byte where two arrays differ, or -1 (toEqual on 16 MB of flash would exhaust the heap). */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  if (Buffer.compare(a, b) === 0) return -1;
  return a.findIndex((x, i) => x !== b[i]);
}

const LAST_SRAM_WORD = SRAM_END - 4;
const WATCHDOG_SCRATCH0 = 0x4005800c;
const ATOMIC_SET = 0x2000;
const ATOMIC_CLR = 0x3000;
const VTOR = 0xe000ed08;

/** A word to write at `address`, distinct per address and with the top bit set. */
const pattern = (address: number) => (Math.imul(address >>> 0, 0x9e3779b1) | 0x80000001) >>> 0;

describe('sramFirst: SRAM word accesses', () => {
  test('the rp2040js RP2040 has the SRAM the shortcut assumes', () => {
    const { rp2040 } = chip(false);
    expect(SRAM_BASE + rp2040.sram.length).toBe(SRAM_END);
  });

  test('aligned SRAM words, first to last, read and write like the reference bus and skip it', () => {
    const fast = chip(true);
    const ref = chip(false);
    const addresses = [
      SRAM_BASE,
      SRAM_BASE + 4,
      SRAM_BASE + 0x1234 * 4,
      0x20040000,
      LAST_SRAM_WORD - 4,
      LAST_SRAM_WORD,
    ];
    for (const a of addresses) {
      fast.rp2040.writeUint32(a, pattern(a));
      ref.rp2040.writeUint32(a, pattern(a));
    }
    for (const a of addresses) {
      expect(fast.rp2040.readUint32(a), `read ${a.toString(16)}`).toBe(pattern(a));
      expect(fast.rp2040.readUint32(a)).toBe(ref.rp2040.readUint32(a));
      // Stored little-endian in the SRAM array, as rp2040js stores it.
      const o = a - SRAM_BASE;
      expect([...fast.rp2040.sram.subarray(o, o + 4)]).toEqual([...ref.rp2040.sram.subarray(o, o + 4)]);
    }
    expect(firstDifference(fast.rp2040.sram, ref.rp2040.sram)).toBe(-1);
    expect(fast.original).toEqual({ reads: [], writes: [] });
    expect(fast.log.lines).toEqual([]);
  });

  test('negative numbers are addresses modulo 2^32, and values are stored as unsigned words', () => {
    const fast = chip(true);
    const ref = chip(false);
    const a = SRAM_BASE + 0x100;
    fast.rp2040.writeUint32(a, -1); // an int32 -1 is the word 0xffffffff
    ref.rp2040.writeUint32(a, -1);
    expect(fast.rp2040.readUint32(a)).toBe(0xffffffff);
    expect(fast.rp2040.readUint32(a)).toBe(ref.rp2040.readUint32(a));
    // 0xA0000000 as a negative int32: not SRAM, handled by rp2040js (an invalid address there).
    const negative = 0xa0000000 | 0;
    expect(negative).toBeLessThan(0);
    expect(fast.rp2040.readUint32(negative)).toBe(ref.rp2040.readUint32(negative));
    expect(fast.original.reads).toEqual([0xa0000000]);
    expect(fast.log.lines).toEqual(ref.log.lines);
  });

  test('the core uses the shortcut too: LDR/STR executed by the CPU reach SRAM without the bus', () => {
    for (const fast of [true, false]) {
      const c = chip(fast);
      const { rp2040 } = c;
      const code = SRAM_BASE + 0x1000;
      // str r1, [r0, #0]; ldr r2, [r0, #4]; ldr r3, [r4, #0]
      rp2040.writeUint16(code, 0x6001);
      rp2040.writeUint16(code + 2, 0x6842);
      rp2040.writeUint16(code + 4, 0x6823);
      rp2040.writeUint32(SRAM_BASE + 0x2004, 0x12345678);
      rp2040.flash.set([0x78, 0x56, 0x34, 0x12]); // flash word 0 = 0x12345678 (flash is 0xff after reset)
      const core = rp2040.core;
      core.PC = code;
      core.registers[0] = SRAM_BASE + 0x2000;
      core.registers[1] = 0xdeadbeef;
      core.registers[4] = 0x10000000;
      c.original.reads.length = 0;
      c.original.writes.length = 0;
      rp2040.step();
      rp2040.step();
      rp2040.step();
      expect(rp2040.sramView.getUint32(0x2000, true)).toBe(0xdeadbeef);
      expect(core.registers[2] >>> 0).toBe(0x12345678);
      expect(core.registers[3] >>> 0).toBe(0x12345678);
      if (fast) {
        // Only the flash read went to rp2040js's bus.
        expect(c.original).toEqual({ reads: [0x10000000], writes: [] });
      } else {
        expect(c.original).toEqual({ reads: [SRAM_BASE + 0x2004, 0x10000000], writes: [SRAM_BASE + 0x2000] });
      }
    }
  });
});

describe('sramFirst: everything else goes to rp2040js unchanged', () => {
  /** Does `op` on both chips and checks they agree on the result, SRAM, flash and log. */
  function same<T>(op: (rp2040: RP2040) => T): { fast: Chip; result: T } {
    const fast = chip(true);
    const ref = chip(false);
    const result = op(fast.rp2040);
    expect(result).toEqual(op(ref.rp2040));
    expect(firstDifference(fast.rp2040.sram, ref.rp2040.sram)).toBe(-1);
    expect(firstDifference(fast.rp2040.flash, ref.rp2040.flash)).toBe(-1);
    expect(fast.log.lines).toEqual(ref.log.lines);
    return { fast, result };
  }

  test('unaligned SRAM reads: rp2040js reads them and reports each one', () => {
    for (const a of [SRAM_BASE + 1, SRAM_BASE + 2, SRAM_BASE + 0x403, LAST_SRAM_WORD - 1]) {
      const { fast, result } = same((rp2040) => {
        rp2040.sram.set([1, 2, 3, 4, 5], a - SRAM_BASE - 1);
        return rp2040.readUint32(a);
      });
      expect(result).toBe(0x05040302);
      expect(fast.original.reads).toEqual([a]);
      expect(fast.log.lines).toEqual([
        `error RP2040: read from address ${a.toString(16)}, which is not 32 bit aligned`,
      ]);
    }
  });

  test('unaligned SRAM writes go to rp2040js', () => {
    const a = SRAM_BASE + 0x202;
    const { fast } = same((rp2040) => {
      rp2040.writeUint32(a, 0xa1b2c3d4);
      return [...rp2040.sram.subarray(0x200, 0x208)];
    });
    expect(fast.original.writes).toEqual([a]);
  });

  test('a word that would run past the end of SRAM is not SRAM: rp2040js answers (invalid address)', () => {
    for (const a of [SRAM_END - 3, SRAM_END - 2, SRAM_END - 1, SRAM_END, SRAM_END + 4, SRAM_BASE - 4]) {
      const { fast, result } = same((rp2040) => {
        rp2040.writeUint32(a, 0x11223344);
        return rp2040.readUint32(a);
      });
      expect(result, a.toString(16)).toBe(0xffffffff);
      expect(fast.original).toEqual({ reads: [a], writes: [a] });
      expect(fast.log.lines.some((l) => l.includes(`Read from invalid memory address: ${a.toString(16)}`))).toBe(true);
    }
  });

  test('flash (and its XIP mirrors) and the boot ROM are read through rp2040js', () => {
    const { fast, result } = same((rp2040) => {
      rp2040.flash.set([0xef, 0xbe, 0xad, 0xde], 0x100);
      return [
        rp2040.readUint32(0x10000100),
        rp2040.readUint32(0x13000100), // XIP_NOCACHE_NOALLOC mirror
        rp2040.readUint32(0x10000000), // erased flash
        rp2040.readUint32(0x00000000), // boot ROM: initial stack pointer
        rp2040.readUint32(0x00000004),
      ];
    });
    expect(result.slice(0, 3)).toEqual([0xdeadbeef, 0xdeadbeef, 0xffffffff]);
    expect(fast.original.reads).toEqual([0x10000100, 0x13000100, 0x10000000, 0, 4]);
  });

  test('peripheral writes reach the peripheral, including the atomic set / clear aliases', () => {
    const { fast, result } = same((rp2040) => {
      rp2040.writeUint32(WATCHDOG_SCRATCH0, 0x0000f0f0);
      const plain = rp2040.readUint32(WATCHDOG_SCRATCH0);
      rp2040.writeUint32(WATCHDOG_SCRATCH0 | ATOMIC_SET, 0x0f000000);
      const set = rp2040.readUint32(WATCHDOG_SCRATCH0);
      rp2040.writeUint32(WATCHDOG_SCRATCH0 | ATOMIC_CLR, 0x000000f0);
      return [plain, set, rp2040.readUint32(WATCHDOG_SCRATCH0)];
    });
    expect(result).toEqual([0x0000f0f0, 0x0f00f0f0, 0x0f00f000]);
    expect(fast.original.writes).toEqual([
      WATCHDOG_SCRATCH0,
      WATCHDOG_SCRATCH0 | ATOMIC_SET,
      WATCHDOG_SCRATCH0 | ATOMIC_CLR,
    ]);
  });

  test('the Cortex-M0+ private bus (VTOR), SIO and USB DPRAM are rp2040js business', () => {
    const { fast, result } = same((rp2040) => {
      rp2040.writeUint32(VTOR, SRAM_BASE + 0x100);
      rp2040.writeUint32(0x50100010, 0xcafef00d); // USB DPRAM
      return [rp2040.core.VTOR, rp2040.readUint32(VTOR), rp2040.readUint32(0x50100010), rp2040.readUint32(0xd0000000)];
    });
    expect(result.slice(0, 3)).toEqual([SRAM_BASE + 0x100, SRAM_BASE + 0x100, 0xcafef00d]);
    expect(fast.original.writes).toEqual([VTOR, 0x50100010]);
    expect(fast.original.reads).toEqual([VTOR, 0x50100010, 0xd0000000]);
  });

  test('a write to an address nothing answers is reported by rp2040js, not silently stored', () => {
    const { fast } = same((rp2040) => rp2040.writeUint32(0x30000000, 1));
    expect(fast.log.lines).toEqual(['warn RP2040: Write to undefined address: 30000000']);
  });
});
