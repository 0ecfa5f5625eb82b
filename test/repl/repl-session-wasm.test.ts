// The REPL protocol against the real MicroPython WebAssembly build, driven
// through the browser-wasm board (interpreter in a worker thread).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createNodeWasmBoard } from '../../src/board/wasm/wasm-board-node';
import type { WasmBoard } from '../../src/board/wasm/wasm-board';
import { ReplSession } from '../../src/repl/repl-session';
import { parseTraceback } from '../../src/repl/traceback';
import { ReplTimeoutError, ReplAbortedError } from '../../src/repl/byte-reader';

let board: WasmBoard;
let session: ReplSession;
let terminal = '';

beforeAll(async () => {
  board = createNodeWasmBoard();
  session = new ReplSession(board);
  session.onTerminalData((b) => (terminal += new TextDecoder().decode(b)));
  await board.connect();
});
afterAll(async () => {
  session.dispose();
  await board.dispose();
});

describe('REPL protocol on MicroPython (WebAssembly build)', () => {
  test('the friendly REPL banner reaches the terminal', async () => {
    await expect.poll(() => terminal).toContain('>>> ');
    expect(terminal).toMatch(/MicroPython v\d+\.\d+/);
  });

  test('exec returns stdout', async () => {
    const r = await session.exec('print(6*7)\nprint("héllo")');
    expect(r.stdout.replace(/\r\n/g, '\n')).toBe('42\nhéllo\n');
    expect(r.stderr).toBe('');
  });

  test('the board declines raw-paste and the protocol falls back to the raw REPL', () => {
    expect(session.rawPasteSupported).toBe(false);
  });

  test('an exception comes back as a traceback naming the line', async () => {
    const r = await session.exec('x = 1\ny = 2\nraise ValueError("bad value")\n');
    const tb = parseTraceback(r.stderr);
    expect(tb).toMatchObject({ type: 'ValueError', message: 'bad value', line: 3 });
  });

  test('two programs in a row share globals', async () => {
    await session.exec('shared = [1, 2, 3]');
    const r = await session.exec('print(sum(shared), len(shared))');
    expect(r.stdout.trim()).toBe('6 3');
  });

  test('a 20 KB program arrives intact', async () => {
    const lines: string[] = ['acc = 0'];
    let expected = 0;
    for (let i = 0; lines.join('\n').length < 20_000; i++) {
      lines.push(`acc += ${i}  # padding to make the program long ${'x'.repeat(20)}`);
      expected += i;
    }
    lines.push('print(acc)');
    const code = lines.join('\n');
    expect(code.length).toBeGreaterThanOrEqual(20_000);
    const r = await session.exec(code, { timeoutMs: 30_000 });
    expect(r.stderr).toBe('');
    expect(Number(r.stdout.trim())).toBe(expected);
  });

  test('MemoryError is reported and the board keeps working', async () => {
    // The pyscript build grows its heap on demand: only an impossible size fails.
    const r = await session.exec('x = bytearray(1 << 30)');
    expect(parseTraceback(r.stderr)?.type).toBe('MemoryError');
    expect((await session.exec('print("alive")')).stdout.trim()).toBe('alive');
  });

  test('Ctrl-C stops an infinite loop within 1 s and the board is usable afterwards', async () => {
    const running = session.exec('while True:\n    pass\n');
    const settled = running.then(
      (r) => ({ ok: true as const, r }),
      (e: Error) => ({ ok: false as const, e }),
    );
    await new Promise((r) => setTimeout(r, 300));
    const t0 = Date.now();
    await session.interrupt();
    const outcome = await settled;
    expect(Date.now() - t0).toBeLessThan(1000);
    // The wasm build cannot be interrupted inside a loop: the board restarts it.
    if (outcome.ok) expect(parseTraceback(outcome.r.stderr)?.type).toBe('KeyboardInterrupt');
    else expect(outcome.e).toBeInstanceOf(ReplAbortedError);
    await expect.poll(() => board.status, { timeout: 5000 }).toBe('ready');
    const r = await session.exec('print("after", 1+1)');
    expect(r.stdout.trim()).toBe('after 2');
  });

  test('a timeout interrupts the program and rejects', async () => {
    await expect(session.exec('while True:\n    pass\n', { timeoutMs: 200 })).rejects.toBeInstanceOf(ReplTimeoutError);
    await expect.poll(() => board.status, { timeout: 5000 }).toBe('ready');
    expect((await session.exec('print(3)')).stdout.trim()).toBe('3');
  });

  test('typing in the terminal drives the friendly REPL', async () => {
    terminal = '';
    session.typeIn(new TextEncoder().encode('21*2\r'));
    await expect.poll(() => terminal).toContain('42');
  });

  test('memory() gives the linear memory holding a list created by the program', async () => {
    const r = await session.exec('probe_list = [0x1234567, 0x7654321]\nprint(id(probe_list))');
    const address = Number(r.stdout.trim());
    const image = await board.memory();
    // A list object: type pointer, alloc, len, items pointer; items hold small ints (value << 1 | 1).
    expect(image.u32(address + 8)).toBe(2);
    const items = image.u32(address + 12)!;
    expect(image.u32(items)).toBe(((0x1234567 << 1) | 1) >>> 0);
  });
});

describe('stopping at awkward moments', () => {
  test('an abort while the program is still being sent stops it and the board stays usable', async () => {
    const controller = new AbortController();
    const big = 'x = 0\n' + 'x += 1\n'.repeat(4000) + 'while True:\n    pass\n';
    const running = session.exec(big, { signal: controller.signal });
    setTimeout(() => controller.abort(), 1);
    const t0 = Date.now();
    await expect(running).rejects.toBeInstanceOf(ReplAbortedError);
    expect(Date.now() - t0).toBeLessThan(3000);
    await expect.poll(() => board.status, { timeout: 5000 }).toBe('ready');
    expect((await session.exec('print("usable")')).stdout.trim()).toBe('usable');
  });

  test('a line printed before an endless loop reaches the terminal before Stop', async () => {
    const seen: string[] = [];
    const running = session.exec('print("before the loop")\nwhile True:\n    pass\n', { onStdout: (t) => seen.push(t) });
    const settled = running.catch(() => undefined);
    await expect.poll(() => seen.join(''), { timeout: 3000 }).toContain('before the loop');
    await session.interrupt();
    await settled;
    await expect.poll(() => board.status, { timeout: 5000 }).toBe('ready');
  });
});
