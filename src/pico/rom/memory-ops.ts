/**
 * memcpy/memset for the ROM, on the emulated bus. Copies within SRAM (and from XIP flash into SRAM) go
 * straight through the typed arrays; anything else (peripherals, USB DPRAM, ROM) goes byte by byte
 * through rp2040js's bus so side effects stay those of the real accesses.
 */
import type { RP2040 } from 'rp2040js';
import { RomError } from './rom-error.ts';

const SRAM_BASE = 0x20000000;
const XIP_BASE = 0x10000000;
const XIP_END = 0x14000000;
/** No ROM call moves more than the whole address-space worth of RAM + flash; beyond is a corrupt length. */
const MAX_LENGTH = 0x01000000;

function sramOffset(mcu: RP2040, address: number, length: number): number {
  const offset = address - SRAM_BASE;
  return offset >= 0 && offset + length <= mcu.sram.length ? offset : -1;
}

/** XIP flash is mirrored four times (cached/uncached aliases); all read the same array. */
function flashOffset(mcu: RP2040, address: number, length: number): number {
  if (address < XIP_BASE || address >= XIP_END) return -1;
  const offset = address & 0x00ffffff;
  return offset + length <= mcu.flash.length ? offset : -1;
}

function checkLength(name: string, length: number): void {
  if (length > MAX_LENGTH) {
    throw new RomError(`${name}: length ${length} (0x${length.toString(16)}) is larger than any memory on the RP2040`);
  }
}

export function copyBytes(mcu: RP2040, dest: number, src: number, length: number): void {
  dest >>>= 0;
  src >>>= 0;
  length >>>= 0;
  if (length === 0) return;
  checkLength('memcpy', length);
  const d = sramOffset(mcu, dest, length);
  if (d >= 0) {
    const s = sramOffset(mcu, src, length);
    if (s >= 0) {
      mcu.sram.copyWithin(d, s, s + length);
      return;
    }
    const f = flashOffset(mcu, src, length);
    if (f >= 0) {
      mcu.sram.set(mcu.flash.subarray(f, f + length), d);
      return;
    }
  }
  for (let i = 0; i < length; i++) {
    mcu.writeUint8((dest + i) >>> 0, mcu.readUint8((src + i) >>> 0));
  }
}

export function fillBytes(mcu: RP2040, dest: number, value: number, length: number): void {
  dest >>>= 0;
  length >>>= 0;
  value &= 0xff;
  if (length === 0) return;
  checkLength('memset', length);
  const d = sramOffset(mcu, dest, length);
  if (d >= 0) {
    mcu.sram.fill(value, d, d + length);
    return;
  }
  for (let i = 0; i < length; i++) mcu.writeUint8((dest + i) >>> 0, value);
}

/** Reads `length` bytes from the bus into a fresh array (fast for SRAM and flash). */
export function readBytes(mcu: RP2040, src: number, length: number): Uint8Array {
  src >>>= 0;
  checkLength('read', length);
  const s = sramOffset(mcu, src, length);
  if (s >= 0) return mcu.sram.slice(s, s + length);
  const f = flashOffset(mcu, src, length);
  if (f >= 0) return mcu.flash.slice(f, f + length);
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = mcu.readUint8((src + i) >>> 0);
  return out;
}
