import type { Board } from '../../src/board/board';

/** Collects a board's serial output as latin1 text and waits for patterns in it. */
export class SerialCapture {
  text = '';
  private readonly off: () => void;
  private waiters: Array<() => void> = [];

  constructor(board: Board) {
    this.off = board.onData((bytes) => {
      this.text += Buffer.from(bytes).toString('latin1');
      for (const w of this.waiters.splice(0)) w();
    });
  }

  clear(): void {
    this.text = '';
  }

  /** Resolves with the text once `pattern` occurs; rejects with what arrived after `timeoutMs`. */
  waitFor(pattern: string | RegExp, timeoutMs = 10_000): Promise<string> {
    const found = () => (typeof pattern === 'string' ? this.text.includes(pattern) : pattern.test(this.text));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`timed out waiting for ${String(pattern)}; got ${JSON.stringify(this.text.slice(-400))}`));
      }, timeoutMs);
      const check = () => {
        if (found()) {
          clearTimeout(timer);
          resolve(this.text);
        } else this.waiters.push(check);
      };
      check();
    });
  }

  dispose(): void {
    this.off();
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
