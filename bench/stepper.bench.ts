// One step of the stepper as the lab takes it: run to the next line, copy the memory there, decode
// the heap with the call's frame. Medians over a lesson-sized program stepped 10 times on each board,
// against issue 10's targets (100 ms on the browser board, 150 ms on the Virtual Pico). The step's
// redraw in the page is measured by the heap-views bench.
import { readFileSync } from 'node:fs';
import type { Board } from '../src/board/board';
import { createNodeWasmBoard } from '../src/board/wasm/wasm-board-node';
import { HeapCapture } from '../src/app/heap-capture';
import { readProbeSourceNode } from '../src/probe/probe-source-node';
import { ReplSession } from '../src/repl/repl-session';
import { StepSession } from '../src/stepper/step-session';
import { reportAgainstTarget } from './stats';

const PROGRAM = [
  'list1 = [1, 2, 3]',
  'list2 = list1',
  'list3 = list(list1)',
  'dict1 = {"key": list1}',
  'def add(xs, item):',
  '    xs.append(item)',
  '    return len(xs)',
  'for i in range(3):',
  '    add(list1, i)',
  'print(list1, list3, dict1)',
].join('\n');
const ROUNDS = 10;

async function measure(name: string, board: Board, target: number): Promise<void> {
  await board.connect();
  const session = new ReplSession(board);
  try {
    // The lab's own path: the heap capture's facts, and its memory limit from a first snapshot.
    const capture = new HeapCapture(board, session, { probeSource: readProbeSourceNode() });
    await capture.prepare();
    await capture.snapshot();
    const times: number[] = [];
    let steps = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const stepper = StepSession.create(
        {
          exec: (code, options) => session.exec(code, options),
          sendInput: (bytes) => session.sendInput(bytes),
          memory: () => capture.readMemory(),
        },
        PROGRAM,
      );
      if ('error' in stepper) throw new Error(stepper.error.message);
      for (;;) {
        const t0 = performance.now();
        const next = await stepper.next();
        if ('done' in next) break;
        capture.decode(next.image, next.frames);
        times.push(performance.now() - t0);
        steps++;
      }
    }
    reportAgainstTarget(`${name}: one step (run a line, copy, decode; ${steps} steps)`, times, target);
  } finally {
    session.dispose();
    await board.dispose();
  }
}

export default async function bench(): Promise<void> {
  await measure('browser-wasm', createNodeWasmBoard(), 100);
  const path = process.env.PICO_FIRMWARE;
  if (!path) {
    console.log('virtual-pico: PICO_FIRMWARE not set, skipped');
    return;
  }
  const { VirtualPicoBoard } = await import('../src/board/virtual-pico/virtual-pico-board');
  await measure(
    'virtual-pico',
    new VirtualPicoBoard({ firmware: new Uint8Array(readFileSync(path)), hosting: 'inline' }),
    150,
  );
}
