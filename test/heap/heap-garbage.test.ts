// Garbage vs firmware-internal: what a program drops is garbage awaiting the
// next collection (unreachable, not internal) until gc.collect() runs, and is
// gone afterwards. MicroPython tells us which objects those are (their id()s,
// printed in the same run) and proves the point by freeing them.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { heapTargets, type HeapTarget } from './support/heap-targets';
import { runProbe } from '../../src/probe/run-probe';
import type { ProbeFacts } from '../../src/probe/probe-facts';
import { inspectHeap } from '../../src/model/inspect-heap';
import type { HeapSnapshot } from '../../src/model/heap-snapshot';

const DROP = `
a = [1, 2, 3]
b = {'x': [4, 5], 'y': 'some long string ' * 3}
c = [[i] for i in range(10)]
def f():
    t = [9, 9, 9]
    u = (t, 'z' * 30)
    return id(t), id(u)
dropped = [id(a), id(b), id(b['x']), id(b['y']), id(c), id(c[3])] + list(f())
del a, b
c = None
kept = [0]
print('HEAPLAB-DROPPED', dropped)
`;

const hex = (n: number) => '0x' + n.toString(16);

for (const target of heapTargets()) {
  describe.skipIf(target.skip)(`garbage and internal allocations on ${target.label}`, () => {
    let t: HeapTarget;
    let probe: ProbeFacts;
    beforeAll(async () => {
      t = await target.open();
      probe = await runProbe(t.session);
    });
    afterAll(async () => t?.dispose());

    async function snapshot(): Promise<HeapSnapshot> {
      const snap = inspectHeap(await t.memory(), probe, { board: t.name });
      expect(snap.warnings).toEqual([]);
      return snap;
    }

    test('dropped objects are unreachable and not internal until gc.collect(), then gone', async () => {
      const r = await t.session.exec(DROP);
      expect(r.stderr).toBe('');
      const line = r.stdout.split(/\r?\n/).find((l) => l.startsWith('HEAPLAB-DROPPED '))!;
      const dropped = (JSON.parse(line.slice('HEAPLAB-DROPPED '.length)) as number[]).map(hex);
      const before = new Map((await snapshot()).objects.map((o) => [o.address, o]));
      const types = new Map<string, string>();
      for (const id of dropped) {
        const o = before.get(id);
        expect(o, `dropped object ${id}`).toBeDefined();
        types.set(id, o!.type);
        expect({ id, reachable: o!.reachable, internal: o!.internal }).toEqual({
          id,
          reachable: false,
          internal: false,
        });
      }
      const c = await t.session.exec('import gc\ngc.collect()');
      expect(c.stderr).toBe('');
      const after = await snapshot();
      const byAddress = new Map(after.objects.map((o) => [o.address, o]));
      for (const id of dropped) expect(byAddress.get(id)?.type, `${id} after gc.collect()`).not.toBe(types.get(id));
      // The WebAssembly build collects at the top level, with mp_state_ctx as
      // its only roots: whatever survived is either reachable or internal.
      if (t.name === 'browser-wasm') {
        const garbage = after.objects.filter((o) => o.heap && !o.reachable && !o.internal);
        expect(garbage.map((o) => `${o.address} ${o.type} ${o.value}`)).toEqual([]);
      }
    });
  });
}
