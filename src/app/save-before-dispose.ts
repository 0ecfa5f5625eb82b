import type { Board } from '../board/board';

/**
 * Gives the lab a last chance to save a board's flash before it goes away (board switch, page
 * teardown): the worker, and with it the flash or the files, is gone after dispose().
 */
export function saveBeforeDispose<T extends Board>(board: T, save: () => Promise<void>): T {
  const dispose = board.dispose.bind(board);
  board.dispose = async () => {
    try {
      await save();
    } catch {
      /* saving is best effort; the board goes anyway */
    }
    await dispose();
  };
  return board;
}
