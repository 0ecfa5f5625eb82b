import type { Board } from '../board/board';

/** How long a freshly connected board may stay silent before it is nudged. */
export const GREETING_WAIT_MS = 300;

/**
 * Makes a freshly connected board show its banner and prompt. A Pico's USB
 * serial holds what it printed at boot until it next prints something, so a
 * silent board gets a space and a delete: MicroPython echoes "x\b \b", which
 * leaves nothing visible and brings the held banner along. Boards that already
 * spoke (the WebAssembly build prints its banner on start) are left alone.
 * Call right after connect() resolves; `idle` says nobody else (a program run)
 * has started talking to the board meanwhile.
 */
export async function greetBoard(
  board: Board,
  { waitMs = GREETING_WAIT_MS, idle = () => true }: { waitMs?: number; idle?: () => boolean } = {},
): Promise<void> {
  let heard = false;
  const stop = board.onData(() => (heard = true));
  try {
    await new Promise((resolve) => setTimeout(resolve, waitMs));
  } finally {
    stop();
  }
  if (!heard && board.status === 'ready' && idle()) board.write(new Uint8Array([0x20, 0x7f]));
}
