const RAW_BANNER = 'raw REPL; CTRL-B to exit\r\n>';

/**
 * The WebAssembly build runs MicroPython's event-driven REPL, whose raw mode
 * cannot do raw-paste: the request `Ctrl-E A Ctrl-A` makes it block on stdin
 * forever. A real board that lacks raw-paste answers `R\x00`, so this guard
 * gives exactly that answer on the interpreter's behalf and the host falls back
 * to the plain raw REPL. It follows the REPL mode by watching the output.
 */
export class RawPasteGuard {
  private rawMode = false;
  /** In raw mode, nothing typed since the last prompt. */
  private lineEmpty = false;
  private held: number[] = [];
  private tail = '';

  /**
   * Watches bytes the interpreter prints. Returns true right after the raw
   * REPL's "OK" (the program starts now): the host must see it before the
   * program's own output, which may never come.
   */
  observeOutput(byte: number): boolean {
    this.tail = (this.tail + String.fromCharCode(byte)).slice(-RAW_BANNER.length);
    if (this.rawMode && byte === 0x4b && this.tail.endsWith('>OK')) return true;
    if (this.tail === RAW_BANNER) {
      this.rawMode = true;
      this.lineEmpty = true;
    } else if (this.rawMode && byte === 0x3e && this.tail.endsWith('\x04>')) {
      this.lineEmpty = true; // the prompt after a program's output
    } else if (this.tail.endsWith('>>> ')) {
      this.rawMode = false;
    }
    return false;
  }

  /**
   * Filters one input byte. Returns the bytes to hand to the interpreter now
   * and, when the guard answers itself, the reply to print.
   */
  input(byte: number): { forward: number[]; reply?: Uint8Array } {
    if (this.held.length > 0) {
      const expected = this.held.length === 1 ? 0x41 : 0x01; // 'A', then Ctrl-A
      if (byte === expected) {
        this.held.push(byte);
        if (this.held.length === 3) {
          this.held = [];
          // "R\0" + prompt: what MicroPython prints when it can't do the requested paste mode.
          return { forward: [], reply: new Uint8Array([0x52, 0x00, 0x3e]) };
        }
        return { forward: [] };
      }
      const forward = [...this.held, byte];
      this.held = [];
      this.lineEmpty = false;
      return { forward };
    }
    if (this.rawMode && this.lineEmpty && byte === 0x05) {
      this.held = [byte];
      return { forward: [] };
    }
    if (this.rawMode) this.lineEmpty = byte === 0x04 ? this.lineEmpty : false;
    if (byte === 0x02) this.rawMode = false;
    return { forward: [byte] };
  }
}
