/**
 * Drops traceback lines of the board's own Python helpers (input() and the sleeps, compiled as
 * "<board>", see worker-stdin.ts) from the interpreter's output, so a traceback through them reads
 * as it does on a Pico: only the learner's lines.
 *
 * Works on the byte stream: a line that starts like the marker is held back until it either
 * completes the marker (then the whole line is dropped) or differs (then it is let through).
 * `release()` lets a held start through at once (before a wait for keys: a prompt of spaces).
 */
const MARKER = new TextEncoder().encode('  File "<board>"');

export class BoardFrameFilter {
  private held: number[] = [];
  private atLineStart = true;
  private dropping = false;

  constructor(private readonly emit: (byte: number) => void) {}

  push(byte: number): void {
    if (this.dropping) {
      if (byte === 0x0a) {
        this.dropping = false;
        this.atLineStart = true;
      }
      return;
    }
    if (this.atLineStart || this.held.length > 0) {
      if (MARKER[this.held.length] === byte) {
        this.held.push(byte);
        this.atLineStart = false;
        if (this.held.length === MARKER.length) {
          this.held = [];
          this.dropping = true;
        }
        return;
      }
      this.release();
    }
    this.emit(byte);
    this.atLineStart = byte === 0x0a;
  }

  /** Lets a held line start through now. */
  release(): void {
    const held = this.held;
    this.held = [];
    for (const b of held) this.emit(b);
  }
}
