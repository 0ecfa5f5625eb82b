// What a step changed (src/graph/step-diff.ts), on steps of a real program stepped on the
// MicroPython WebAssembly build (and the Virtual Pico with PICO_FIRMWARE) and decoded by the
// project's own decoder: a new name for an existing list changes one slot and adds no object; an
// append changes the list's new slot; a collection after dropping the last reference frees the
// buffer on a Pico (the browser build collects only once the program has ended).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Board } from '../../src/board/board';
import { officialFirmwarePath } from '../support/firmware-paths';
import { createNodeWasmBoard } from '../../src/board/wasm/wasm-board-node';
import { HeapCapture } from '../../src/app/heap-capture';
import { diffSteps } from '../../src/graph/step-diff';
import type { HeapSnapshot } from '../../src/model/heap-snapshot';
import { readProbeSourceNode } from '../../src/probe/probe-source-node';
import { ReplSession } from '../../src/repl/repl-session';
import { StepSession } from '../../src/stepper/step-session';
import { VirtualPicoBoard } from '../../src/board/virtual-pico/virtual-pico-board';

const PROGRAM = `import gc
list1 = [1, 2]
list2 = list1
list2.append(3)
data = bytearray(100)
data = None
gc.collect()
done = 1
`;

const firmware = officialFirmwarePath();
const targets = [
  { name: 'browser-wasm', skip: false, collectsInPrograms: false, open: (): Board => createNodeWasmBoard() },
  {
    name: 'virtual-pico',
    skip: !firmware,
    collectsInPrograms: true,
    open: (): Board => new VirtualPicoBoard({ firmware: new Uint8Array(readFileSync(firmware!)), hosting: 'inline' }),
  },
];

for (const target of targets) {
  describe.skipIf(target.skip)(`on ${target.name}`, () => {
    /** The heap paused before each line, by line number. */
    const before = new Map<number, HeapSnapshot>();
    let board: Board;
    let session: ReplSession;

    beforeAll(async () => {
      board = target.open();
      await board.connect();
      session = new ReplSession(board);
      const capture = new HeapCapture(board, session, { probeSource: readProbeSourceNode() });
      await capture.prepare();
      const stepper = StepSession.create(
        {
          exec: (c, o) => session.exec(c, o),
          sendInput: (b) => session.sendInput(b),
          memory: () => capture.readMemory(),
        },
        PROGRAM,
      ) as StepSession;
      for (;;) {
        const next = await stepper.next();
        if ('done' in next) break;
        before.set(next.line, capture.decode(next.image, next.frames));
      }
    }, 60_000);
    afterAll(async () => {
      session.dispose();
      await board.dispose();
    });

    /** What line `line` changed: from the pause before it to the pause after it. */
    const lineDiff = (line: number) => diffSteps(before.get(line)!, before.get(line + 1)!);

    test('list1 = [1, 2]: one new list, the new name, nothing freed', () => {
      const diff = lineDiff(2);
      expect(diff.added.size).toBe(1);
      const [address] = diff.added;
      expect(before.get(3)!.objects.find((o) => o.address === address)?.type).toBe('list');
      expect([...diff.changedSlots]).toEqual(['var:globals:list1|list1']);
      expect(diff.freed).toEqual([]);
    });

    test('list2 = list1: no new object, one changed slot (the new name)', () => {
      const diff = lineDiff(3);
      expect(diff.added.size).toBe(0);
      expect([...diff.changedSlots]).toEqual(['var:globals:list2|list2']);
    });

    test('list2.append(3): the list’s new slot, seen through either name', () => {
      const diff = lineDiff(4);
      const list = before.get(5)!.globals.find((g) => g.name === 'list1')!.value as { ref: string };
      expect([...diff.changedSlots]).toEqual([`${list.ref}|[2]`]);
    });

    test('data = None, then gc.collect(): the bytearray becomes garbage, then is freed', () => {
      const dropped = lineDiff(6);
      expect([...dropped.changedSlots]).toEqual(['var:globals:data|data']);
      expect(dropped.freed).toEqual([]);
      const collected = lineDiff(7);
      if (target.collectsInPrograms) expect(collected.freed.map((o) => o.type)).toContain('bytearray');
      else expect(collected.freed).toEqual([]);
    });
  });
}
