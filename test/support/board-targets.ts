// The boards a board-level test runs on, as one list: the browser build always, the Virtual Pico
// on the official firmware and on the older release beside it when they are there.
import { readFileSync } from 'node:fs';
import type { Board } from '../../src/board/board';
import { createNodeWasmBoard } from '../../src/board/wasm/wasm-board-node';
import { officialFirmwarePath, olderFirmwarePath } from './firmware-paths';

export interface BoardTarget {
  name: string;
  /** No firmware for it here: the test is skipped (with its name in the report). */
  skip: boolean;
  /** A new, not yet connected board. */
  open: () => Promise<Board>;
}

function picoTarget(name: string, path: string | undefined): BoardTarget {
  return {
    name,
    skip: !path,
    open: async () => {
      const { makeBoard } = await import('../../src/board/make-board');
      return makeBoard['virtual-pico']({ firmware: new Uint8Array(readFileSync(path!)), hosting: 'inline' });
    },
  };
}

export function boardTargets(): BoardTarget[] {
  return [
    { name: 'browser-wasm', skip: false, open: async () => createNodeWasmBoard() },
    picoTarget('virtual-pico', officialFirmwarePath()),
    // What a real Pico may still run.
    picoTarget('virtual-pico with the older firmware', olderFirmwarePath()),
  ];
}
