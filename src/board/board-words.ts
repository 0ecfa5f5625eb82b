import type { BoardKind } from './board';

/** How the lab names and describes each kind of board: the picker, the board's info and the CLI read it here. */
export interface BoardWords {
  /** Short name for the picker. */
  readonly label: string;
  /** A few words beside the picker: what this board is not (or is), in brief. */
  readonly caveat: string;
  /** Honest sentences, shown when the learner asks about the board. */
  readonly description: string;
}

/** The firmware releases the Virtual Pico is tested with in CI (README: Tested releases). */
export const TESTED_FIRMWARE = ['v1.28.0', 'v1.22.2'] as const;

export const BOARD_WORDS: Record<BoardKind, BoardWords> = {
  'browser-wasm': {
    label: 'MicroPython in the browser',
    caveat: 'Not a Pico model',
    description:
      'MicroPython in the browser — not a Pico model: its heap grows on demand, so it never shows a ' +
      'Pico\u2019s MemoryError or fragmentation limits. Stop raises KeyboardInterrupt and keeps your ' +
      'variables where the page is cross-origin isolated; elsewhere Stop restarts MicroPython.',
  },
  'virtual-pico': {
    label: 'Virtual Pico',
    caveat: 'Emulated Pico, real firmware',
    description:
      'An emulated Raspberry Pi Pico (RP2040, rp2040js) running real MicroPython firmware: same heap and ' +
      `limits as a Pico, slower clock. Tested with the official RPI_PICO firmware ${TESTED_FIRMWARE.join(' and ')}.`,
  },
  'usb-pico': {
    label: 'USB Pico',
    caveat: 'Your own Pico, over Web Serial',
    description:
      'A Raspberry Pi Pico plugged into this computer, reached through the browser\u2019s Web Serial (Chrome, ' +
      'Edge, Opera). The Pico reads its own memory for the heap views, over the REPL. Tested with MicroPython ' +
      `${TESTED_FIRMWARE.join(' and ')} on the RP2040.`,
  },
};

/** The boards the command line can open (no browser: no Web Serial). */
export const CLI_BOARDS = ['virtual-pico', 'browser-wasm'] as const satisfies readonly BoardKind[];
