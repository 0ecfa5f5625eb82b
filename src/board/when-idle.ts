import type { Board } from './board';

/**
 * Resolves true once `board` is ready (idle at its prompt), false if it is not within `timeoutMs`
 * or goes anywhere but ready. A board that was busy answering the last program (its prompt arrives
 * just before its status says so) is waited for; one that is booting or failed is not.
 */
export function whenIdle(board: Board, timeoutMs: number): Promise<boolean> {
  if (board.status === 'ready') return Promise.resolve(true);
  if (board.status !== 'busy') return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (ready: boolean) => {
      clearTimeout(timer);
      off();
      resolve(ready);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    const off = board.onStatus((status) => {
      if (status !== 'busy') done(status === 'ready');
    });
  });
}
