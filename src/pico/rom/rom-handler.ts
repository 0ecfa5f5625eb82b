import type { RP2040 } from 'rp2040js';
import type { RomHooks } from './hooks.ts';

/** What a ROM function served in TypeScript gets: the live register file and the chip. */
export interface RomContext {
  mcu: RP2040;
  hooks: RomHooks;
  /** Address of the ROM's `WFI; B` loop where a stopped core is parked (BOOTSEL). */
  parkAddress: number;
}

/**
 * Runs synchronously inside rp2040js's BKPT handling with PC already past the BKPT, so by default the
 * stub's following `BX LR` returns to the caller; a handler that must not return sets PC itself.
 */
export type RomHandler = (r: Uint32Array, ctx: RomContext) => void;
