// The REPL protocol on the official MicroPython firmware in the Virtual Pico (raw-paste
// with flow control): keyboard input to a running program, and awkward programs.
// Runs only with PICO_FIRMWARE=path/to/RPI_PICO.uf2.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { VirtualPicoBoard } from '../../src/board/virtual-pico/virtual-pico-board';
import { ReplSession } from '../../src/repl/repl-session';
import { parseTraceback } from '../../src/repl/traceback';

const firmwarePath = process.env.PICO_FIRMWARE;
if (!firmwarePath)
  console.warn('[skip] REPL session tests on the official firmware: set PICO_FIRMWARE=path/to/RPI_PICO.uf2');

const enc = new TextEncoder();

describe.skipIf(!firmwarePath)('REPL session on the official firmware (Virtual Pico)', () => {
  let board: VirtualPicoBoard;
  let session: ReplSession;
  let terminal = '';

  beforeAll(async () => {
    board = new VirtualPicoBoard({ firmware: new Uint8Array(readFileSync(firmwarePath!)), hosting: 'inline' });
    session = new ReplSession(board);
    session.onTerminalData((b) => (terminal += new TextDecoder().decode(b)));
    await board.connect();
  });
  afterAll(async () => {
    session.dispose();
    await board?.dispose();
  });

  test('a running program reads what is typed in the terminal (input())', async () => {
    terminal = '';
    const running = session.exec('name = input("name? ")\nprint("hello", name)', { terminal: true, timeoutMs: 10_000 });
    await expect.poll(() => terminal, { timeout: 5000 }).toContain('name? ');
    session.typeIn(enc.encode('pico\r'));
    const r = await running;
    expect(session.rawPasteSupported).toBe(true);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('hello pico');
  });

  test('keys the program did not read are dropped, not run with the next program', async () => {
    const running = session.exec('import time\ntime.sleep(0.3)', { keepRaw: true });
    await new Promise((r) => setTimeout(r, 100));
    session.typeIn(enc.encode('typed_ahead = 1\x04'));
    expect(await running).toEqual({ stdout: '', stderr: '' });
    const next = await session.exec('print("typed_ahead" in globals())');
    expect(next).toEqual({ stdout: 'False\r\n', stderr: '' });
  });

  test('a half-typed line at the friendly prompt is not run', async () => {
    session.typeIn(enc.encode('half_typed = 1'));
    await expect.poll(() => terminal).toContain('half_typed = 1');
    expect((await session.exec('print("half_typed" in globals())')).stdout.trim()).toBe('False');
  });

  test('an empty program runs and keeps the heap (no soft reset)', async () => {
    await session.exec('kept = 41');
    expect(await session.exec('')).toEqual({ stdout: '', stderr: '' });
    expect((await session.exec('print(kept + 1)')).stdout.trim()).toBe('42');
  });

  test('a syntax error early in a 20 KB raw-paste ends the paste cleanly', async () => {
    const code =
      'x = (\n' +
      '# filler line to make a long program ..........................\n'.repeat(320) +
      'print("unreached")\n';
    expect(code.length).toBeGreaterThan(20_000);
    const r = await session.exec(code, { timeoutMs: 20_000 });
    expect(parseTraceback(r.stderr)?.type).toBe('SyntaxError');
    expect(r.stdout).toBe('');
    expect((await session.exec('print("next")')).stdout.trim()).toBe('next');
  });
});
