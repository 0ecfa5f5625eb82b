import type { Board, BoardKind } from '../board/board';
import { browserBoardSetup } from './browser-board-setup';
import { virtualPicoSetup } from './virtual-pico-setup';
import { usbPicoSetup } from './usb-pico-setup';
import { BOARD_WORDS } from '../board/board-words';

/**
 * Every board the picker offers, in one list: adding a board (Virtual Pico,
 * USB Pico) is one more entry. Boards are created through dynamic imports so a
 * board's code (and its worker/wasm) loads only when it is chosen.
 */
export interface BoardEntry {
  /** Stable id, also remembered in localStorage. */
  readonly id: BoardKind;
  /** Short name for the picker. */
  readonly label: string;
  /** A few words beside the picker: what this board is not (or is), in brief. */
  readonly caveat: string;
  /** One honest sentence, shown when the learner asks about the board (the info button beside the caveat). */
  readonly description: string;
  /** Why this board cannot be used in this browser right now, or undefined if it can. */
  unavailableReason?(): string | undefined;
  /** Creates a fresh, not yet connected board. */
  create(): Promise<Board>;
}

export const boardRegistry: readonly BoardEntry[] = [
  {
    id: 'browser-wasm',
    ...BOARD_WORDS['browser-wasm'],
    unavailableReason: () =>
      typeof WebAssembly === 'object' && typeof Worker === 'function'
        ? undefined
        : 'This browser lacks WebAssembly or Web Workers.',
    create() {
      // Its files are kept in this browser like a Pico's flash; its default heap resembles a Pico's (~240 KB).
      return browserBoardSetup.createBoard();
    },
  },
  {
    id: 'virtual-pico',
    ...BOARD_WORDS['virtual-pico'],
    unavailableReason: () =>
      typeof Worker === 'function' && typeof indexedDB === 'object'
        ? undefined
        : 'This browser lacks Web Workers or IndexedDB, which the Virtual Pico needs.',
    create() {
      // Firmware search, saved flash and persistence live in the setup (the app shell needs it anyway,
      // for .uf2 drops); it loads the emulator lazily and throws BoardSetupError without firmware.
      return virtualPicoSetup.createBoard();
    },
  },
  {
    id: 'usb-pico',
    ...BOARD_WORDS['usb-pico'],
    unavailableReason: () => usbPicoSetup.unavailableReason(),
    create() {
      // A port chosen in the browser's list (the strip's button), or one allowed before; else
      // BoardSetupError: the strip then offers the chooser.
      return usbPicoSetup.createBoard();
    },
  },
];

/** The entry with this id, or undefined. */
export function findBoard(id: string, registry: readonly BoardEntry[] = boardRegistry): BoardEntry | undefined {
  return registry.find((entry) => entry.id === id);
}

/** The first entry usable in this browser (the default choice). */
export function defaultBoard(registry: readonly BoardEntry[] = boardRegistry): BoardEntry | undefined {
  return registry.find((entry) => !entry.unavailableReason?.()) ?? registry[0];
}
