// The step history after an edit (StepController.edited), on a program really stepped on the
// MicroPython WebAssembly build: the steps that paused before the first line the edit affects stay,
// with their heaps; the rest and the end go; an edit that changes nothing keeps everything.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createNodeWasmBoard } from '../../src/board/wasm/wasm-board-node';
import { HeapCapture } from '../../src/app/heap-capture';
import { StepController } from '../../src/app/step-controller';
import { readProbeSourceNode } from '../../src/probe/probe-source-node';
import { ReplSession } from '../../src/repl/repl-session';

const PROGRAM = 'a = [1, 2]\nb = a\nb.append(3)\nb = [9]\nprint(a, b)\n';
const board = createNodeWasmBoard();
const session = new ReplSession(board);
const capture = new HeapCapture(board, session, { probeSource: readProbeSourceNode() });
const stepper = new StepController(session, capture);

beforeAll(async () => {
  await board.connect();
  await capture.prepare();
  expect(await stepper.start(PROGRAM)).toBe(true);
  while (stepper.state.active) await stepper.step();
}, 60_000);
afterAll(async () => {
  session.dispose();
  await board.dispose();
});

test('an edit keeps the steps that paused before its line, and drops the end', () => {
  const all = stepper.state.history;
  expect(all.map((s) => s.line)).toEqual([1, 2, 3, 4, 5]);
  expect(stepper.state.ended).toBeDefined();

  stepper.edited(PROGRAM); // the same text: nothing changes
  expect(stepper.state.history).toBe(all);

  stepper.edited(PROGRAM.replace('b.append(3)', 'b.append(4)'));
  expect(stepper.state.history.map((s) => s.line)).toEqual([1, 2, 3]);
  expect(stepper.state.history[2]).toBe(all[2]); // the same snapshot: nothing re-ran
  expect(stepper.state.position).toBe(2);
  expect(stepper.state.ended).toBeUndefined();

  stepper.edited('a = [0]\n' + PROGRAM.replace('b.append(3)', 'b.append(4)').slice('a = [1, 2]\n'.length));
  expect(stepper.state.history.map((s) => s.line)).toEqual([1]);
});
