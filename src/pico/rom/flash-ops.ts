/**
 * Flash erase/program for the ROM's RE/RP entries, applied to rp2040.flash directly (rp2040js does not
 * emulate programming through the SSI). NOR semantics: erase sets whole 4 KB sectors to 0xFF, programming
 * can only clear bits (new = old AND data), so littlefs sees a real flash chip.
 */
import type { RP2040 } from 'rp2040js';
import { readBytes } from './memory-ops.ts';
import { RomError } from './rom-error.ts';

export const SECTOR_SIZE = 4096;
/** The chip sees 24 address bits; an XIP address (0x10xxxxxx) therefore lands on its flash offset. */
const FLASH_ADDRESS_MASK = 0x00ffffff;

function checkRange(mcu: RP2040, what: string, start: number, end: number): void {
  if (end > mcu.flash.length) {
    throw new RomError(
      `${what}: range 0x${start.toString(16)}..0x${end.toString(16)} runs past the end of the ` +
        `${mcu.flash.length / 1024 / 1024} MB flash`,
    );
  }
}

/** Erases every sector touched by [addr, addr+count) — a chip erases whole sectors, never less. */
export function flashRangeErase(mcu: RP2040, addr: number, count: number): void {
  count >>>= 0;
  if (count === 0) return;
  const offset = (addr >>> 0) & FLASH_ADDRESS_MASK;
  const start = offset - (offset % SECTOR_SIZE);
  const end = Math.ceil((offset + count) / SECTOR_SIZE) * SECTOR_SIZE;
  checkRange(mcu, 'flash_range_erase', start, end);
  mcu.flash.fill(0xff, start, end);
}

export function flashRangeProgram(mcu: RP2040, addr: number, data: number, count: number): void {
  count >>>= 0;
  if (count === 0) return;
  const offset = (addr >>> 0) & FLASH_ADDRESS_MASK;
  checkRange(mcu, 'flash_range_program', offset, offset + count);
  const bytes = readBytes(mcu, data, count);
  const flash = mcu.flash;
  for (let i = 0; i < count; i++) flash[offset + i] &= bytes[i];
}
