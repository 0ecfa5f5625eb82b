// Boards the heap tests run on: the WebAssembly build always, the Virtual Pico
// when PICO_FIRMWARE points at a .uf2, and again on the older release beside it
// (v1.22: what a real Pico may still run). All go through the real REPL protocol
// (ReplSession) and the board's own memory() snapshot.
import { existsSync, readFileSync } from 'node:fs';
import type { Board } from '../../../src/board/board';
import type { MemoryImage } from '../../../src/memory/memory-image';
import { ReplSession } from '../../../src/repl/repl-session';
import { createNodeWasmBoard } from '../../../src/board/wasm/wasm-board-node';
import { olderFirmwarePath } from '../../support/firmware-paths';

export interface HeapTarget {
  name: 'browser-wasm' | 'virtual-pico';
  board: Board;
  session: ReplSession;
  memory(): Promise<MemoryImage>;
  dispose(): Promise<void>;
}

export const PICO_FIRMWARE = process.env.PICO_FIRMWARE;
export const hasPicoFirmware = !!PICO_FIRMWARE && existsSync(PICO_FIRMWARE);

export async function openWasmTarget(): Promise<HeapTarget> {
  const board = createNodeWasmBoard();
  const session = new ReplSession(board);
  await board.connect();
  return {
    name: 'browser-wasm',
    board,
    session,
    memory: () => board.memory(),
    dispose: async () => {
      session.dispose();
      await board.dispose();
    },
  };
}

export async function openPicoTarget(firmware = PICO_FIRMWARE!): Promise<HeapTarget> {
  // Imported lazily: the emulator is only loaded when a firmware is given.
  const { VirtualPicoBoard } = await import('../../../src/board/virtual-pico/virtual-pico-board');
  const board = new VirtualPicoBoard({ firmware: new Uint8Array(readFileSync(firmware)), hosting: 'inline' });
  const session = new ReplSession(board);
  await board.connect();
  return {
    name: 'virtual-pico',
    board,
    session,
    // Flash holds the static qstr pool and the built-in type objects.
    memory: () => board.memory({ includeFlash: true }),
    dispose: async () => {
      session.dispose();
      await board.dispose();
    },
  };
}

/** The targets to run, with a visible notice for the ones skipped. */
export function heapTargets(): {
  name: HeapTarget['name'];
  /** For test titles: the board, and the firmware release where there are two. */
  label: string;
  open: () => Promise<HeapTarget>;
  skip: boolean;
}[] {
  const older = olderFirmwarePath();
  if (!hasPicoFirmware) {
    console.warn(
      '[heap tests] PICO_FIRMWARE not set (or missing): Virtual Pico heap tests skipped; ' +
        'set it to a MicroPython .uf2 to run them.',
    );
  }
  return [
    { name: 'browser-wasm', label: 'browser-wasm', open: openWasmTarget, skip: false },
    { name: 'virtual-pico', label: 'virtual-pico', open: () => openPicoTarget(), skip: !hasPicoFirmware },
    {
      name: 'virtual-pico',
      label: `virtual-pico (older firmware: ${older?.replace(/^.*[\\/]/, '') ?? 'none'})`,
      open: () => openPicoTarget(older),
      skip: !older,
    },
  ];
}
