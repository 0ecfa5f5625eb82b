// A board whose memory only its own CPU can read (a USB Pico) is inspected through the memory
// server: HeapCapture probes it and sets the server up, snapshots read the heap over the REPL, and
// a stepped program's pauses serve the reads themselves. Here a real board (the Virtual Pico on both
// firmware releases, and the browser board) is shown to the capture without its memory copy; each
// step's snapshot must equal the one decoded from the board's own copy at the same pause.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Board } from '../../src/board/board';
import { HeapCapture } from '../../src/app/heap-capture';
import { inspectHeap } from '../../src/model/inspect-heap';
import type { HeapSnapshot } from '../../src/model/heap-snapshot';
import { readProbeSourceNode } from '../../src/probe/probe-source-node';
import { ReplSession } from '../../src/repl/repl-session';
import { StepSession, type Step } from '../../src/stepper/step-session';
import { ALIASING_PROGRAM } from '../support/lesson-programs';
import { boardTargets } from '../support/board-targets';

/** `board` as the lab sees a USB Pico: no memory copy, memory read over the REPL. */
function servedView(board: Board): Board {
  return {
    info: { ...board.info, memoryAccess: 'repl' },
    get status() {
      return board.status;
    },
    get statusDetail() {
      return board.statusDetail;
    },
    connect: () => board.connect(),
    write: (bytes) => board.write(bytes),
    onData: (listener) => board.onData(listener),
    onStatus: (listener) => board.onStatus(listener),
    reset: () => board.reset(),
    dispose: () => board.dispose(),
  };
}

const targets = boardTargets();

/** What a learner sees of a snapshot: names, frames, live objects with their values and references. */
const seen = (s: HeapSnapshot) => ({
  globals: s.globals,
  frames: s.frames,
  live: s.objects.filter((o) => o.reachable),
});

for (const target of targets) {
  describe.skipIf(target.skip)(`a heap read over the REPL on ${target.name}`, () => {
    let board: Board;
    let session: ReplSession;
    let capture: HeapCapture;

    beforeAll(async () => {
      board = await target.open();
      await board.connect();
      session = new ReplSession(servedView(board));
      capture = new HeapCapture(servedView(board), session, { probeSource: readProbeSourceNode() });
      expect(capture.served).toBeDefined();
      await capture.prepare();
    });
    afterAll(async () => {
      session?.dispose();
      await board?.dispose();
    });

    test('an idle snapshot equals the one from the board\u2019s own copy', async () => {
      expect((await session.exec(ALIASING_PROGRAM)).stderr).toBe('');
      const served = await capture.snapshot();
      const direct = inspectHeap(await board.memory!({ includeFlash: true }), capture.probe!);
      expect(seen(served)).toEqual(seen(direct));
      const report = capture.served!.lastReport!;
      console.log(
        `[served heap] ${target.name}: ${report.requests} reads, ${report.bytes} bytes, ` +
          `${capture.lastTimings!.memoryMs.toFixed(0)} ms to read`,
      );
      // Flash is kept from one snapshot to the next: the second reads less (a Pico; the wasm build has no flash).
      await capture.snapshot();
      if (target.name.startsWith('virtual-pico')) expect(capture.served!.lastReport!.bytes).toBeLessThan(report.bytes);
    });

    test('stepping: every pause serves its own memory, equal to the board\u2019s copy there', async () => {
      await session.exec("[globals().pop(k) for k in [k for k in globals() if k[:2] != '__']]");
      const sendInput = (bytes: Uint8Array) => session.sendInput(bytes);
      const stepper = StepSession.create(
        { exec: (code, options) => session.exec(code, options), sendInput, ...capture.stepMemory(sendInput) },
        ALIASING_PROGRAM,
      );
      if ('error' in stepper) throw new Error(stepper.error.message);
      const lines: number[] = [];
      for (;;) {
        const next: Step | { done: true; error: string; output: string } = await stepper.next();
        if ('done' in next) {
          expect(next.error).toBe('');
          expect(next.output.trim()).toBe('[1, 2, 3, 4] [1, 2, 3]');
          break;
        }
        lines.push(next.line);
        const frames = next.frames.map((f) => ({ function: f.function, locals: f.locals }));
        const served = capture.decode(next.image, frames);
        const direct = inspectHeap(await board.memory!({ includeFlash: true }), capture.probe!, {
          frames: frames.map((f) => ({ label: f.function, locals: f.locals })),
        });
        expect(seen(served), `step before line ${next.line}`).toEqual(seen(direct));
      }
      expect(lines).toEqual([1, 2, 3, 4, 6, 5, 7]);
      // The server stays for the next snapshot; the stepper's own names are gone.
      const names = (await session.exec("print(sorted(k for k in globals() if k.startswith('__phl')))")).stdout;
      expect(names.trim()).toBe("['__phl__mem']");
    });
  });
}
