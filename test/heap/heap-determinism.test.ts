// Deterministic output: the same program gives the same snapshot — byte for
// byte on two fresh boards, and the same graph (addresses renamed in the order
// the globals reach them) when run twice on one board.
import { describe, expect, test } from 'vitest';
import { heapTargets } from './support/heap-targets';
import { runProbe } from '../../src/probe/run-probe';
import { inspectHeap } from '../../src/model/inspect-heap';
import type { HeapSnapshot, SlotValue } from '../../src/model/heap-snapshot';

const PROGRAM = `
class N:
    def __init__(self, v):
        self.v = v
        self.k = [v, str(v) * 20]
d = {'a': N(1), 'b': [N(2), 3.5, 2 ** 80, b'xy'], 'c': {'x', 'y', 'z'}, (1, 2): frozenset([4])}
t = (d, d['a'], 'long enough to be a heap string')
f = lambda x: (x, t)
`;
const CLEAN = 'del N, d, t, f\nimport gc\ngc.collect()\ndel gc';

/** The reachable graph with addresses replaced by their order of discovery from the sorted globals. */
function canonical(snap: HeapSnapshot): unknown {
  const byAddress = new Map(snap.objects.map((o) => [o.address, o]));
  const names = new Map<string, string>();
  const order: string[] = [];
  const visit = (v: SlotValue) => {
    if (!('ref' in v) || names.has(v.ref)) return;
    names.set(v.ref, `#${names.size}`);
    order.push(v.ref);
    for (const r of byAddress.get(v.ref)?.refs ?? []) visit(r.target);
  };
  for (const g of snap.globals) visit(g.value);
  const name = (v: SlotValue) => ('ref' in v ? { ref: names.get(v.ref) } : v);
  return {
    globals: snap.globals.map((g) => ({ name: g.name, value: name(g.value) })),
    objects: order.map((a) => {
      const o = byAddress.get(a);
      if (!o) return { missing: names.get(a) };
      return {
        ...o,
        address: names.get(a),
        parts: o.parts?.length,
        rawWords: undefined,
        refs: o.refs.map((r) => ({ label: r.label, target: name(r.target) })),
      };
    }),
  };
}

for (const target of heapTargets()) {
  describe.skipIf(target.skip)(`deterministic snapshots on ${target.label}`, () => {
    test('two fresh boards: identical JSON; one board twice: identical graph apart from addresses', async () => {
      const fresh: string[] = [];
      const graphs: unknown[] = [];
      for (let i = 0; i < 2; i++) {
        const t = await target.open();
        try {
          const probe = await runProbe(t.session);
          for (let j = 0; j < (i === 0 ? 2 : 1); j++) {
            if (j > 0) expect((await t.session.exec(CLEAN)).stderr).toBe('');
            expect((await t.session.exec(PROGRAM)).stderr).toBe('');
            const snap = inspectHeap(await t.memory(), probe, { board: t.name });
            expect(snap.warnings).toEqual([]);
            if (j === 0) fresh.push(JSON.stringify(snap));
            graphs.push(canonical(snap));
          }
        } finally {
          await t.dispose();
        }
      }
      expect(fresh[1]).toBe(fresh[0]);
      expect(graphs[1]).toEqual(graphs[0]);
      expect(graphs[2]).toEqual(graphs[0]);
    });
  });
}
