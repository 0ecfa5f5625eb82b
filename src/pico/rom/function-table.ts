/**
 * The ROM's public function table ('P3', 'MC', ...). Each entry is either served in TypeScript behind a
 * `BKPT #n; BX LR` stub, or is a few real Thumb instructions (the ones that never return to a caller).
 */
import { clz32, ctz32, popcount32, reverse32 } from './bits.ts';
import { enterBootsel } from './boot.ts';
import { flashRangeErase, flashRangeProgram } from './flash-ops.ts';
import { copyBytes, fillBytes } from './memory-ops.ts';
import type { RomHandler } from './rom-handler.ts';

export type FunctionEntry =
  | { code: string; name: string; kind: 'served'; handler: RomHandler }
  /** Thumb code laid out by the image builder (see rom-image.ts). */
  | { code: string; name: string; kind: 'wait_for_vector' | 'debug_trampoline' | 'debug_trampoline_end' };

/** Flash control entries: rp2040js reads flash through XIP whatever the SSI state, so nothing to do. */
const noop: RomHandler = () => undefined;

export const FUNCTION_TABLE: readonly FunctionEntry[] = [
  { code: 'P3', name: 'popcount32', kind: 'served', handler: (r) => void (r[0] = popcount32(r[0])) },
  { code: 'R3', name: 'reverse32', kind: 'served', handler: (r) => void (r[0] = reverse32(r[0])) },
  { code: 'L3', name: 'clz32', kind: 'served', handler: (r) => void (r[0] = clz32(r[0])) },
  { code: 'T3', name: 'ctz32', kind: 'served', handler: (r) => void (r[0] = ctz32(r[0])) },
  // memset(ptr, c, n) and memcpy(dest, src, n) return their first argument, which is already in r0.
  { code: 'MS', name: 'memset', kind: 'served', handler: (r, c) => fillBytes(c.mcu, r[0], r[1], r[2]) },
  { code: 'S4', name: 'memset4', kind: 'served', handler: (r, c) => fillBytes(c.mcu, r[0], r[1], r[2]) },
  { code: 'MC', name: 'memcpy', kind: 'served', handler: (r, c) => copyBytes(c.mcu, r[0], r[1], r[2]) },
  { code: 'C4', name: 'memcpy44', kind: 'served', handler: (r, c) => copyBytes(c.mcu, r[0], r[1], r[2]) },
  { code: 'UB', name: 'reset_to_usb_boot', kind: 'served', handler: (_r, c) => enterBootsel(c) },
  { code: 'DT', name: 'debug_trampoline', kind: 'debug_trampoline' },
  { code: 'DE', name: 'debug_trampoline_end', kind: 'debug_trampoline_end' },
  { code: 'WV', name: 'wait_for_vector', kind: 'wait_for_vector' },
  { code: 'IF', name: 'connect_internal_flash', kind: 'served', handler: noop },
  { code: 'EX', name: 'flash_exit_xip', kind: 'served', handler: noop },
  // flash_range_erase(addr, count, block_size, block_cmd): the block hints only speed up a real chip.
  { code: 'RE', name: 'flash_range_erase', kind: 'served', handler: (r, c) => flashRangeErase(c.mcu, r[0], r[1]) },
  {
    code: 'RP',
    name: 'flash_range_program',
    kind: 'served',
    handler: (r, c) => flashRangeProgram(c.mcu, r[0], r[1], r[2]),
  },
  { code: 'FC', name: 'flash_flush_cache', kind: 'served', handler: noop },
  { code: 'CX', name: 'flash_enter_cmd_xip', kind: 'served', handler: noop },
  // Re-enables clocks after a warm boot on silicon; rp2040js's clocks never stop.
  { code: 'EC', name: 'enable_clocks', kind: 'served', handler: noop },
];
