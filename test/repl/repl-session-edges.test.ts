// The REPL protocol at awkward moments, against the real MicroPython WebAssembly
// build (browser-wasm board, interpreter in a worker thread): what the user left
// in the friendly REPL, programs stopped while still being sent, odd programs.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createNodeWasmBoard } from '../../src/board/wasm/wasm-board-node';
import type { WasmBoard } from '../../src/board/wasm/wasm-board';
import { ReplSession } from '../../src/repl/repl-session';
import { ProgramTimeoutError, ReplAbortedError } from '../../src/repl/byte-reader';

const enc = new TextEncoder();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** "At once" on a loaded 2-core machine: well under the timeouts and sleeps the tests tell it apart from. */
const AT_ONCE_MS = 1500;

let board: WasmBoard;
let session: ReplSession;
let terminal = '';

beforeAll(async () => {
  board = createNodeWasmBoard();
  session = new ReplSession(board);
  session.onTerminalData((b) => (terminal += new TextDecoder().decode(b)));
  await board.connect();
  for (let t = 0; !terminal.includes('>>> ') && t < 100; t++) await sleep(50);
});
afterAll(async () => {
  session.dispose();
  await board.dispose();
});

describe('what the user left in the friendly REPL', () => {
  test('a half-typed line is discarded, not run, when a program starts', async () => {
    terminal = '';
    session.typeIn(enc.encode('half_typed = 1'));
    await expect.poll(() => terminal).toContain('half_typed = 1');
    const r = await session.exec("print('half_typed' in globals())");
    expect(r.stdout.trim()).toBe('False');
  });

  test('paste mode (Ctrl-E) left open is cancelled, not run', async () => {
    terminal = '';
    session.typeIn(enc.encode('\x05pasted = 1\r'));
    await expect.poll(() => terminal).toContain('pasted = 1');
    const r = await session.exec("print('pasted' in globals())");
    expect(r.stdout.trim()).toBe('False');
    // The terminal gets the friendly REPL back, not paste mode.
    terminal = '';
    session.typeIn(enc.encode('6*7\r'));
    await expect.poll(() => terminal).toContain('42');
  });
});

/**
 * Runs `action` once `count` more bytes have gone to the board: with a 91 KB program that is a
 * moment certainly inside its send, on a fast machine or a slow one (a timer is neither).
 */
function afterBytesSent(count: number, action: () => void): void {
  const write = board.write.bind(board);
  let sent = 0;
  board.write = (bytes: Uint8Array) => {
    write(bytes);
    sent += bytes.length;
    if (sent >= count) {
      board.write = write;
      queueMicrotask(action);
    }
  };
}

describe('stopping while the program is still being sent', () => {
  test('no part of a program stopped mid-send runs', async () => {
    await session.exec('tail_ran = False');
    // Comment lines: whatever suffix of the program reached the board is valid Python,
    // so a Ctrl-D after the stop would run the last line.
    const code = '# start\n' + ('#'.repeat(60) + '\n').repeat(1500) + 'tail_ran = True\n';
    const controller = new AbortController();
    afterBytesSent(10_000, () => controller.abort());
    await expect(session.exec(code, { signal: controller.signal })).rejects.toThrow('program stopped');
    await expect.poll(() => board.status, { timeout: 5000 }).toBe('ready');
    expect((await session.exec('print(tail_ran)')).stdout.trim()).toBe('False');
  });

  test('Ctrl-C typed while the program is still being sent stops it without a soft reset', async () => {
    await session.exec('survivor = "kept"');
    const code = '# start\n' + ('#'.repeat(60) + '\n').repeat(1500) + 'tail_ran = True\n';
    // What the terminal's Ctrl-C (and the Stop button's fallback) do, 10 KB into the send.
    afterBytesSent(10_000, () => session.typeIn(enc.encode('\x03')));
    await expect(session.exec(code)).rejects.toBeInstanceOf(ReplAbortedError);
    await expect.poll(() => board.status, { timeout: 5000 }).toBe('ready');
    // A bare Ctrl-C would have emptied the raw line and the closing Ctrl-D soft-reset the board.
    expect((await session.exec('print(survivor, tail_ran)')).stdout.trim()).toBe('kept False');
  });
});

describe('odd programs', () => {
  test('an empty program runs (nothing) instead of soft-resetting or hanging', async () => {
    await session.exec('kept_over_empty = 7');
    const r = await session.exec('', { timeoutMs: 3000 });
    expect(r).toEqual({ stdout: '', stderr: '' });
    expect((await session.exec('print(kept_over_empty)')).stdout.trim()).toBe('7');
  });
});

describe('programs that end with sys.exit()', () => {
  test('sys.exit() ends the program normally and the next program runs on its own', async () => {
    const r = await session.exec('print("leaving")\nimport sys\nsys.exit(3)\nprint("not reached")', {
      timeoutMs: 5000,
    });
    expect(r).toEqual({ stdout: 'leaving\n', stderr: '' });
    const next = await session.exec('print("next")', { timeoutMs: 5000 });
    expect(next).toEqual({ stdout: 'next\n', stderr: '' });
  });

  test('sys.exit() typed at the friendly prompt gives a prompt back', async () => {
    terminal = '';
    session.typeIn(enc.encode('import sys; sys.exit()\r'));
    await expect.poll(() => terminal).toMatch(/sys\.exit\(\)[^]*>>> $/);
    terminal = '';
    session.typeIn(enc.encode('3*3\r'));
    await expect.poll(() => terminal).toContain('9');
    expect(terminal).not.toContain('Error');
  });
});

describe('two kinds of timeout', () => {
  test("exec's own timeout is a ProgramTimeoutError", async () => {
    const loop = session.exec('while True:\n    pass\n', { timeoutMs: 200 });
    await expect(loop).rejects.toBeInstanceOf(ProgramTimeoutError);
    await expect.poll(() => board.status, { timeout: 5000 }).toBe('ready');
    // (A board that stops answering gives a plain ReplTimeoutError: repl-session-usb-repl.test.ts.)
  });

  test('a closed board is refused at once, saying so', async () => {
    const gone = createNodeWasmBoard();
    await gone.connect();
    await gone.dispose();
    const late = new ReplSession(gone);
    const t0 = Date.now();
    await expect(late.exec('print(1)')).rejects.toThrow(new ReplAbortedError('board disconnected'));
    expect(Date.now() - t0).toBeLessThan(AT_ONCE_MS); // not after the 5 s answer timeout
    late.dispose();
  });
});

describe('closing a session', () => {
  test('dispose during a program rejects it at once, and later calls reject at once', async () => {
    const other = new ReplSession(board);
    const running = other.exec('import time\ntime.sleep(3)\nprint("late")');
    const settled = running.then(
      () => 'resolved',
      (e: Error) => e.message,
    );
    await sleep(200);
    let t0 = Date.now();
    other.dispose();
    expect(await settled).toBe('session closed');
    expect(Date.now() - t0).toBeLessThan(AT_ONCE_MS); // not when the 3 s sleep ends
    t0 = Date.now();
    await expect(other.exec('print(1)')).rejects.toThrow('session closed');
    await expect(other.softReset()).rejects.toThrow('session closed');
    expect(Date.now() - t0).toBeLessThan(AT_ONCE_MS);
    // The board itself is fine: the remaining session takes over once the sleep is over.
    await expect.poll(() => board.status, { timeout: 10_000 }).toBe('ready');
    expect((await session.exec('print("still here")')).stdout.trim()).toBe('still here');
  });
});

describe('the board going away', () => {
  test('dispose() during connect() rejects the connect instead of leaving it pending', async () => {
    const other = createNodeWasmBoard();
    const connecting = other.connect().then(
      () => 'connected',
      (e: Error) => e.message,
    );
    await other.dispose();
    const outcome = await Promise.race([connecting, sleep(3000).then(() => 'still pending')]);
    expect(outcome).toBe('MicroPython was stopped before it had started');
    expect(other.status).toBe('disconnected');
  });

  test('reset() during connect(): the first connect resolves with the new boot', async () => {
    const other = createNodeWasmBoard();
    const first = other.connect();
    await other.reset();
    await expect(Promise.race([first.then(() => 'connected'), sleep(3000).then(() => 'still pending')])).resolves.toBe(
      'connected',
    );
    expect(other.status).toBe('ready');
    await other.dispose();
  });

  test('memory() pending when the board is closed rejects instead of hanging', async () => {
    const other = createNodeWasmBoard();
    await other.connect();
    const reading = other.memory().then(
      () => 'resolved',
      (e: Error) => e.message,
    );
    await other.dispose();
    const outcome = await Promise.race([reading, sleep(2000).then(() => 'still pending')]);
    expect(outcome).toBe('the board restarted or closed before its memory was read');
  });
});

describe('a Run that waits its turn', () => {
  test('Ctrl-C typed while it waits cancels it: it never runs, and the next program does', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // Something else holds the session (as the heap inspector's probe may).
    const other = session.batch(async (exec) => {
      await held;
      return exec('pass');
    });
    const run = session.exec("print('should not run')\nran_anyway = 1", { terminal: true });
    expect(session.busy).toBe(true);
    terminal = '';
    session.typeIn(new Uint8Array([0x03]));
    release();
    await other;
    await expect(run).rejects.toBeInstanceOf(ReplAbortedError);
    const r = await session.exec("print('ran_anyway' in globals())");
    expect(r.stdout.trim()).toBe('False');
    expect(terminal).not.toContain('should not run');
    expect(session.busy).toBe(false);
  });
});
