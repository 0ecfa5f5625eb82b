/**
 * Lays out the project ROM: the header the SDK reads, code stubs, the soft-float/double tables and the
 * function/data lookup tables. Everything the firmware can call is a `BKPT #n; BX LR` stub (n ≥ 1; BKPT
 * #0 stays the debugger's), served by the handler registered under n.
 *
 * Header (RP2040 datasheet §2.8.2): 0x00 initial SP, 0x04 reset, 0x08 NMI, 0x0c HardFault, 0x10 'M' 'u'
 * 0x01 version, 0x14 u16 function table, 0x16 u16 data table, 0x18 u16 lookup routine (Thumb address).
 * Tables are (u16 code, u16 pointer) pairs ending with code 0; code = c1 | c2 << 8.
 */
import { romReset } from './boot.ts';
import { FUNCTION_TABLE } from './function-table.ts';
import type { RomHandler } from './rom-handler.ts';
import { RomWriter, THUMB } from './rom-writer.ts';
import { SOFT_DOUBLE_TABLE, SOFT_FLOAT_TABLE, type TableEntry } from './soft-float-table.ts';

export const ROM_SIZE = 16 * 1024;
/** The version the SDK checks; 3 (RP2040-B2) means every SF/SD entry, including dsincos, is native. */
export const ROM_VERSION = 3;
export const ROM_INITIAL_SP = 0x20042000;
export const ROM_COPYRIGHT = 'Pico Heap Lab project ROM - an independent implementation, not the Raspberry Pi bootrom';
/** Stands in for the genuine ROM's git revision word: 'PHL' + 1. */
export const ROM_GIT_REVISION = 0x50484c01;

export interface RomLayout {
  /** ROM contents as words, for rp2040.bootrom. */
  image: Uint32Array;
  /** Served handler by BKPT number (index 0 unused). */
  handlers: (RomHandler | undefined)[];
  /** Address of the BKPT instruction of each stub, by BKPT number (−1 unused). */
  stubAddress: number[];
  /** Name of each served entry by BKPT number, for error messages and tracing. */
  names: string[];
  parkAddress: number;
  functionTable: number;
  dataTable: number;
  /** Function code → Thumb address (odd). */
  functions: Map<string, number>;
  /** Data code → address. */
  data: Map<string, number>;
}

function code16(code: string): number {
  return code.charCodeAt(0) | (code.charCodeAt(1) << 8);
}

export function buildRomLayout(): RomLayout {
  const w = new RomWriter(ROM_SIZE);
  const handlers: (RomHandler | undefined)[] = [undefined];
  const stubAddress: number[] = [-1];
  const names: string[] = [''];

  /** Emits `BKPT #n; BX LR` served by `handler` and returns the stub's Thumb address. */
  const stub = (name: string, handler: RomHandler): number => {
    const n = handlers.length;
    if (n > 0xff) throw new Error('out of BKPT numbers');
    handlers.push(handler);
    stubAddress.push(w.pos);
    names.push(name);
    const at = w.pos;
    w.u16(THUMB.bkpt(n)).u16(THUMB.bxLr);
    return at | 1;
  };

  // Header, with forward references patched below.
  w.u32(ROM_INITIAL_SP);
  const resetVectorAt = w.pos;
  w.u32(0).u32(0).u32(0);
  w.ascii('Mu').u8(1).u8(ROM_VERSION);
  const tablePointersAt = w.pos;
  w.u16(0).u16(0).u16(0).u16(0);
  w.pos = 0x40;

  // A core with nowhere to go waits here with interrupts masked (BOOTSEL, or a fault before the
  // firmware has its own vector table).
  const parkAddress = w.pos;
  w.u16(THUMB.wfi).u16(THUMB.b(parkAddress + 2, parkAddress));
  const resetAddress = stub('reset', romReset);
  const lookupAddress = stub('rom_table_lookup', (r, ctx) => {
    // lookup(table, code): walk (code, pointer) halfword pairs until code 0.
    const code = r[1] & 0xffff;
    let at = r[0] >>> 0;
    for (;;) {
      const entry = ctx.mcu.readUint16(at);
      if (entry === 0) {
        r[0] = 0;
        return;
      }
      if (entry === code) {
        r[0] = ctx.mcu.readUint16(at + 2);
        return;
      }
      at += 4;
    }
  });

  // Functions with Thumb bodies.
  const functions = new Map<string, number>();
  const waitForVector = w.pos;
  w.u16(THUMB.wfe).u16(THUMB.b(waitForVector + 2, waitForVector));
  // debug_trampoline: call the function in r7 with r0..r3, then stop at BKPT #0 for the debugger.
  const debugTrampoline = w.pos;
  w.u16(THUMB.blxR7);
  const debugTrampolineEnd = w.pos;
  w.u16(THUMB.bkpt(0)).u16(THUMB.b(debugTrampolineEnd + 2, debugTrampolineEnd));
  w.align(4);

  for (const entry of FUNCTION_TABLE) {
    switch (entry.kind) {
      case 'served':
        functions.set(entry.code, stub(entry.name, entry.handler));
        break;
      case 'wait_for_vector':
        functions.set(entry.code, waitForVector | 1);
        break;
      case 'debug_trampoline':
        functions.set(entry.code, debugTrampoline | 1);
        break;
      case 'debug_trampoline_end':
        functions.set(entry.code, debugTrampolineEnd | 1);
        break;
    }
  }

  // Soft float / double code ranges (FS..FE, DS..DE), then the tables themselves.
  const data = new Map<string, number>();
  const emitTableCode = (entries: readonly TableEntry[]) => entries.map((e) => stub(e.name, e.handler));
  data.set('FS', w.pos);
  const floatStubs = emitTableCode(SOFT_FLOAT_TABLE);
  data.set('FE', w.pos);
  data.set('DS', w.pos);
  const doubleStubs = emitTableCode(SOFT_DOUBLE_TABLE);
  data.set('DE', w.pos);

  // Each table is word aligned with its length in words in the byte two before it (the SDK checks it).
  const emitTable = (code: string, pointers: number[]) => {
    w.align(4);
    w.u16(0).u8(pointers.length).u8(0);
    data.set(code, w.pos);
    for (const p of pointers) w.u32(p);
  };
  emitTable('SF', floatStubs);
  data.set('FZ', (data.get('SF') as number) - 2);
  emitTable('SD', doubleStubs);

  w.align(4);
  data.set('GR', w.pos);
  w.u32(ROM_GIT_REVISION);
  data.set('CR', w.pos);
  w.ascii(ROM_COPYRIGHT).u8(0);

  w.align(4);
  const functionTable = w.pos;
  for (const [c, address] of functions) w.u16(code16(c)).u16(address);
  w.u16(0).u16(0);
  const dataTable = w.pos;
  for (const c of ['CR', 'GR', 'SF', 'SD', 'FZ', 'FS', 'FE', 'DS', 'DE']) {
    w.u16(code16(c)).u16(data.get(c) as number);
  }
  w.u16(0).u16(0);

  w.patch32(resetVectorAt, resetAddress);
  w.patch32(resetVectorAt + 4, parkAddress | 1); // NMI
  w.patch32(resetVectorAt + 8, parkAddress | 1); // HardFault
  w.patch16(tablePointersAt, functionTable);
  w.patch16(tablePointersAt + 2, dataTable);
  w.patch16(tablePointersAt + 4, lookupAddress);

  const image = new Uint32Array(w.bytes.buffer.slice(0), 0, ROM_SIZE / 4);
  return {
    image,
    handlers,
    stubAddress,
    names,
    parkAddress,
    functionTable,
    dataTable,
    functions,
    data,
  };
}
