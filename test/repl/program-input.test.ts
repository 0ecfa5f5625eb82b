/**
 * Programs that talk back, on the real boards: input() answered by typing, keys typed during a
 * sleep read later, sys.stdin.read of 200 fast keys, Stop inside input() and inside time.sleep(30)
 * as a KeyboardInterrupt that keeps the variables. On the browser board (MicroPython WebAssembly,
 * always) and on the Virtual Pico with the official firmware (PICO_FIRMWARE).
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Board } from '../../src/board/board';
import { createNodeWasmBoard } from '../../src/board/wasm/wasm-board-node';
import { VirtualPicoBoard } from '../../src/board/virtual-pico/virtual-pico-board';
import { ReplSession } from '../../src/repl/repl-session';
import { parseTraceback } from '../../src/repl/traceback';

const FIRMWARE = process.env.PICO_FIRMWARE;
const hasFirmware = !!FIRMWARE && existsSync(FIRMWARE);
if (!hasFirmware) console.warn('[skip] program input on the Virtual Pico: set PICO_FIRMWARE=path/to/RPI_PICO.uf2');

const enc = new TextEncoder();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Stop → the program has ended: measured by `npm run bench`; here a bound a loaded machine meets. */
const STOP_HANG_MS = 3000;

const targets: { name: string; skip: boolean; open: () => Promise<Board> }[] = [
  {
    name: 'browser-wasm',
    skip: false,
    open: async () => {
      const board = createNodeWasmBoard();
      await board.connect();
      return board;
    },
  },
  {
    name: 'virtual-pico',
    skip: !hasFirmware,
    open: async () => {
      const board = new VirtualPicoBoard({ firmware: new Uint8Array(readFileSync(FIRMWARE!)), hosting: 'inline' });
      await board.connect();
      return board;
    },
  },
];

for (const target of targets) {
  describe.skipIf(target.skip)(`programs that read keys on ${target.name}`, () => {
    let board: Board;
    let session: ReplSession;
    let terminal = '';

    beforeAll(async () => {
      board = await target.open();
      session = new ReplSession(board);
      session.onTerminalData((b) => (terminal += new TextDecoder().decode(b)));
      await session.exec('pass');
    });
    afterAll(async () => {
      session.dispose();
      await board.dispose();
    });

    /** Types `text` a key at a time, as a person would. */
    const type = async (text: string, gapMs = 5) => {
      for (const c of text) {
        session.typeIn(enc.encode(c));
        await sleep(gapMs);
      }
    };

    test('two input() questions answered by typing: the prompts, the echoed answers, the result', async () => {
      terminal = '';
      const running = session.exec('name = input("Your name? ")\nage = input("Age? ")\nprint("Hello", name, age)', {
        terminal: true,
      });
      await expect.poll(() => terminal, { timeout: 10_000 }).toContain('Your name? ');
      await type('Ada\r');
      await expect.poll(() => terminal, { timeout: 10_000 }).toContain('Age? ');
      await type('36\r');
      const r = await running;
      expect(r.stderr).toBe('');
      expect(r.stdout.replace(/\r\n/g, '\n')).toBe('Your name? Ada\nAge? 36\nHello Ada 36\n');
      expect(terminal).toContain('Your name? Ada\r\nAge? 36\r\nHello Ada 36');
    });

    test('keys typed during time.sleep(1) reach the input() that follows', async () => {
      const running = session.exec('import time\nprint("sleeping")\ntime.sleep(1)\nprint("got", input())');
      await sleep(300);
      await type('early\r');
      const r = await running;
      expect(r.stderr).toBe('');
      expect(r.stdout).toContain('got early');
    });

    test('200 keys typed quickly during a run arrive complete and in order', async () => {
      const keys = Array.from({ length: 200 }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
      const running = session.exec('import sys\ndata = sys.stdin.read(200)\nprint(len(data), data)');
      await sleep(200);
      await type(keys, 0);
      const r = await running;
      expect(r.stderr).toBe('');
      expect(r.stdout.trim()).toBe(`200 ${keys}`);
    });

    test('select.poll on stdin says when a key is there; sys.stdin.readline() reads a line', async () => {
      const running = session.exec(
        'import select, sys\n' +
          'p = select.poll()\n' +
          'p.register(sys.stdin, select.POLLIN)\n' +
          'print("before", len(p.poll(0)))\n' +
          'events = p.poll(10000)\n' +
          'print("after", len(events), events[0][1] & select.POLLIN == select.POLLIN)\n' +
          'print("line", repr(sys.stdin.readline()))',
      );
      await sleep(400);
      await type('hi\r');
      const r = await running;
      expect(r.stderr).toBe('');
      // A Pico's USB serial gives Enter as "\r"; MicroPython's stdin turns it into "\n".
      expect(r.stdout.replace(/\r\n/g, '\n')).toMatch(/^before 0\nafter 1 True\nline 'hi\\n'\n$/);
    });

    test('deep recursion: Stop is a KeyboardInterrupt there too, and the variables survive', async () => {
      await session.exec('kept_deep = 7');
      const running = session.exec(
        'def down(n):\n    if n:\n        down(n - 1)\n    while True:\n        pass\ndown(15)',
      );
      await sleep(400);
      await session.interrupt();
      const r = await running;
      expect(parseTraceback(r.stderr)?.type).toBe('KeyboardInterrupt');
      expect(r.stderr.split('in down').length - 1).toBeGreaterThanOrEqual(15);
      expect((await session.exec('print(kept_deep * 6)')).stdout.trim()).toBe('42');
    });

    for (const [what, code] of [
      ['inside input()', 'answer = input("never answered? ")'],
      ['inside time.sleep(30)', 'import time\ntime.sleep(30)'],
      ['inside utime.sleep_ms(30000) (the old name)', 'import utime\nutime.sleep_ms(30000)'],
    ] as const) {
      test(`Stop ${what} is a KeyboardInterrupt, and a variable set before it is still there`, async () => {
        await session.exec('kept_before = 41');
        const running = session.exec(code);
        await sleep(400);
        const t0 = performance.now();
        await session.interrupt();
        const r = await running;
        const ms = performance.now() - t0;
        console.log(`${target.name}: Stop ${what} → program ended after ${ms.toFixed(1)} ms`);
        expect(parseTraceback(r.stderr)?.type).toBe('KeyboardInterrupt');
        // As on a Pico: the traceback names the learner's line, not the board's own helpers.
        expect(r.stderr).not.toContain('<board>');
        expect(r.stderr).toMatch(/File "<stdin>", line \d+, in <module>\r?\nKeyboardInterrupt/);
        expect(ms).toBeLessThan(STOP_HANG_MS);
        expect((await session.exec('print(kept_before + 1)')).stdout.trim()).toBe('42');
      });
    }

    test('a long line typed key by key at the REPL, without pauses, arrives in order', async () => {
      terminal = '';
      const word = 'abcdefghijklmnopqrstuvwxyz0123456789';
      const line = `typed_line = "${word.repeat(8)}"\r`;
      for (const c of line) session.typeIn(enc.encode(c)); // no pauses: the board is busy with earlier keys
      await expect.poll(() => terminal, { timeout: 10_000 }).toMatch(/>>> $/);
      const r = await session.exec('print(len(typed_line), typed_line == "' + word + '" * 8)');
      expect(r.stdout.trim()).toBe(`${word.length * 8} True`);
    });

    test('input() typed at the friendly REPL waits for the answer', async () => {
      terminal = '';
      await type('q = input("q? ")\r');
      await expect.poll(() => terminal, { timeout: 10_000 }).toContain('q? ');
      await type('yes\r');
      await expect.poll(() => terminal, { timeout: 10_000 }).toMatch(/q\? yes\r\n>>> $/);
      expect((await session.exec('print(q)')).stdout.trim()).toBe('yes');
    });
  });
}

describe('the browser board without shared memory (a page that is not cross-origin isolated)', () => {
  test('input() says why it cannot wait for keys, instead of hanging; the board stays usable', async () => {
    const board = createNodeWasmBoard({ sharedMemory: false });
    await board.connect();
    const session = new ReplSession(board);
    try {
      const r = await session.exec('try:\n    input("name? ")\nexcept EOFError as e:\n    print("EOF:", e)');
      expect(r.stdout).toMatch(/^name\? EOF: no keyboard input on this page: .*cross-origin isolated/);
      expect((await session.exec('print(6 * 7)')).stdout.trim()).toBe('42');
    } finally {
      session.dispose();
      await board.dispose();
    }
  });
});
