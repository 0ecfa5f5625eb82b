/**
 * Collects bytes as they arrive from a board and lets protocol code wait for
 * a pattern, a byte count or a predicate, with a timeout. One waiter at a time:
 * the REPL protocol is strictly request/response.
 */
export class ReplTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplTimeoutError';
  }
}

/** exec's own `timeoutMs` ran out: the program was interrupted (not a board that stopped answering). */
export class ProgramTimeoutError extends ReplTimeoutError {
  constructor(message: string) {
    super(message);
    this.name = 'ProgramTimeoutError';
  }
}

export class ReplAbortedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplAbortedError';
  }
}

type Waiter = {
  test: () => boolean;
  resolve: () => void;
  reject: (e: Error) => void;
  timer?: ReturnType<typeof setTimeout>;
};

export class ByteReader {
  private buf = new Uint8Array(1024);
  private len = 0;
  private waiter: Waiter | undefined;
  /** A failure that arrived while nobody waited: the next wait gets it. */
  private pendingError: Error | undefined;

  get available(): number {
    return this.len;
  }

  push(bytes: Uint8Array): void {
    if (this.len + bytes.length > this.buf.length) {
      const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.len + bytes.length));
      bigger.set(this.buf.subarray(0, this.len));
      this.buf = bigger;
    }
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
    this.check();
  }

  /** Drops everything received so far (stale prompts, echoes). */
  clear(): Uint8Array {
    return this.take(this.len);
  }

  /** Drops buffered bytes and any recorded failure: a fresh conversation starts. */
  reset(): void {
    this.len = 0;
    this.pendingError = undefined;
  }

  /** Removes and returns the first `n` bytes (n ≤ available). */
  take(n: number): Uint8Array {
    const out = this.buf.slice(0, n);
    this.buf.copyWithin(0, n, this.len);
    this.len -= n;
    return out;
  }

  /** Index of `pattern` in the buffered bytes, or -1. */
  indexOf(pattern: Uint8Array, from = 0): number {
    outer: for (let i = from; i + pattern.length <= this.len; i++) {
      for (let j = 0; j < pattern.length; j++) if (this.buf[i + j] !== pattern[j]) continue outer;
      return i;
    }
    return -1;
  }

  /** Waits until `n` bytes are buffered, then takes them. */
  async read(n: number, timeoutMs: number, what: string): Promise<Uint8Array> {
    await this.waitFor(() => this.len >= n, timeoutMs, what);
    return this.take(n);
  }

  /** Waits for `pattern` and takes everything up to and including it. */
  async readUntil(pattern: Uint8Array, timeoutMs: number, what: string): Promise<Uint8Array> {
    let at = -1;
    await this.waitFor(() => (at = this.indexOf(pattern)) >= 0, timeoutMs, what);
    return this.take(at + pattern.length);
  }

  /** Resolves when `test()` holds (checked on every push). */
  waitFor(test: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (this.waiter) return Promise.reject(new Error('ByteReader: concurrent waits'));
    if (this.pendingError) {
      const e = this.pendingError;
      this.pendingError = undefined;
      return Promise.reject(e);
    }
    if (test()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { test, resolve, reject };
      if (Number.isFinite(timeoutMs)) {
        waiter.timer = setTimeout(() => {
          if (this.waiter === waiter) this.waiter = undefined;
          reject(new ReplTimeoutError(`timed out after ${timeoutMs} ms waiting for ${what}`));
        }, timeoutMs);
      }
      this.waiter = waiter;
    });
  }

  /** Re-evaluates the pending wait's condition (it depends on state besides the bytes). */
  wake(): void {
    this.check();
  }

  /** Fails the pending wait, or the next one (board lost, session closed). */
  fail(error: Error): void {
    const w = this.waiter;
    if (!w) {
      this.pendingError = error;
      return;
    }
    this.waiter = undefined;
    clearTimeout(w.timer);
    w.reject(error);
  }

  private check(): void {
    const w = this.waiter;
    if (w && w.test()) {
      this.waiter = undefined;
      clearTimeout(w.timer);
      w.resolve();
    }
  }
}
