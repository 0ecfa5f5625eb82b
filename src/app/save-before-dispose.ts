import type { Board } from '../board/board';

type BoardClass<T extends Board, A extends unknown[]> = new (...args: A) => T;

/**
 * A board class whose dispose() first gives the lab a last chance to save its flash (board switch,
 * page teardown): the worker, and with it the flash or the files, is gone afterwards.
 */
export function savingBeforeDispose<T extends Board, O>(Base: BoardClass<T, [O]>) {
  return class extends (Base as BoardClass<Board, [O]>) {
    constructor(
      options: O,
      private readonly beforeDispose: () => Promise<void>,
    ) {
      super(options);
    }

    override async dispose(): Promise<void> {
      try {
        await this.beforeDispose();
      } catch {
        /* saving is best effort; the board goes anyway */
      }
      await super.dispose();
    }
  } as unknown as new (options: O, beforeDispose: () => Promise<void>) => T;
}
