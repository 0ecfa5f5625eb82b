// greetBoard (src/repl/greet-board.ts), the one greeting the app and the CLI repl give a
// freshly connected board: afterwards the terminal shows the MicroPython banner and one
// `>>> ` prompt, exactly once, and the REPL's line is empty (the next thing typed runs as
// typed). On the real MicroPython WebAssembly build always; on the Virtual Pico with the
// official firmware when PICO_FIRMWARE is set (its USB serial holds the boot banner until
// the host sends something).
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { Board } from '../../src/board/board';
import { createNodeWasmBoard } from '../../src/board/wasm/wasm-board-node';
import { greetBoard, GREETING_WAIT_MS } from '../../src/repl/greet-board';
import type { VirtualPicoBoard } from '../../src/board/virtual-pico/virtual-pico-board';
import { olderFirmwarePath, officialFirmwarePath } from '../support/firmware-paths';
import { occurrences, terminalScreen } from '../support/terminal-screen';

const enc = new TextEncoder();
const dec = new TextDecoder();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Everything a board sends from now on, as text. */
function capture(board: Board): { text: () => string; clear: () => void; stop: () => void } {
  let text = '';
  const stop = board.onData((b) => (text += dec.decode(b, { stream: true })));
  return { text: () => text, clear: () => (text = ''), stop };
}

/** Waits until `text()` shows a prompt, then a little longer so anything extra would have arrived too. */
async function settled(text: () => string): Promise<string> {
  await expect.poll(text, { timeout: 20_000 }).toContain('>>> ');
  await sleep(GREETING_WAIT_MS + 400);
  return text();
}

/** Types a line at the friendly REPL and returns the screen once the answer and the next prompt are back. */
async function typeLine(board: Board, out: { text: () => string; clear: () => void }, line: string) {
  out.clear();
  board.write(enc.encode(line + '\r'));
  await expect.poll(() => occurrences(out.text(), '>>> '), { timeout: 20_000 }).toBe(1);
  return terminalScreen(out.text());
}

// The wasm build's banner: a blank line, then e.g. "MicroPython v1.27.0 on 2025-12-10; JS with Emscripten".
const WASM_SCREEN =
  /^\nMicroPython v\d+\.\d+\.\d+[^\n]* on \d{4}-\d{2}-\d{2}; [^\n]+\nType "help\(\)" for more information\.\n>>> $/;

describe('greetBoard on the MicroPython WebAssembly board', () => {
  const boards: Board[] = [];
  const open = () => {
    const board = createNodeWasmBoard();
    boards.push(board);
    return board;
  };
  afterEach(async () => {
    for (const b of boards.splice(0)) await b.dispose();
  });

  test('listening from before connect(): the banner and one prompt, shown once', async () => {
    const board = open();
    const out = capture(board);
    await board.connect();
    await greetBoard(board);
    const text = await settled(out.text);
    expect(occurrences(text, 'MicroPython v')).toBe(1);
    expect(occurrences(text, '>>> ')).toBe(1);
    expect(terminalScreen(text)).toMatch(WASM_SCREEN);
  });

  test('listening only once connect() resolved (the CLI repl does this): the same screen', async () => {
    const board = open();
    await board.connect();
    const out = capture(board);
    await greetBoard(board);
    const text = await settled(out.text);
    expect(occurrences(text, 'MicroPython v')).toBe(1);
    expect(occurrences(text, '>>> ')).toBe(1);
    expect(terminalScreen(text)).toMatch(WASM_SCREEN);
  });

  const quietBoardTitle =
    'a board quiet at its prompt (its banner went out before anyone listened) is asked for it: ' +
    'banner and prompt once, and the line stays empty';
  test(quietBoardTitle, async () => {
    const board = open();
    const out = capture(board);
    await board.connect();
    await greetBoard(board);
    await settled(out.text);
    out.clear();
    // Now the board is silent: this greeting sends its space-and-delete nudge, which brings no
    // prompt, so it asks for the banner (Ctrl-B), as it must after a v1.22 Pico's boot.
    await greetBoard(board);
    const text = await settled(out.text);
    expect(occurrences(text, 'MicroPython v')).toBe(1);
    expect(occurrences(text, '>>> ')).toBe(1);
    expect(terminalScreen(text)).toMatch(WASM_SCREEN);
    // A stray space left in the line would make this an IndentationError.
    const screen = await typeLine(board, out, '6*7');
    expect(screen).toBe('6*7\n42\n>>> ');
  });

  test('`idle` false (a program run started meanwhile): a quiet board is not written to', async () => {
    const board = open();
    const out = capture(board);
    await board.connect();
    await settled(out.text);
    out.clear();
    await greetBoard(board, { idle: () => false });
    await sleep(GREETING_WAIT_MS + 400);
    expect(out.text()).toBe('');
    expect(board.status).toBe('ready');
  });

  test('a board that speaks during the wait is left alone (no nudge echoed)', async () => {
    const board = open();
    const out = capture(board);
    await board.connect();
    await settled(out.text);
    out.clear();
    const greeting = greetBoard(board, { waitMs: 3000 }); // long enough for the answer even on a loaded machine
    board.write(enc.encode('1+1\r'));
    await greeting;
    await sleep(400);
    expect(terminalScreen(out.text())).toBe('1+1\n2\n>>> ');
    expect(out.text()).not.toContain('\b');
  });
});

const PICO_BANNER = new RegExp(
  // One regular expression, written in parts (joined sources) to fit the line width. Ctrl-B's
  // answer starts with a line break; a held banner does not.
  /^\n?MicroPython v\d+\.\d+\.\d+[^\n]* on \d{4}-\d{2}-\d{2}; Raspberry Pi Pico with RP2040\n/.source +
    /Type "help\(\)" for more information\.\n>>> $/.source,
);

const firmwares = [
  { name: 'official firmware', path: officialFirmwarePath() },
  { name: 'older official firmware (v1.22: drops its boot banner)', path: olderFirmwarePath() },
];
for (const { name, path } of firmwares)
  if (!path) console.warn(`[skip] greetBoard on the Virtual Pico, ${name}: set PICO_FIRMWARE (see README.md)`);

describe.each(firmwares.filter((f) => f.path))('greetBoard on the Virtual Pico ($name)', ({ path }) => {
  let board: VirtualPicoBoard;
  let out: ReturnType<typeof capture>;

  beforeAll(async () => {
    const { VirtualPicoBoard } = await import('../../src/board/virtual-pico/virtual-pico-board');
    board = new VirtualPicoBoard({ firmware: new Uint8Array(readFileSync(path!)), hosting: 'inline' });
    out = capture(board);
    await board.connect();
  });
  afterAll(async () => board?.dispose());

  test('before any greeting the USB serial shows nothing (and `idle` false keeps it so)', async () => {
    await greetBoard(board, { idle: () => false });
    await sleep(1000);
    expect(out.text()).toBe('');
  });

  test('the greeting brings the banner and one prompt, shown once', async () => {
    await greetBoard(board);
    const text = await settled(out.text);
    expect(occurrences(text, 'MicroPython v')).toBe(1);
    expect(occurrences(text, '>>> ')).toBe(1);
    expect(terminalScreen(text)).toMatch(PICO_BANNER);
  });

  test('a second greeting of the quiet board shows the banner once more, and what is typed next runs as typed', async () => {
    out.clear();
    await greetBoard(board);
    const text = await settled(out.text);
    expect(occurrences(text, 'MicroPython v')).toBe(1);
    expect(occurrences(text, '>>> ')).toBe(1);
    expect(terminalScreen(text)).toMatch(PICO_BANNER);
    expect(await typeLine(board, out, '6*7')).toBe('6*7\n42\n>>> ');
  });
});
