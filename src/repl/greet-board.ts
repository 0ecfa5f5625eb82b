import type { Board } from '../board/board';
import { whenIdle } from '../board/when-idle';

/** How long a freshly connected board may stay silent before it is nudged. */
export const GREETING_WAIT_MS = 300;
/** How long a board that is still busy booting is waited for before the nudge (ms). */
const IDLE_WAIT_MS = 2000;
/** How long the nudged board has to answer before whoever comes next may talk to it (ms). */
const ANSWER_WAIT_MS = 1000;

/**
 * Makes a freshly connected board show its banner and prompt. A Pico's USB
 * serial holds what it printed at boot until it next prints something, so a
 * silent board gets a space and a delete: MicroPython echoes "x\b \b", which
 * leaves nothing visible and brings the held banner along. Boards that already
 * spoke (the WebAssembly build prints its banner on start) are left alone.
 * Call right after connect() resolves; `idle` says nobody else (a program run)
 * has started talking to the board meanwhile. Resolves once the board answered
 * the nudge: a program sent before that would swallow the banner.
 */
export async function greetBoard(
  board: Board,
  { waitMs = GREETING_WAIT_MS, idle = () => true }: { waitMs?: number; idle?: () => boolean } = {},
): Promise<void> {
  let heard = false;
  const stop = board.onData(() => (heard = true));
  try {
    await new Promise((resolve) => setTimeout(resolve, waitMs));
    // A board still busy finishing its boot (a loaded machine) is nudged once it is idle.
    if (heard || !idle() || !(await whenIdle(board, IDLE_WAIT_MS)) || heard || !idle()) return;
  } finally {
    stop();
  }
  const answered = new Promise<void>((resolve) => {
    const timer = setTimeout(done, ANSWER_WAIT_MS);
    const off = board.onData(done);
    function done() {
      clearTimeout(timer);
      off();
      resolve();
    }
  });
  board.write(new Uint8Array([0x20, 0x7f]));
  await answered;
}
