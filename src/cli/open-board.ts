import { readFile } from 'node:fs/promises';
import type { Board, BoardKind } from '../board/board';
import { Uf2Error } from '../firmware/uf2';
import { BoardSetupError } from '../board/board-setup-error';
import { makeBoard } from '../board/make-board';

export interface OpenedBoard {
  board: Board;
  /** Virtual time since power-on in ms (undefined for boards without a virtual clock). */
  emulatedMs(): Promise<number | undefined>;
}

export interface OpenBoardOptions {
  board: BoardKind;
  firmware?: string;
  /** Emulator warnings (the CLI shows them only with PICO_HEAP_LAB_DEBUG=1). */
  onWarning?: (message: string) => void;
}

async function readFirmware(path: string | undefined): Promise<Uint8Array> {
  if (!path) {
    throw new BoardSetupError(
      'no firmware: pass --firmware PATH.uf2 or set PICO_FIRMWARE (get one with `npm run firmware`)',
    );
  }
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new BoardSetupError(`cannot read firmware ${path}: ${reason}`);
  }
}

/** Creates and boots the chosen board in this process; throws BoardSetupError with a one-line reason. */
export async function openBoard(options: OpenBoardOptions): Promise<OpenedBoard> {
  if (options.board === 'usb-pico') throw new BoardSetupError('the USB Pico needs a browser with Web Serial');
  if (options.board === 'browser-wasm') {
    const { spawnNodeWorker } = await import('../board/wasm/wasm-board-node');
    const board = await makeBoard['browser-wasm']({ spawn: spawnNodeWorker });
    try {
      await board.connect();
    } catch (error) {
      await board.dispose().catch(() => undefined);
      throw new BoardSetupError(`the MicroPython WebAssembly board did not start: ${(error as Error).message}`);
    }
    return { board, emulatedMs: async () => undefined };
  }

  const firmware = await readFirmware(options.firmware);
  const board = await makeBoard['virtual-pico']({ firmware, hosting: 'inline', onWarning: options.onWarning });
  try {
    await board.connect();
  } catch (error) {
    await board.dispose().catch(() => undefined);
    if (error instanceof Uf2Error) throw new BoardSetupError(`bad firmware ${options.firmware}: ${error.message}`);
    throw new BoardSetupError(`the Virtual Pico did not boot: ${(error as Error).message}`);
  }
  return { board, emulatedMs: async () => (await board.stats()).emulatedMs };
}
