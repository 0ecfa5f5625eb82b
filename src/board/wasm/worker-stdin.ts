/**
 * Keyboard input for programs on the browser board (inside the interpreter's worker).
 *
 * This build's C `input()` can never read a key: its readline waits on mp_hal_stdin_rx_chr(), which
 * the webassembly port defines as 0 (ports/webassembly/mphalport.h), so it spins forever. sys.stdin
 * is file descriptor 0 of Emscripten's file layer instead, which calls JavaScript. So:
 * - fd 0's read/poll take bytes from the StdinRing (raw, no echo, "\r" as "\n", as a board's stdin);
 * - builtins.input calls a JavaScript line editor (echo, backspace, Ctrl-D) on the same ring, what a
 *   board's readline does, and allocates only the answer;
 * - time.sleep/sleep_ms/sleep_us wait on the ring in slices instead of the port's busy loop.
 * A wait ends with EINTR when KeyboardInterrupt is pending (the port's read retry then raises it,
 * with every global kept), and a Ctrl-C byte in the ring raises it too.
 * Without shared memory nothing can wait: input() explains that, and stdin reads as empty.
 */
import type { InterruptWords } from './interrupt-words';
import type { StdinRing } from './stdin-ring';

/** Errno values of this build (WASI numbering): EINTR makes the port's read retry raise a pending exception. */
const EINTR = 27;
const POLLIN = 1;
/** Longest wait between checks of the pending-interrupt word (ms); Stop also wakes the wait at once. */
const SLICE_MS = 50;

interface EmscriptenFs {
  getStream(fd: number): { stream_ops: Record<string, unknown> };
  makedev(major: number, minor: number): number;
  registerDevice(dev: number, ops: Record<string, unknown>): void;
  mkdev(path: string, mode: number, dev: number): void;
}

export interface StdinModule {
  FS: EmscriptenFs;
  runPython(code: string): unknown;
  _module: { _mp_sched_keyboard_interrupt(): void; _mp_hal_get_interrupt_char(): number };
}

export interface StdinOptions {
  mp: StdinModule;
  ring: StdinRing;
  memory: WebAssembly.Memory;
  words: InterruptWords;
  /** Prints bytes (the echo) on the board's output. */
  output: (bytes: Uint8Array) => void;
  /** Sends what was printed so far: a prompt without "\n" must reach the terminal before the wait. */
  flush: () => void;
}

function interrupted(): Error {
  return Object.assign(new Error('EINTR'), { name: 'ErrnoError', errno: EINTR });
}

/** Installs stdin, input() and interruptible sleeps. */
export function installStdin({ mp, ring, memory, words, output, flush }: StdinOptions): void {
  const pending = () => Atomics.load(new Int32Array(memory.buffer), words.pendingException >> 2) !== 0;
  const isInterruptChar = (b: number) => b === mp._module._mp_hal_get_interrupt_char();

  /** The next byte, waiting for one; throws EINTR when KeyboardInterrupt is pending or Ctrl-C was typed. */
  const nextByte = (): number => {
    for (;;) {
      if (pending()) throw interrupted();
      const b = ring.take();
      if (b !== undefined) {
        if (isInterruptChar(b)) {
          mp._module._mp_sched_keyboard_interrupt();
          throw interrupted();
        }
        return b;
      }
      flush();
      ring.waitForBytes(SLICE_MS);
    }
  };

  // sys.stdin (and sys.stdin.buffer, the same fd here): returns once at least one byte is there.
  const stdin = mp.FS.getStream(0);
  const cr = (b: number) => (b === 0x0d ? 0x0a : b);
  stdin.stream_ops = {
    ...stdin.stream_ops,
    read(_stream: unknown, buffer: Uint8Array, offset: number, length: number): number {
      if (length === 0) return 0;
      buffer[offset] = cr(nextByte());
      let n = 1;
      for (let b = ring.peek(); n < length && b !== undefined && !isInterruptChar(b) && !pending(); b = ring.peek()) {
        ring.take();
        buffer[offset + n++] = cr(b);
      }
      return n;
    },
    poll: () => (ring.available > 0 || pending() ? POLLIN : 0),
  };

  const readLine = lineEditor(nextByte, output);
  // Python takes these from `js` when INPUT_AND_SLEEP runs: define them first.
  const api = globalThis as {
    phlInput?: (prompt: string) => string | null | false;
    phlSleepMs?: (ms: number) => boolean;
  };
  api.phlInput = (prompt: string) => {
    if (prompt) output(new TextEncoder().encode(prompt));
    try {
      return readLine();
    } catch {
      return null; // interrupted: Python raises the pending KeyboardInterrupt at its next check
    }
  };
  api.phlSleepMs = (ms: number) => {
    const end = performance.now() + Number(ms);
    for (;;) {
      if (pending()) return true;
      const left = end - performance.now();
      if (left <= 0) return false;
      ring.waitForBytes(Math.min(left, SLICE_MS));
    }
  };
  mp.runPython(INPUT_AND_SLEEP);
}

/**
 * One line as a board's readline gives it to input(): typed keys echoed, backspace (a whole UTF-8
 * character), Enter ends it ("\r\n" counts once), Ctrl-D on an empty line is end of input (false),
 * escape sequences swallowed (no history or cursor keys). Throws when interrupted.
 */
function lineEditor(nextByte: () => number, output: (bytes: Uint8Array) => void): () => string | false {
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  let afterCr = false;
  return () => {
    const line: number[] = [];
    let escape = 0; // 1 after ESC, 2 inside "ESC ["
    for (;;) {
      const b = nextByte();
      const lf = afterCr && b === 0x0a;
      afterCr = b === 0x0d;
      if (lf) continue;
      if (escape === 1) escape = b === 0x5b || b === 0x4f ? 2 : 0;
      else if (escape === 2) escape = b >= 0x40 && b <= 0x7e ? 0 : 2;
      else if (b === 0x1b) escape = 1;
      else if (b === 0x0d || b === 0x0a) {
        output(enc.encode('\r\n'));
        return dec.decode(new Uint8Array(line));
      } else if (b === 0x04) {
        if (line.length === 0) return false;
      } else if (b === 0x08 || b === 0x7f) {
        if (line.length === 0) continue;
        while (line.length > 0 && (line[line.length - 1] & 0xc0) === 0x80) line.pop();
        line.pop();
        output(enc.encode('\b \b'));
      } else if (b >= 0x20) {
        line.push(b);
        output(new Uint8Array([b]));
      }
    }
  };
}

/**
 * input() and sleeps that wait in JavaScript; input() allocates only its answer, as the board's
 * C input() does. Compiled as "<board>" so a traceback through them does not look like a line of the
 * learner's program. `if x is None` and `if _s(...)` are conditional jumps: the VM checks for a
 * pending KeyboardInterrupt there, so Stop raises it inside input() and sleep(). `utime` (the old
 * name, a separate read-only module in this build) is pointed at the same `time`.
 */
const INPUT_AND_SLEEP = `exec(compile('''
import builtins, time, js
def input(prompt="", _in=js.phlInput):
    s = _in(str(prompt))
    if s is None:
        pass
    if s is False:
        raise EOFError
    return s
def sleep_ms(ms, _s=js.phlSleepMs):
    if _s(ms):
        pass
def sleep(s, _s=js.phlSleepMs):
    if _s(s * 1000):
        pass
def sleep_us(us, _s=js.phlSleepMs):
    if _s(us / 1000):
        pass
builtins.input = input
time.sleep, time.sleep_ms, time.sleep_us = sleep, sleep_ms, sleep_us
import sys
sys.modules['utime'] = time
''', '<board>', 'exec'), {})`;

/**
 * No shared memory (a page that is not cross-origin isolated): the worker cannot wait for keys.
 * stdin reads as empty (like input redirected from /dev/null) and input() says why instead of hanging.
 */
export function installNoStdin(mp: StdinModule): void {
  const stdin = mp.FS.getStream(0);
  stdin.stream_ops = { ...stdin.stream_ops, read: () => 0, poll: () => POLLIN };
  mp.runPython(`exec(compile('''
import builtins, sys
def input(prompt="", _write=sys.stdout.write):
    if prompt:
        _write(str(prompt))
    raise EOFError("no keyboard input on this page: input() needs the lab served cross-origin isolated")
builtins.input = input
''', '<board>', 'exec'), {})`);
}
