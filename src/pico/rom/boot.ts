/**
 * The ROM's reset path, as the genuine RP2040 bootrom does it (datasheet §2.8.1): a watchdog
 * "boot to address" request wins; otherwise the first 256 bytes of flash (boot2) are checked with
 * CRC-32/MPEG-2, copied to the top of SRAM (0x20041f00) and entered with LR = 0, which tells boot2 to
 * configure XIP and jump through the application's vector table at 0x10000100. No valid boot2 → BOOTSEL.
 */
import type { RP2040 } from 'rp2040js';
import type { RomContext } from './rom-handler.ts';

export const BOOT2_SRAM_ADDRESS = 0x20041f00;
export const BOOT2_SIZE = 256;
const WATCHDOG_SCRATCH4 = 0x4005801c;
const WATCHDOG_SCRATCH5 = 0x40058020;
const WATCHDOG_SCRATCH6 = 0x40058024;
const WATCHDOG_SCRATCH7 = 0x40058028;
const BOOT_TO_ADDRESS_MAGIC = 0xb007c0d3;
const SYST_CSR = 0xe000e010;

let crcTable: Uint32Array | undefined;

/** CRC-32 with polynomial 0x04c11db7, MSB first, initial value 0xffffffff, no final XOR (boot2's check). */
export function crc32Mpeg2(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let i = 0; i < 256; i++) {
      let c = i << 24;
      for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
      crcTable[i] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const b of bytes) crc = ((crc << 8) ^ crcTable[((crc >>> 24) ^ b) & 0xff]) >>> 0;
  return crc >>> 0;
}

/** True when flash starts with a boot2 whose last word is the CRC of its first 252 bytes. */
export function hasValidBoot2(flash: Uint8Array): boolean {
  const stored = (flash[252] | (flash[253] << 8) | (flash[254] << 16) | (flash[255] << 24)) >>> 0;
  return crc32Mpeg2(flash.subarray(0, 252)) === stored;
}

export function romReset(r: Uint32Array, ctx: RomContext): void {
  const { mcu } = ctx;
  const core = mcu.core;
  const scratch4 = mcu.readUint32(WATCHDOG_SCRATCH4) >>> 0;
  if (scratch4 === BOOT_TO_ADDRESS_MAGIC) {
    const pc = mcu.readUint32(WATCHDOG_SCRATCH7) >>> 0;
    const check = mcu.readUint32(WATCHDOG_SCRATCH5) >>> 0;
    mcu.writeUint32(WATCHDOG_SCRATCH4, 0);
    if (check === (pc ^ -BOOT_TO_ADDRESS_MAGIC) >>> 0) {
      core.SP = mcu.readUint32(WATCHDOG_SCRATCH6);
      core.PC = pc & ~1;
      return;
    }
  }
  if (hasValidBoot2(mcu.flash)) {
    mcu.sram.set(mcu.flash.subarray(0, BOOT2_SIZE), BOOT2_SRAM_ADDRESS - 0x20000000);
    core.SP = BOOT2_SRAM_ADDRESS;
    r[14] = 0;
    core.PC = BOOT2_SRAM_ADDRESS;
    return;
  }
  enterBootsel(ctx);
}

/** Stops the core the way a chip sitting in BOOTSEL looks from outside: no interrupts, asleep in WFI. */
export function parkCore(ctx: RomContext): void {
  const core = ctx.mcu.core;
  ctx.mcu.writeUint32(SYST_CSR, 0);
  core.enabledInterrupts = 0;
  core.pendingInterrupts = 0;
  core.pendingSystick = false;
  core.pendingPendSV = false;
  core.pendingSVCall = false;
  core.PM = true;
  core.PC = ctx.parkAddress;
}

export function enterBootsel(ctx: RomContext): void {
  parkCore(ctx);
  ctx.hooks.onBootsel?.();
}

/** Cortex-M reset as far as the core goes: vector table back at the ROM, SP/PC from its first two words. */
export function bootFromRom(mcu: RP2040): void {
  const core = mcu.core;
  core.VTOR = 0;
  core.PM = false;
  core.IPSR = 0;
  core.waiting = false;
  core.enabledInterrupts = 0;
  core.pendingInterrupts = 0;
  core.pendingSystick = false;
  core.pendingPendSV = false;
  core.pendingSVCall = false;
  core.pendingNMI = false;
  (core as unknown as { currentMode: number }).currentMode = 0;
  core.reset();
}
