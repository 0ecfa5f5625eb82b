// StepSession (src/stepper/step-session.ts): a program run line by line on a real board, paused
// before each line with the board's memory copied there, decoded with the project's own heap
// decoder. On the MicroPython WebAssembly build always, on the Virtual Pico with PICO_FIRMWARE:
// the lines come in the order they run (into calls, back out), `list2 = list1` adds a name and no
// object, a function's parameter and the caller's name point at one object, the hook costs no heap,
// and the step limit stops an endless loop.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Board } from '../../src/board/board';
import { inspectHeap } from '../../src/model/inspect-heap';
import type { HeapSnapshot } from '../../src/model/heap-snapshot';
import { runProbe } from '../../src/probe/run-probe';
import { readProbeSourceNode } from '../../src/probe/probe-source-node';
import type { ProbeFacts } from '../../src/probe/probe-facts';
import { ReplSession } from '../../src/repl/repl-session';
import { StepSession, type Step, type StepBoard, type StepsEnd } from '../../src/stepper/step-session';
import { ALIASING_PROGRAM } from '../support/lesson-programs';
import { boardTargets } from '../support/board-targets';

const ALIASING = ALIASING_PROGRAM;

const targets = boardTargets();

for (const target of targets) {
  describe.skipIf(target.skip)(`stepping a program on ${target.name}`, () => {
    let board: Board;
    let session: ReplSession;
    let facts: ProbeFacts;
    let stepBoard: StepBoard;

    beforeAll(async () => {
      board = await target.open();
      await board.connect();
      session = new ReplSession(board);
      facts = await runProbe(session, readProbeSourceNode());
      stepBoard = {
        exec: (code, options) => session.exec(code, options),
        sendInput: (bytes) => session.sendInput(bytes),
        memory: () => board.memory!({ includeFlash: true }),
      };
    });
    afterAll(async () => {
      session.dispose();
      await board.dispose();
    });

    const decode = (image: Step['image']): HeapSnapshot => inspectHeap(image, facts);
    const framesOf = (step: Step) => step.frames.map((f) => ({ label: f.function, locals: f.locals }));
    const global = (snapshot: HeapSnapshot, name: string) => snapshot.globals.find((g) => g.name === name)?.value;
    const lists = (snapshot: HeapSnapshot) => snapshot.objects.filter((o) => o.type === 'list' && o.reachable).length;

    async function stepAll(source: string, maxSteps?: number): Promise<{ steps: Step[]; end: StepsEnd }> {
      const stepper = StepSession.create(stepBoard, source, { maxSteps });
      if ('error' in stepper) throw new Error(JSON.stringify(stepper.error));
      const steps: Step[] = [];
      for (;;) {
        const next = await stepper.next();
        if ('done' in next) return { steps, end: next };
        steps.push(next);
      }
    }

    test('the aliasing program, a step per line run: names, objects and the call frame from the real heap', async () => {
      const started = performance.now();
      const { steps, end } = await stepAll(ALIASING);
      const ms = performance.now() - started;
      console.log(`${target.name}: ${steps.length} steps in ${ms.toFixed(0)} ms (run + memory copy per step)`);
      expect(steps.map((s) => s.line)).toEqual([1, 2, 3, 4, 6, 5, 7]);
      expect(end.error).toBe('');
      expect(end.output.trim()).toBe('[1, 2, 3, 4] [1, 2, 3]');
      // Afterwards the learner's globals stay (as after Run), the stepper's own are gone.
      const names = (await session.exec('print(sorted(k for k in globals() if not k.startswith("__n")))')).stdout;
      expect(names).toContain("'list1'");
      expect(names).not.toContain('__phl_');
      expect(steps[6].output).toBe(''); // before line 7 nothing was printed yet

      // Before line 3, list2 = list1 has run: one more name, the same object, no new list.
      const before2 = decode(steps[1].image);
      const before3 = decode(steps[2].image);
      expect(global(before2, 'list2')).toBeUndefined();
      expect(global(before3, 'list2')).toEqual(global(before3, 'list1'));
      expect(lists(before3)).toBe(lists(before2));
      // list(list1) made a new list.
      expect(lists(decode(steps[3].image))).toBe(lists(before3) + 1);

      // Inside add(list1): one frame, its xs is the caller's list1.
      const inAdd = steps[5];
      expect(inAdd.frames.map((f) => f.function)).toEqual(['add']);
      const xs = inAdd.frames[0].locals.find((l) => l.name === 'xs')!;
      expect(global(decode(inAdd.image), 'list1')).toEqual({ ref: `0x${xs.word.toString(16)}` });
      // Back at module level the frame is gone.
      expect(steps[6].frames).toEqual([]);
      // Decoded with its frame, the snapshot has the call's locals beside the globals: one object.
      const withFrame = inspectHeap(inAdd.image, facts, { frames: framesOf(inAdd) });
      expect(withFrame.frames?.[0].label).toBe('add');
      expect(withFrame.frames?.[0].locals.find((l) => l.name === 'xs')?.value).toEqual(global(withFrame, 'list1'));
    });

    test('what only a running call holds is live when the frame is known (a root, like the globals)', async () => {
      const { steps } = await stepAll('def make():\n    tmp = [9, 9, 9]\n    return len(tmp)\nmake()\n');
      const inMake = steps.find((s) => s.line === 3)!;
      const tmp = inMake.frames[0].locals.find((l) => l.name === 'tmp')!;
      const address = `0x${tmp.word.toString(16)}`;
      const known = inspectHeap(inMake.image, facts, { frames: framesOf(inMake) });
      expect(known.objects.find((o) => o.address === address)).toMatchObject({ type: 'list', role: 'live' });
      const unknown = inspectHeap(inMake.image, facts);
      expect(unknown.objects.find((o) => o.address === address)?.role).not.toBe('live');
    });

    test('the hook costs no heap: a program that allocates nothing keeps the used bytes steady', async () => {
      const source = Array.from({ length: 12 }, (_, i) => `x = ${i}`).join('\n');
      const { steps } = await stepAll(source);
      const used = steps.map((s) => decode(s.image).heap.usedBytes);
      console.log(`${target.name}: heap used across ${steps.length} steps: ${[...new Set(used)].join(', ')} bytes`);
      expect(new Set(used.slice(1)).size).toBe(1);
    });

    test('an endless loop stops at the step limit and says so; the board stays usable', async () => {
      const { steps, end } = await stepAll('n = 0\nwhile True:\n    n += 1\n', 25);
      expect(steps.length).toBe(25);
      expect(end.limitReached).toBe(true);
      expect((await session.exec('print(6 * 7)')).stdout.trim()).toBe('42');
    });

    test('a traceback names the learner\u2019s line', async () => {
      const { end } = await stepAll('a = 1\nb = 0\nprint(a / b)\n');
      expect(end.error).toMatch(/File "<stdin>", line 3, in <module>\r?\nZeroDivisionError/);
    });
  });
}
