// Object kinds learners meet beyond the corpus: the decoded value text, the
// size of objects the decoder only types (range, memoryview, generator…), and
// objects kept alive only through such opaque objects or through an
// exception's native part. Every expectation comes from MicroPython itself,
// printed in the same run (repr(), gc.mem_alloc() deltas, ids surviving a
// gc.collect()).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { heapTargets, type HeapTarget } from './support/heap-targets';
import { runProbe } from '../../src/probe/run-probe';
import type { ProbeFacts } from '../../src/probe/probe-facts';
import { inspectHeap } from '../../src/model/inspect-heap';
import type { HeapObject, HeapSnapshot } from '../../src/model/heap-snapshot';
import { expectedValueText } from './support/value-text';

// Each value's repr() as MicroPython prints it; the decoder must show the same text.
const VALUES = `
import json
fl = [float('nan'), float('inf'), float('-inf'), -0.0, 0.0, 1e16, 1e15, 1e-5, 1e-4, 0.1, 1 / 3, 2 ** 0.5,
      123456789.0, 3.4e38, 1e-30, -2.5e-7, 1.5, 100.0, 65536.0 * 65536.0, 0.1 + 0.2, 71994 / 100, 97282 / 100, 2 / 7]
s = 'hello world, learners'
sl = [s[2:9], s + '!!', 'tab\\there', "it's", 'é' * 3, 'héllo'.encode(), bytes(range(8))]
neg = [-(2 ** 70), -(10 ** 30) - 1, 2 ** 64]
vals = fl + sl + neg
print('HEAPLAB-VALUES ' + json.dumps([repr(_x) for _x in vals]))
_x = None
`;

// gc.mem_alloc() before and after creating one object: its size in bytes.
const SIZES = `
import gc
from array import array
gc.collect()
gc.disable()
_s = [0, 0, 0, 0, 0]
r = mv = g = arr = ba = None
_m = 0
_ba = bytearray(b'abcdef')
_init = bytes(400)  # copied as a buffer: no iterator is allocated
def _gen():
    yield 1
_m = gc.mem_alloc()
r = range(3, 30, 2)
_s[0] = gc.mem_alloc() - _m
_m = gc.mem_alloc()
mv = memoryview(_ba)
_s[1] = gc.mem_alloc() - _m
_m = gc.mem_alloc()
g = _gen()
_s[2] = gc.mem_alloc() - _m
_m = gc.mem_alloc()
arr = array('i', _init)
_s[3] = gc.mem_alloc() - _m
_m = gc.mem_alloc()
ba = bytearray(100)
_s[4] = gc.mem_alloc() - _m
mv2 = memoryview(ba)
gc.enable()
print('HEAPLAB-SIZES', id(r), _s[0], id(mv), _s[1], id(g), _s[2], id(arr), _s[3], id(ba), _s[4])
`;
// Objects whose only owner is an object the decoder does not take apart.
const HELD = `
inner = [7, 8, 9]
en = enumerate(inner)
src = [4, 5]
mp = map(str, src)
def gen(x):
    yield x
gl = [1, 2]
g = gen(gl)
try:
    raise ValueError('boom', [1, 2])
except ValueError as e:
    err = e
class E(Exception):
    pass
ee = E('mine', [3])
held = ['%d:%s' % (id(x), type(x).__name__) for x in (inner, src, gl, err.args, err.args[1], ee.args, ee.args[1])]
del inner, src, gl
import gc
gc.collect()
print('HEAPLAB-HELD', held)
`;

// Dict keys that are not strings: each entry is labelled with repr(key).
const KEY_DICT =
  "{(1, 2): 'a', 2.5: 'b', 2 ** 70: 'c', b'raw': 'd', ('x', (3,)): 'e', " +
  "7: 'f', None: 'g', 'k' * 20: 'h', -1.0: 'i', (): 'j'}";
const KEYS = `
dk = ${KEY_DICT}
print('HEAPLAB-KEYS ' + '|'.join(repr(k) for k in dk))
`;

function line(stdout: string, tag: string): string {
  const l = stdout.split(/\r?\n/).find((x) => x.startsWith(tag + ' '));
  if (!l) throw new Error(`no ${tag} line in:\n${stdout}`);
  return l.slice(tag.length + 1);
}

const hex = (n: number) => '0x' + n.toString(16);

for (const target of heapTargets()) {
  describe.skipIf(target.skip)(`object kinds on ${target.label}`, () => {
    let t: HeapTarget;
    let probe: ProbeFacts;
    beforeAll(async () => {
      t = await target.open();
      probe = await runProbe(t.session);
    });
    afterAll(async () => t?.dispose());

    async function run(
      code: string,
    ): Promise<{ stdout: string; snap: HeapSnapshot; byAddress: Map<string, HeapObject> }> {
      const r = await t.session.exec(code);
      expect(r.stderr).toBe('');
      const snap = inspectHeap(await t.memory(), probe, { board: t.name });
      expect(snap.warnings).toEqual([]);
      return { stdout: r.stdout, snap, byAddress: new Map(snap.objects.map((o) => [o.address, o])) };
    }

    const valuesTitle =
      'float edge values, str slices and concatenations, encoded bytes, negative big ints: value = repr()';
    test(valuesTitle, async () => {
      const { stdout, snap, byAddress } = await run(VALUES);
      const reprs = JSON.parse(line(stdout, 'HEAPLAB-VALUES')) as string[];
      const list = snap.globals.find((g) => g.name === 'vals')!.value as { ref: string };
      const items = byAddress.get(list.ref)!.refs.filter((r) => /^\[\d+\]$/.test(r.label));
      expect(items.length).toBe(reprs.length);
      reprs.forEach((repr, i) => {
        const target = items[i].target;
        if ('inline' in target) return expect(target.inline, repr).toBe(repr); // an interned string
        const o = byAddress.get(target.ref)!;
        expect(o, repr).toBeDefined();
        if (o.type === 'int') {
          const [head, tail] = o.value.split('…');
          expect(
            tail === undefined ? head === repr : repr.startsWith(head) && repr.endsWith(tail),
            `${o.value} vs ${repr}`,
          ).toBe(true);
        } else {
          expect(o.value, repr).toBe(expectedValueText(repr));
        }
      });
    });

    test('dict entries with tuple, float, big int, bytes and None keys are labelled [repr(key)]', async () => {
      const { stdout, snap, byAddress } = await run(KEYS);
      const keys = line(stdout, 'HEAPLAB-KEYS').split('|');
      const dict = byAddress.get((snap.globals.find((g) => g.name === 'dk')!.value as { ref: string }).ref)!;
      const labels = dict.refs.filter((r) => r.label !== 'key').map((r) => r.label);
      expect(labels).toEqual(keys.map((k) => `[${k}]`));
    });

    const opaqueSizesTitle =
      'typed opaque objects (with the buffers only they own) have the size gc.mem_alloc() saw them take';
    test(opaqueSizesTitle, async () => {
      const { stdout, byAddress } = await run(SIZES);
      const n = line(stdout, 'HEAPLAB-SIZES').split(' ').map(Number);
      for (let i = 0; i < n.length; i += 2) {
        const o = byAddress.get(hex(n[i]));
        expect(o, `object ${hex(n[i])}`).toBeDefined();
        expect(o!.bytes, o!.type).toBe(n[i + 1]);
      }
      expect(['range', 'memoryview', 'generator'].every((k) => [...byAddress.values()].some((o) => o.type === k))).toBe(
        true,
      );
    });

    const heldObjectsTitle =
      'objects held only by enumerate/map/generator/exception objects survive gc.collect() and are reachable';
    test(heldObjectsTitle, async () => {
      const { stdout, byAddress } = await run(HELD);
      const held = JSON.parse(line(stdout, 'HEAPLAB-HELD').replace(/'/g, '"')) as string[];
      expect(held.map((h) => h.split(':')[1])).toEqual(['list', 'list', 'list', 'tuple', 'list', 'tuple', 'list']);
      for (const [id, type] of held.map((h) => h.split(':'))) {
        const o = byAddress.get(hex(Number(id)));
        expect(o, `object ${hex(Number(id))} survived the collection`).toBeDefined();
        expect({ type: o!.type, reachable: o!.reachable, internal: o!.internal }).toEqual({
          type,
          reachable: true,
          internal: false,
        });
      }
    });
  });
}
