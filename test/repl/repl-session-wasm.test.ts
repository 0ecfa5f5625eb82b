// The REPL protocol against the real MicroPython WebAssembly build, driven
// through the browser-wasm board (interpreter in a worker thread).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createNodeWasmBoard } from '../../src/board/wasm/wasm-board-node';
import type { WasmBoard } from '../../src/board/wasm/wasm-board';
import { ReplSession } from '../../src/repl/repl-session';
import { parseTraceback } from '../../src/repl/traceback';
import { ReplTimeoutError, ReplAbortedError } from '../../src/repl/byte-reader';

/**
 * How long Stop may take before the test calls it hung. Stop itself lands in a few ms (measured by
 * `npm run bench`); this bound only has to hold on a loaded 2-core machine. Whether Stop kept the
 * interpreter is checked separately: a restart ends the run with ReplAbortedError, not a traceback.
 */
const STOP_HANG_MS = 5000;

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

  test('Ctrl-C raises KeyboardInterrupt in `while True: pass` and keeps the globals', async () => {
    expect(board.interruptsInPlace).toBe(true); // Node always has shared memory
    await session.exec('kept = {"answer": 42}');
    const running = session.exec('while True:\n    pass\n');
    await new Promise((r) => setTimeout(r, 300));
    const t0 = performance.now();
    await session.interrupt();
    const r = await running;
    const ms = performance.now() - t0;
    console.log(`Ctrl-C → KeyboardInterrupt traceback after ${ms.toFixed(1)} ms`);
    expect(ms).toBeLessThan(STOP_HANG_MS);
    expect(parseTraceback(r.stderr)).toMatchObject({ type: 'KeyboardInterrupt', line: 2 });
    await expect.poll(() => board.status).toBe('ready'); // no restart
    expect((await session.exec('print(kept["answer"] + 1)')).stdout.trim()).toBe('43');
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

describe('KeyboardInterrupt through shared memory', () => {
  const interruptAfter = async (code: string, delayMs = 200) => {
    const running = session.exec(code);
    await new Promise((r) => setTimeout(r, delayMs));
    const t0 = performance.now();
    await session.interrupt();
    const r = await running;
    return { r, ms: performance.now() - t0 };
  };

  test('a loop that allocates is interrupted and the heap stays usable', async () => {
    const { r, ms } = await interruptAfter(
      'grow = []\nwhile True:\n    x = [1] * 10\n    grow.append(x)\n    if len(grow) > 1000:\n        grow = []\n',
    );
    expect(ms).toBeLessThan(STOP_HANG_MS);
    expect(parseTraceback(r.stderr)?.type).toBe('KeyboardInterrupt');
    const after = await session.exec('import gc\ngc.collect()\nprint(len(grow) <= 1001, sum(x))');
    expect(after.stdout.trim()).toBe('True 10');
  });

  test('an interrupt deep inside nested calls unwinds the whole stack', async () => {
    const code = [
      'def spin(depth):',
      '    if depth:',
      '        return spin(depth - 1)',
      '    while True:',
      '        pass',
      'spin(40)',
    ].join('\n');
    const { r, ms } = await interruptAfter(code);
    expect(ms).toBeLessThan(STOP_HANG_MS);
    const tb = parseTraceback(r.stderr);
    expect(tb?.type).toBe('KeyboardInterrupt');
    expect(r.stderr.match(/line 3, in spin/g)?.length).toBe(40);
    // The stack is unwound: a new deep call works and the old frames are gone.
    expect((await session.exec('def d(n):\n    return n and d(n - 1) + 1\nprint(d(40))')).stdout.trim()).toBe('40');
  });

  test('a second interrupt shows only its own traceback (not the previous one appended)', async () => {
    await interruptAfter('def a():\n    while True:\n        pass\na()\n');
    const { r } = await interruptAfter('while True:\n    pass\n');
    expect(r.stderr).not.toContain('in a');
    expect(r.stderr.match(/File "<stdin>"/g)?.length).toBe(1);
  });

  test('a Ctrl-C that arrives as a program ends never fires in a later program', async () => {
    // Each short program prints "go", loops, prints "done". A Ctrl-C is sent as soon as "go" arrives,
    // and the loop length follows a staircase (longer after a finished run, shorter after an
    // interrupted one), so the Ctrl-C keeps landing right around the program's end: the race under test.
    // Each program must either finish or stop with KeyboardInterrupt, and the next one must run clean.
    let n = 20_000;
    const outcomes = { interrupted: 0, finished: 0 };
    for (let i = 0; i < 30; i++) {
      let started: () => void = () => undefined;
      const running = new Promise<void>((r) => (started = r));
      const short = session.exec(`print("go")\nfor i in range(${n}):\n    pass\nprint("done")\n`, {
        onStdout: () => started(),
      });
      await running;
      await session.interrupt();
      const first = await short;
      const type = parseTraceback(first.stderr)?.type;
      if (type === undefined) {
        expect(first).toEqual({ stdout: 'go\ndone\n', stderr: '' });
        outcomes.finished++;
        n = Math.round(n * 1.6);
      } else {
        expect(type).toBe('KeyboardInterrupt');
        // It may land after the last print, before the program has returned.
        expect(['go\n', 'go\ndone\n']).toContain(first.stdout);
        outcomes.interrupted++;
        n = Math.max(1, Math.round(n / 1.6));
      }
      const next = await session.exec('total = 0\nfor i in range(20000):\n    total += i\nprint(total)');
      expect(next).toEqual({ stdout: `${(19999 * 20000) / 2}\n`, stderr: '' });
    }
    console.log(`${outcomes.interrupted} interrupted, ${outcomes.finished} finished; loop length ended at ${n}`);
    // Both sides of the race were exercised.
    expect(outcomes.interrupted).toBeGreaterThanOrEqual(3);
    expect(outcomes.finished).toBeGreaterThanOrEqual(3);
  });

  test('after the shared memory grows, memory() sees the new size and Ctrl-C still works', async () => {
    const before = (await board.memory()).regions[0].bytes.length;
    // Larger than the whole memory before: the heap must grow for it.
    const size = before + 4_000_000;
    const r = await session.exec(`big = bytearray(${size})\nbig[-1] = 7\nprint(id(big))`);
    expect(r.stderr).toBe('');
    const image = await board.memory();
    expect(image.regions[0].bytes.length).toBeGreaterThan(before);
    // The new object is in the image: a bytearray (len @8, items @12) whose last byte is 7.
    const address = Number(r.stdout.trim());
    expect(image.u32(address + 8)).toBe(size);
    const items = image.u32(address + 12)!;
    expect(image.u8(items + size - 1)).toBe(7);
    const { r: stopped, ms } = await interruptAfter('while True:\n    pass\n');
    expect(ms).toBeLessThan(STOP_HANG_MS);
    expect(parseTraceback(stopped.stderr)?.type).toBe('KeyboardInterrupt');
    expect((await session.exec('print(big[-1])\ndel big')).stdout.trim()).toBe('7');
  });

  const uninterruptibleTitle =
    'code that never checks for interrupts (a long C computation) still ends: ' +
    'the board restarts after the grace period';
  test(uninterruptibleTitle, async () => {
    const running = session.exec('kept_until_restart = 1\nhuge = 7 ** 2000000\n');
    const settled = running.then(
      () => 'finished',
      (e: Error) => e,
    );
    await new Promise((r) => setTimeout(r, 300));
    const t0 = performance.now();
    await session.interrupt();
    const outcome = await settled;
    const ms = performance.now() - t0;
    console.log(`uninterruptible C loop: restarted after ${ms.toFixed(0)} ms`);
    expect(outcome).toBeInstanceOf(ReplAbortedError);
    expect(ms).toBeGreaterThan(1000); // the interrupt got its chance first
    await expect.poll(() => board.status, { timeout: 5000 }).toBe('ready');
    expect(board.interruptsInPlace).toBe(true);
    expect((await session.exec('print("kept_until_restart" in globals())')).stdout.trim()).toBe('False');
  });
});

describe('Ctrl-C at the idle prompt and without shared memory', () => {
  test('Ctrl-C at the friendly prompt prints the same as the board without shared memory', async () => {
    const typed = async (sharedMemory: boolean) => {
      const b = createNodeWasmBoard({ sharedMemory });
      const s = new ReplSession(b);
      let seen = '';
      s.onTerminalData((bytes) => (seen += new TextDecoder().decode(bytes)));
      await b.connect();
      await expect.poll(() => seen).toContain('>>> ');
      seen = '';
      s.typeIn(new TextEncoder().encode('abc\x03'));
      await expect.poll(() => seen).toMatch(/>>> $/);
      s.typeIn(new TextEncoder().encode('6*7\r'));
      await expect.poll(() => seen).toContain('42');
      await new Promise((r) => setTimeout(r, 100));
      const inPlace = b.interruptsInPlace;
      s.dispose();
      await b.dispose();
      return { seen, inPlace };
    };
    const shared = await typed(true);
    const fallback = await typed(false);
    expect(shared.inPlace).toBe(true);
    expect(fallback.inPlace).toBe(false);
    expect(shared.seen).toBe(fallback.seen);
    expect(shared.seen).not.toContain('Traceback');
  });

  const ctrlCWhileReadingTitle =
    'Ctrl-C while a long typed line is still being read is an ordinary Ctrl-C, and no interrupt fires later';
  test(ctrlCWhileReadingTitle, async () => {
    // The interrupt reaches the worker while it feeds the line to the REPL (no Python runs):
    // it must end up as the byte Ctrl-C after the line, exactly as on the board without shared memory.
    const typed = async (sharedMemory: boolean) => {
      const b = createNodeWasmBoard({ sharedMemory });
      const s = new ReplSession(b);
      let seen = '';
      s.onTerminalData((bytes) => (seen += new TextDecoder().decode(bytes)));
      await b.connect();
      await expect.poll(() => seen).toContain('>>> ');
      seen = '';
      b.write(new TextEncoder().encode('1' + '0'.repeat(200_000)));
      b.write(new Uint8Array([0x03]));
      await expect.poll(() => b.busy, { timeout: 10_000 }).toBe(false);
      const next = await s.exec('n = 0\nfor i in range(1000):\n    n += 1\nprint(n)');
      s.dispose();
      await b.dispose();
      return { tail: seen.slice(-40), next };
    };
    const shared = await typed(true);
    const fallback = await typed(false);
    expect(shared.next).toEqual({ stdout: '1000\n', stderr: '' });
    expect(shared.tail).toBe(fallback.tail);
    expect(shared.next).toEqual(fallback.next);
  });

  const restartWaitsTitle =
    'the restart fallback waits while input is still being read: only silence during a program restarts';
  test(restartWaitsTitle, async () => {
    // A grace period shorter than it takes to read a 300,000-character line: a board that counted
    // from the Ctrl-C alone would restart mid-line (as it once did on a loaded machine).
    const graceMs = 100;
    const b = createNodeWasmBoard({ sharedMemory: false, interruptGraceMs: graceMs });
    const s = new ReplSession(b);
    await b.connect();
    await s.exec('kept = "yes"');
    const statuses: string[] = [];
    b.onStatus((status) => statuses.push(status));
    const t0 = performance.now();
    b.write(new TextEncoder().encode('1' + '0'.repeat(300_000)));
    b.write(new Uint8Array([0x03]));
    await expect.poll(() => b.busy, { timeout: 20_000 }).toBe(false);
    expect(performance.now() - t0).toBeGreaterThan(2 * graceMs); // reading the line outlasted the grace period
    expect(statuses).not.toContain('connecting');
    expect((await s.exec('print(kept)')).stdout.trim()).toBe('yes');
    // ...and silence while a program runs still restarts it.
    const running = s.exec('while True:\n    pass\n').catch((e: Error) => e);
    await new Promise((r) => setTimeout(r, 100));
    await s.interrupt();
    expect(await running).toBeInstanceOf(ReplAbortedError);
    expect(statuses).toContain('connecting');
    s.dispose();
    await b.dispose();
  });

  test('sharedMemory: false keeps the restart fallback: Stop ends the loop, globals are gone', async () => {
    const b = createNodeWasmBoard({ sharedMemory: false });
    const s = new ReplSession(b);
    await b.connect();
    expect(b.interruptsInPlace).toBe(false);
    await s.exec('lost = 1');
    const running = s.exec('while True:\n    pass\n').catch((e: Error) => e);
    await new Promise((r) => setTimeout(r, 300));
    const t0 = performance.now();
    await s.interrupt();
    expect(await running).toBeInstanceOf(ReplAbortedError);
    expect(performance.now() - t0).toBeLessThan(STOP_HANG_MS);
    await expect.poll(() => b.status, { timeout: 5000 }).toBe('ready');
    expect((await s.exec('print("lost" in globals())')).stdout.trim()).toBe('False');
    s.dispose();
    await b.dispose();
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
    expect(Date.now() - t0).toBeLessThan(STOP_HANG_MS);
    await expect.poll(() => board.status, { timeout: 5000 }).toBe('ready');
    expect((await session.exec('print("usable")')).stdout.trim()).toBe('usable');
  });

  test('a line printed before an endless loop reaches the terminal before Stop', async () => {
    const seen: string[] = [];
    const running = session.exec('print("before the loop")\nwhile True:\n    pass\n', {
      onStdout: (t) => seen.push(t),
    });
    await expect.poll(() => seen.join(''), { timeout: 3000 }).toContain('before the loop');
    await session.interrupt();
    const r = await running;
    expect(r.stdout).toBe('before the loop\n');
    expect(parseTraceback(r.stderr)).toMatchObject({ type: 'KeyboardInterrupt', line: 3 });
    await expect.poll(() => board.status, { timeout: 5000 }).toBe('ready');
  });
});
