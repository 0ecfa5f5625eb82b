// What a learner waits for, measured here rather than in the tests (a loaded machine stretches every
// latency; the tests only guard against hangs): Stop → KeyboardInterrupt, a one-line round trip, boot.
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
    reportAgainstTarget(`${name}: boot to the REPL (3 boots)`, boots, BOOT_TARGET_MS);
    reportAgainstTarget(`${name}: one-line program round trip`, roundTrips, ROUND_TRIP_TARGET_MS);
    reportAgainstTarget(`${name}: Stop → KeyboardInterrupt, globals kept`, stops, STOP_TARGET_MS);
  } finally {
    session.dispose();
    await board!.dispose();
  }
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
  const { VirtualPicoBoard } = await import('../src/pico/virtual-pico-board');
  await measure('virtual-pico', async () => {
    const board = new VirtualPicoBoard({ firmware, hosting: 'inline' });
    await board.connect();
    return board;
  });
}
