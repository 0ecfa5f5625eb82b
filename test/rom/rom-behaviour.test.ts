/** The ROM's boot paths, lookup tables and BKPT dispatch, driven instruction by instruction on rp2040js. */
import { RP2040 } from 'rp2040js';
import { describe, expect, it, vi } from 'vitest';
import {
  BOOT2_SRAM_ADDRESS,
  bootFromRom,
  buildRomImage,
  crc32Mpeg2,
  installRom,
  romLayout,
  RomError,
} from '../../src/pico/rom/index.ts';

const SRAM = 0x20000000;
const RETURN_PAD = 0x20001000; // holds `b .` so a returning ROM call has somewhere to land

function quietMcu(): RP2040 {
  const mcu = new RP2040();
  mcu.logger = { debug() {}, info() {}, warn() {}, error() {} };
  return mcu;
}

function withBoot2(body: number[]): Uint8Array {
  const flash = new Uint8Array(256);
  flash.set(body);
  new DataView(flash.buffer).setUint32(252, crc32Mpeg2(flash.subarray(0, 252)), true);
  return flash;
}

/** Calls a ROM function the way compiled code does: args in r0-r3, LR = return address, run to return. */
function callRom(mcu: RP2040, address: number, args: number[]): Uint32Array {
  mcu.sramView.setUint16(RETURN_PAD - SRAM, 0xe7fe, true);
  args.forEach((v, i) => (mcu.core.registers[i] = v));
  mcu.core.LR = RETURN_PAD | 1;
  mcu.core.PC = address & ~1;
  for (let i = 0; i < 10 && mcu.core.PC !== RETURN_PAD; i++) mcu.core.executeInstruction();
  expect(mcu.core.PC).toBe(RETURN_PAD);
  return mcu.core.registers;
}

function lookup(mcu: RP2040, tablePointer: number, code: string): number {
  const lookupFn = mcu.readUint16(0x18);
  const table = mcu.readUint16(tablePointer);
  return callRom(mcu, lookupFn, [table, code.charCodeAt(0) | (code.charCodeAt(1) << 8)])[0];
}

describe('ROM image', () => {
  it('has the header the SDK reads', () => {
    const bytes = new Uint8Array(buildRomImage().buffer);
    expect(new DataView(bytes.buffer).getUint32(0, true)).toBe(0x20042000);
    expect([...bytes.subarray(0x10, 0x14)]).toEqual([0x4d, 0x75, 1, 3]);
    expect(new DataView(bytes.buffer).getUint16(0x18, true) & 1).toBe(1);
  });

  it('returns a fresh copy each time', () => {
    const a = buildRomImage();
    a[0] = 0;
    expect(buildRomImage()[0]).toBe(0x20042000);
  });
});

describe('ROM lookup', () => {
  // What the pico-sdk expects of the lookup (its rom_func_lookup / rom_data_lookup): the code found
  // behaves as named, a data table's length in words sits 2 bytes before it, unknown codes give 0.
  // Checked by behaviour, not against the ROM's own layout.
  const f32 = (x: number) => {
    const v = new DataView(new ArrayBuffer(4));
    v.setFloat32(0, x, true);
    return v.getUint32(0, true);
  };
  const fromF32 = (bits: number) => {
    const v = new DataView(new ArrayBuffer(4));
    v.setUint32(0, bits, true);
    return v.getFloat32(0, true);
  };

  it('MC is memcpy and MS is memset', () => {
    const mcu = quietMcu();
    installRom(mcu);
    const src = SRAM + 0x2000;
    const dst = SRAM + 0x3000;
    for (let i = 0; i < 13; i++) mcu.sramView.setUint8(src - SRAM + i, 0xa0 + i);
    const memcpy = lookup(mcu, 0x14, 'MC');
    expect(memcpy & 1).toBe(1); // a Thumb function pointer
    expect(callRom(mcu, memcpy, [dst, src, 13])[0]).toBe(dst);
    expect([...mcu.sram.subarray(dst - SRAM, dst - SRAM + 14)]).toEqual(
      [...Array(13).keys()].map((i) => 0xa0 + i).concat(0),
    );
    const memset = lookup(mcu, 0x14, 'MS');
    callRom(mcu, memset, [dst + 1, 0x5a, 3]);
    expect([...mcu.sram.subarray(dst - SRAM, dst - SRAM + 5)]).toEqual([0xa0, 0x5a, 0x5a, 0x5a, 0xa4]);
  });

  it('SF is the 32-entry soft-float table whose first entries are fadd, fsub, fmul, fdiv', () => {
    const mcu = quietMcu();
    installRom(mcu);
    const table = lookup(mcu, 0x16, 'SF');
    expect(table).not.toBe(0);
    expect(mcu.readUint8(table - 2)).toBe(32);
    const entry = (i: number) => mcu.readUint32(table + 4 * i);
    expect(fromF32(callRom(mcu, entry(0), [f32(1.5), f32(2.25)])[0])).toBe(3.75);
    expect(fromF32(callRom(mcu, entry(1), [f32(1.5), f32(2.25)])[0])).toBe(-0.75);
    expect(fromF32(callRom(mcu, entry(2), [f32(1.5), f32(2.25)])[0])).toBe(3.375);
    expect(fromF32(callRom(mcu, entry(3), [f32(3), f32(4)])[0])).toBe(0.75);
  });

  it('returns 0 for codes it does not have', () => {
    const mcu = quietMcu();
    installRom(mcu);
    expect(lookup(mcu, 0x14, 'Q9')).toBe(0);
    expect(lookup(mcu, 0x16, 'Q9')).toBe(0);
  });
});

describe('ROM boot paths', () => {
  it('enters BOOTSEL (hook, core parked) when flash holds no valid boot2', () => {
    const mcu = quietMcu();
    const onBootsel = vi.fn();
    installRom(mcu, { onBootsel });
    for (let i = 0; i < 5; i++) mcu.core.executeInstruction();
    expect(onBootsel).toHaveBeenCalledTimes(1);
    expect(mcu.core.PC & ~3).toBe(romLayout().parkAddress);
    expect(mcu.core.waiting).toBe(true);
  });

  it('copies a CRC-valid boot2 to 0x20041f00 and enters it with LR = 0', () => {
    const mcu = quietMcu();
    installRom(mcu);
    const boot2 = withBoot2([0x01, 0x20, 0x02, 0x21]);
    mcu.flash.set(boot2);
    bootFromRom(mcu);
    mcu.core.executeInstruction();
    expect(mcu.core.PC).toBe(BOOT2_SRAM_ADDRESS);
    expect(mcu.core.LR).toBe(0);
    expect([...mcu.sram.subarray(BOOT2_SRAM_ADDRESS - SRAM, BOOT2_SRAM_ADDRESS - SRAM + 256)]).toEqual([...boot2]);
  });

  it('refuses a boot2 with a bad CRC', () => {
    const mcu = quietMcu();
    const onBootsel = vi.fn();
    installRom(mcu, { onBootsel });
    const boot2 = withBoot2([0x01, 0x20]);
    boot2[0] ^= 1;
    mcu.flash.set(boot2);
    bootFromRom(mcu);
    mcu.core.executeInstruction();
    expect(onBootsel).toHaveBeenCalledTimes(1);
  });

  it('honours a watchdog boot-to-address request', () => {
    const mcu = quietMcu();
    installRom(mcu);
    const pc = 0x20000101;
    mcu.writeUint32(0x4005801c, 0xb007c0d3);
    mcu.writeUint32(0x40058020, (pc ^ -0xb007c0d3) >>> 0);
    mcu.writeUint32(0x40058024, 0x20030000);
    mcu.writeUint32(0x40058028, pc);
    bootFromRom(mcu);
    mcu.core.executeInstruction();
    expect(mcu.core.PC).toBe(0x20000100);
    expect(mcu.core.SP).toBe(0x20030000);
    expect(mcu.readUint32(0x4005801c)).toBe(0);
  });

  it('calls onReboot when the watchdog fires, and restarts the core itself without the hook', () => {
    const mcu = quietMcu();
    const onReboot = vi.fn();
    installRom(mcu, { onReboot });
    mcu.writeUint32(0x40058000, 0x80000000); // CTRL.TRIGGER
    expect(onReboot).toHaveBeenCalledTimes(1);

    const plain = quietMcu();
    installRom(plain);
    plain.core.PC = 0x20000000;
    plain.core.VTOR = 0x10000100;
    plain.writeUint32(0x40058000, 0x80000000);
    expect(plain.core.VTOR).toBe(0);
    expect(plain.core.PC).toBe(plain.readUint32(4) & ~1);
  });
});

describe('ROM functions on the emulated CPU', () => {
  it('reset_to_usb_boot calls onBootsel and never returns', () => {
    const mcu = quietMcu();
    const onBootsel = vi.fn();
    installRom(mcu, { onBootsel });
    mcu.core.LR = RETURN_PAD | 1;
    mcu.core.PC = (romLayout().functions.get('UB') as number) & ~1;
    for (let i = 0; i < 6; i++) mcu.core.executeInstruction();
    expect(onBootsel).toHaveBeenCalledTimes(1);
    expect(mcu.core.PC & ~3).toBe(romLayout().parkAddress);
  });

  it('erases and programs rp2040.flash like NOR flash', () => {
    const mcu = quietMcu();
    installRom(mcu);
    const { functions } = romLayout();
    mcu.flash.fill(0x00, 0x100000, 0x102000);
    callRom(mcu, functions.get('RE') as number, [0x100000, 0x1000, 0x10000, 0xd8]);
    expect(mcu.flash.subarray(0x100000, 0x101000).every((b) => b === 0xff)).toBe(true);
    expect(mcu.flash[0x101000]).toBe(0x00);
    mcu.sram.fill(0x3c, 0x2000, 0x2100);
    callRom(mcu, functions.get('RP') as number, [0x100000, SRAM + 0x2000, 256]);
    mcu.sram.fill(0x0f, 0x2000, 0x2100);
    callRom(mcu, functions.get('RP') as number, [0x100000, SRAM + 0x2000, 256]);
    expect(mcu.flash[0x100000]).toBe(0x3c & 0x0f);
    expect(mcu.flash[0x100100]).toBe(0xff);
  });

  it('rejects a flash erase that runs past the end of flash with a clear error', () => {
    const mcu = quietMcu();
    installRom(mcu);
    expect(() => callRom(mcu, romLayout().functions.get('RE') as number, [0xfff000, 0x2000, 0, 0])).toThrow(
      /flash_range_erase: range 0xfff000\.\.0x1001000 runs past the end/,
    );
  });

  it('serves a soft-float table entry through its stub', () => {
    const mcu = quietMcu();
    installRom(mcu);
    const sf = romLayout().data.get('SF') as number;
    const fadd = mcu.readUint32(sf);
    const r = callRom(mcu, fadd, [0x3f800000, 0x40000000]);
    expect(r[0]).toBe(0x40400000);
  });
});

describe('BKPT dispatch', () => {
  it('throws a clear error for a BKPT in the ROM that is no entry point', () => {
    const mcu = quietMcu();
    installRom(mcu);
    mcu.bootrom[0x3ff0 / 4] = 0xbec8; // BKPT #200
    mcu.core.PC = 0x3ff0;
    expect(() => mcu.core.executeInstruction()).toThrow(RomError);
    mcu.bootrom[0x3ff0 / 4] = 0xbe05; // BKPT #5, but not at #5's stub
    mcu.core.PC = 0x3ff0;
    expect(() => mcu.core.executeInstruction()).toThrow(/BKPT #5 at 0x3ff0 is not a ROM entry point \(#5 belongs to/);
  });

  it('hands BKPTs outside the ROM (and BKPT #0) to the previous onBreak', () => {
    const mcu = quietMcu();
    const previous = vi.fn();
    mcu.onBreak = previous;
    installRom(mcu);
    mcu.sramView.setUint16(0, 0xbe07, true); // BKPT #7 in SRAM: the firmware's own breakpoint
    mcu.core.PC = SRAM;
    mcu.core.registers[0] = 0x1234;
    mcu.core.executeInstruction();
    expect(previous).toHaveBeenCalledWith(7);
    expect(mcu.core.registers[0]).toBe(0x1234);
    mcu.core.PC = (romLayout().functions.get('DE') as number) & ~1; // debug_trampoline_end: BKPT #0
    mcu.core.executeInstruction();
    expect(previous).toHaveBeenLastCalledWith(0);
  });

  it('does not erase flash when installed (rp2040js loadBootrom would)', () => {
    const mcu = quietMcu();
    mcu.flash[10] = 0x42;
    installRom(mcu);
    expect(mcu.flash[10]).toBe(0x42);
  });
});
