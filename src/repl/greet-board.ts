import type { Board } from '../board/board';
import { whenIdle } from '../board/when-idle';

/** How long a freshly connected board may stay silent before it is nudged. */
export const GREETING_WAIT_MS = 300;
/** How long a board that is still busy booting is waited for before the nudge (ms). */
const IDLE_WAIT_MS = 2000;
/** How long the board has to answer the nudge, or the request for its banner (ms). */
const ANSWER_WAIT_MS = 1000;
/** Ctrl-B at an empty friendly-REPL line: MicroPython prints its banner and a fresh prompt. */
const CTRL_B = 0x02;
const PROMPT = '>>> ';
/** MicroPython's answer to the delete ("\b\x1b[K", or "\b \b" elsewhere) starts with a backspace. */
const DELETE_ECHO = '\b';

/**
 * Makes a freshly connected board show its banner and prompt, once. Boards that
 * already spoke (the WebAssembly build prints its banner on start) are left alone.
 * A silent board gets a space and a delete, which leave nothing visible:
 * - MicroPython v1.23 and later on a Pico hold what they printed at boot in the
 *   USB serial's buffer until the port is opened and they print again, so the
 *   echo brings the held banner and prompt along;
 * - older firmware (v1.22) dropped them, and so does a board that booted long
 *   ago: when the answer has no prompt, Ctrl-B asks the REPL for its banner.
 * Call right after connect() resolves; `idle` says nobody else (a program run)
 * has started talking to the board meanwhile. Resolves once the board answered:
 * a program sent before that would swallow the banner.
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
  const echo = await answer(board, new Uint8Array([0x20, 0x7f]), (text) => text.includes(DELETE_ECHO));
  if (echo.includes(PROMPT) || !idle()) return;
  await answer(board, new Uint8Array([CTRL_B]), (text) => text.includes(PROMPT));
}

/** Sends `bytes` and collects the board's answer until `complete` says it is all there, or a timeout. */
function answer(board: Board, bytes: Uint8Array, complete: (text: string) => boolean): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const timer = setTimeout(done, ANSWER_WAIT_MS);
    const off = board.onData((data) => {
      text += String.fromCharCode(...data);
      if (complete(text)) done();
    });
    function done() {
      clearTimeout(timer);
      off();
      resolve(text);
    }
    board.write(bytes);
  });
}
