// What a learner waits for, measured here rather than in the tests (a loaded machine stretches every
// latency; the tests only guard against hangs): Stop → KeyboardInterrupt, Stop → the next `>>> ` in
// every place a program can wait (a busy loop, time.sleep, input(), deep recursion), a keystroke's
// echo while a program waits in input(), a one-line round trip, boot.
// Medians of 20, each printed against its target as a ratio (below 1 meets it).
import { readFileSync } from 'node:fs';
import type { Board } from '../src/board/board';
import { createNodeWasmBoard } from '../src/board/wasm/wasm-board-node';
import { ReplSession } from '../src/repl/repl-session';
import { parseTraceback } from '../src/repl/traceback';
import { reportAgainstTarget } from './stats';

const RUNS = 20;
const STOP_TARGET_MS = 1000;
const ROUND_TRIP_TARGET_MS = 50;
const BOOT_TARGET_MS = 1000;
/** Issue 9's targets: Stop → `>>> ` within 200 ms; a key's echo within 30 ms (browser board) / 50 ms (Virtual Pico). */
const STOP_TO_PROMPT_TARGET_MS = 200;
const ECHO_TARGET_MS: Record<string, number> = { 'browser-wasm': 30, 'virtual-pico': 50 };

/** Where a running program can be when Stop is pressed. */
const WAITING_PROGRAMS: Record<string, string> = {
  'a busy loop': 'while True:\n    pass\n',
  'time.sleep(30)': 'import time\ntime.sleep(30)\n',
  'input()': "input('? ')\n",
  'deep recursion (depth 15)':
    'def down(n):\n    if n:\n        down(n - 1)\n    while True:\n        pass\ndown(15)\n',
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function measure(name: string, open: () => Promise<Board>): Promise<void> {
  const boots: number[] = [];
  let board: Board | undefined;
  for (let i = 0; i < 3; i++) {
    await board?.dispose();
    const t0 = performance.now();
    board = await open();
    boots.push(performance.now() - t0);
  }
  const session = new ReplSession(board!);
  try {
    await session.exec('kept = 1');
    const roundTrips: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await session.exec(`print(${i})`);
      roundTrips.push(performance.now() - t0);
    }
    const stops: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const running = session.exec('while True:\n    pass\n');
      await sleep(100);
      const t0 = performance.now();
      await session.interrupt();
      const r = await running;
      stops.push(performance.now() - t0);
      if (parseTraceback(r.stderr)?.type !== 'KeyboardInterrupt') throw new Error(`${name}: Stop did not interrupt`);
    }
    if ((await session.exec('print(kept)')).stdout.trim() !== '1') throw new Error(`${name}: Stop lost the globals`);
    const toPrompt = new Map<string, number[]>();
    for (const [where, code] of Object.entries(WAITING_PROGRAMS))
      toPrompt.set(where, await stopToPrompt(session, code));
    const echoes = await keystrokeEchoes(session);
    if ((await session.exec('print(kept)')).stdout.trim() !== '1') throw new Error(`${name}: Stop lost the globals`);
    reportAgainstTarget(`${name}: boot to the REPL (3 boots)`, boots, BOOT_TARGET_MS);
    reportAgainstTarget(`${name}: one-line program round trip`, roundTrips, ROUND_TRIP_TARGET_MS);
    reportAgainstTarget(`${name}: Stop → KeyboardInterrupt, globals kept`, stops, STOP_TARGET_MS);
    for (const [where, times] of toPrompt)
      reportAgainstTarget(`${name}: Stop in ${where} → >>>`, times, STOP_TO_PROMPT_TARGET_MS);
    reportAgainstTarget(`${name}: keystroke → echo, program in input()`, echoes, ECHO_TARGET_MS[name] ?? 50);
  } finally {
    session.dispose();
    await board!.dispose();
  }
}

/** Terminal text from now on (what the learner's terminal shows), and a way to wait for some of it. */
function watchTerminal(session: ReplSession) {
  let text = '';
  const waiters = new Set<() => void>();
  const off = session.onTerminalData((bytes) => {
    text += new TextDecoder().decode(bytes);
    for (const check of waiters) check();
  });
  const waitFor = (wanted: string, from: number, timeoutMs = 10_000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`"${wanted}" did not appear; the terminal shows ${JSON.stringify(text.slice(-200))}`));
      }, timeoutMs);
      const check = () => {
        if (!text.slice(from).includes(wanted)) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      check();
    });
  return { text: () => text, waitFor, off };
}

/** Runs `code` as Run does, presses Stop once it waits, and times Stop → the next `>>> ` in the terminal. */
async function stopToPrompt(session: ReplSession, code: string): Promise<number[]> {
  const terminal = watchTerminal(session);
  const times: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const running = session.exec(code, { terminal: true });
      await sleep(150);
      const from = terminal.text().length;
      const t0 = performance.now();
      await session.interrupt();
      await terminal.waitFor('>>> ', from);
      times.push(performance.now() - t0);
      const r = await running;
      if (parseTraceback(r.stderr)?.type !== 'KeyboardInterrupt')
        throw new Error(`Stop did not interrupt: ${r.stderr}`);
    }
  } finally {
    terminal.off();
  }
  return times;
}

/** Keys typed while a program waits in input(): the time from each key to its echo in the terminal. */
async function keystrokeEchoes(session: ReplSession): Promise<number[]> {
  const terminal = watchTerminal(session);
  const times: number[] = [];
  try {
    const running = session.exec("answer = input('name? ')\nprint('got', len(answer))\n", { terminal: true });
    await terminal.waitFor('name? ', 0);
    await sleep(100);
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    for (let i = 0; i < RUNS; i++) {
      const from = terminal.text().length;
      const t0 = performance.now();
      session.typeIn(new TextEncoder().encode(letters[i]));
      await terminal.waitFor(letters[i], from);
      times.push(performance.now() - t0);
      await sleep(20);
    }
    session.typeIn(new Uint8Array([0x0d]));
    const r = await running;
    if (r.stdout.trim().split('\n').pop() !== `got ${RUNS}`)
      throw new Error(`input() read ${JSON.stringify(r.stdout)}`);
  } finally {
    terminal.off();
  }
  return times;
}

export default async function bench(): Promise<void> {
  await measure('browser-wasm', async () => {
    const board = createNodeWasmBoard();
    await board.connect();
    return board;
  });
  const path = process.env.PICO_FIRMWARE;
  if (!path) {
    console.log('virtual-pico: PICO_FIRMWARE not set, skipped');
    return;
  }
  const firmware = new Uint8Array(readFileSync(path));
  const { VirtualPicoBoard } = await import('../src/board/virtual-pico/virtual-pico-board');
  await measure('virtual-pico', async () => {
    const board = new VirtualPicoBoard({ firmware, hosting: 'inline' });
    await board.connect();
    return board;
  });
}
