import type { AddressRange } from './paged-memory-reader';

/**
 * Where a board's memory may be read through its own CPU without faulting it: a read of an
 * unmapped address on a Pico is a HardFault (the board stops answering until it is reset). Known
 * from the machine name MicroPython reports (`sys.implementation._machine`).
 */
export interface ChipMemory {
  chip: string;
  /** SRAM: the heap, mp_state_ctx, .data/.bss, the stacks. */
  ram: AddressRange;
  /** Further ranges that hold static data: flash through XIP (type objects, the static qstr pool). */
  static: readonly AddressRange[];
}

const XIP_BASE = 0x10000000;
/** The XIP window maps 16 MB; reads past the chip's flash size mirror it and are harmless. */
const XIP_WINDOW = 16 * 1024 * 1024;
const SRAM_BASE = 0x20000000;

const CHIPS: readonly (ChipMemory & { pattern: RegExp })[] = [
  {
    chip: 'RP2040',
    pattern: /RP2040/i,
    // SRAM0–3 (256 KiB striped) and SRAM4/5 (4 KiB each).
    ram: { start: SRAM_BASE, end: SRAM_BASE + 0x42000 },
    static: [{ start: XIP_BASE, end: XIP_BASE + XIP_WINDOW }],
  },
  {
    chip: 'RP2350',
    pattern: /RP2350/i,
    // SRAM0–7 (512 KiB striped) and SRAM8/9 (4 KiB each).
    ram: { start: SRAM_BASE, end: SRAM_BASE + 0x82000 },
    static: [{ start: XIP_BASE, end: XIP_BASE + XIP_WINDOW }],
  },
  {
    // The MicroPython WebAssembly build: one linear memory from 0; static data below the heap.
    chip: 'WebAssembly',
    pattern: /Emscripten|JS with/i,
    ram: { start: 0x400, end: 0x7fff0000 },
    static: [],
  },
];

/** The memory map for `machine`, or undefined for a chip the lab does not know. */
export function chipMemoryOf(machine: string): ChipMemory | undefined {
  return CHIPS.find((c) => c.pattern.test(machine));
}

/** Every readable range of `chip`. */
export function readableRanges(chip: ChipMemory): AddressRange[] {
  return [chip.ram, ...chip.static];
}
