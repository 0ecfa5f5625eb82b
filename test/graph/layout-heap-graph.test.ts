// The reference graph's layout: properties that must hold on any snapshot (random graphs of 1–300
// objects with cycles, self references, aliasing, garbage and inline values), the stable-position
// rules across layouts, what the options hide, and the worker client's request handling.
import { describe, expect, test } from 'vitest';
import { layoutHeapGraph } from '../../src/graph/layout-heap-graph';
import {
  DEFAULT_GRAPH_OPTIONS,
  type GraphLayout,
  type GraphOptions,
  type ObjectNode,
  type VariableNode,
} from '../../src/graph/graph-layout-types';
import { GraphLayoutClient, type LayoutWorkerLike } from '../../src/graph/graph-layout-client';
import type { LayoutRequest, LayoutResponse } from '../../src/graph/layout-protocol';
import { HEADER_H, MAX_BOX_W } from '../../src/graph/text-metrics';
import { MIN_COL_GAP } from '../../src/graph/geometry';
import type { HeapObject, HeapSnapshot, ObjectKind, ObjectRole, SlotValue } from '../../src/model/heap-snapshot';
import { UNKNOWN_ADDRESS, addressOf, makeObject, randomSnapshot, snapshotOf, withOneMore } from './support/random-heap';

const opts = (o: Partial<GraphOptions> = {}): GraphOptions => ({ ...DEFAULT_GRAPH_OPTIONS, ...o });

type Box = VariableNode | ObjectNode;

function drawn(layout: GraphLayout): Box[] {
  return [...layout.variables, ...layout.nodes].filter((b) => b.change !== 'gone');
}

function overlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Everything any layout must satisfy; `where` names the case in failure messages. */
function checkInvariants(layout: GraphLayout, where: string): void {
  const boxes = drawn(layout);
  for (const b of [...layout.variables, ...layout.nodes]) {
    for (const v of [b.x, b.y, b.width, b.height]) expect(Number.isFinite(v), `${where}: ${b.id} finite`).toBe(true);
    expect(b.width, `${where}: ${b.id} width`).toBeGreaterThan(0);
  }
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      if (overlap(boxes[i], boxes[j])) expect.fail(`${where}: ${boxes[i].id} overlaps ${boxes[j].id}`);
    }
  }
  const ids = [...layout.variables, ...layout.nodes].map((b) => b.id);
  expect(new Set(ids).size, `${where}: unique ids`).toBe(ids.length);
  expect(new Set(layout.edges.map((e) => e.id)).size, `${where}: unique edge ids`).toBe(layout.edges.length);

  // Variables left of every object; nothing in the column.
  const columnRight = Math.max(0, ...layout.variables.map((v) => v.x + v.width));
  for (const v of layout.variables) expect(v.x, `${where}: ${v.id} at x = 0`).toBe(0);
  for (const n of layout.nodes)
    expect(n.x, `${where}: ${n.id} right of the variables`).toBeGreaterThanOrEqual(columnRight);

  const live = new Map(boxes.map((b) => [b.id, b]));
  const all = new Map([...layout.variables, ...layout.nodes].map((b) => [b.id, b]));
  for (const e of layout.edges) {
    const pool = e.change === 'gone' ? all : live;
    const from = pool.get(e.from);
    const to = pool.get(e.to);
    expect(from, `${where}: edge ${e.id} source`).toBeDefined();
    expect(to && 'address' in to, `${where}: edge ${e.id} target is a node`).toBe(true);
    if (!from || !to || e.change === 'gone') continue;
    const [start, , , end] = e.points;
    for (const p of e.points)
      expect(Number.isFinite(p.x) && Number.isFinite(p.y), `${where}: ${e.id} finite`).toBe(true);
    expect(start.x, `${where}: ${e.id} starts at the source's right edge`).toBeCloseTo(from.x + from.width, 6);
    expect(start.y).toBeGreaterThanOrEqual(from.y);
    expect(start.y).toBeLessThanOrEqual(from.y + from.height);
    // The left edge; the right edge for a box of the same column above or below (the arrow loops out).
    const sameColumn =
      'address' in from &&
      to.x < from.x + from.width &&
      from.x < to.x + to.width &&
      (to.y >= from.y + from.height || from.y >= to.y + to.height);
    expect(end.x, `${where}: ${e.id} ends at the target's ${sameColumn ? 'right' : 'left'} edge`).toBeCloseTo(
      sameColumn ? to.x + to.width : to.x,
      6,
    );
    expect(end.y, `${where}: ${e.id} ends at the target's header`).toBeCloseTo(to.y + HEADER_H / 2, 6);
  }
  // The drawing's size covers every box and control point.
  for (const b of [...layout.variables, ...layout.nodes]) {
    expect(b.x + b.width).toBeLessThanOrEqual(layout.width);
    expect(b.y + b.height).toBeLessThanOrEqual(layout.height);
  }
  for (const e of layout.edges) {
    for (const p of e.points) {
      expect(p.x).toBeGreaterThanOrEqual(0);
      expect(p.y).toBeGreaterThanOrEqual(0);
      expect(p.x).toBeLessThanOrEqual(layout.width);
      expect(p.y).toBeLessThanOrEqual(layout.height);
    }
  }
}

// --- small hand-made snapshots ---

let nextIndex = 0;
function obj(
  kind: ObjectKind,
  refs: [string, SlotValue][] = [],
  extra: Partial<HeapObject> & { role?: ObjectRole } = {},
): HeapObject {
  const type = extra.type ?? (kind === 'instance' ? 'Node' : kind === 'class' ? 'type' : kind);
  const o = makeObject(nextIndex++, kind, type, extra.role ?? 'live');
  o.refs = refs.map(([label, target]) => ({ label, target }));
  return { ...o, ...extra };
}
const ref = (o: HeapObject): SlotValue => ({ ref: o.address });
const inline = (text: string): SlotValue => ({ inline: text });
const globalsOf = (entries: [string, SlotValue][]) => entries.map(([name, value]) => ({ name, value }));

describe('layoutHeapGraph on random heaps', () => {
  const sizes = [1, 2, 3, 8, 20, 45, 80, 140, 220, 300];
  const variants: [string, Partial<GraphOptions>][] = [
    ['default', {}],
    ['internal + names', { showInternal: true, codeAsNames: true }],
    ['collapse 2', { collapseAfter: 2 }],
  ];
  for (const [name, o] of variants) {
    test(`no overlaps, edges touch their boxes, variables left (${name})`, () => {
      sizes.forEach((n, i) => {
        const snap = randomSnapshot(100 + i, n);
        checkInvariants(layoutHeapGraph(snap, opts(o)), `${name}, ${n} objects`);
      });
    });
  }

  test('adding one object moves no persisting node or variable, quickly', () => {
    for (const n of [1, 20, 60, 200, 300]) {
      const snap = randomSnapshot(7 + n, n);
      const before = layoutHeapGraph(snap);
      const next = withOneMore(snap);
      let after = layoutHeapGraph(next, DEFAULT_GRAPH_OPTIONS, before);
      let best = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        after = layoutHeapGraph(next, DEFAULT_GRAPH_OPTIONS, before);
        best = Math.min(best, performance.now() - t0);
      }
      if (n >= 200) expect(best, `incremental layout of ${n} objects, ms`).toBeLessThan(200);
      checkInvariants(after, `+1 on ${n} objects`);
      const now = new Map(drawn(after).map((b) => [b.id, b]));
      for (const b of drawn(before)) {
        const a = now.get(b.id);
        expect(a, `${b.id} still drawn`).toBeDefined();
        expect([a!.x, a!.y], `${b.id} kept its place`).toEqual([b.x, b.y]);
        expect(a!.change).toBe('kept');
      }
      const added = drawn(after).filter((b) => b.change === 'new');
      expect(added.map((b) => b.id).sort()).toEqual([addressOf(n + 1000), 'var:globals:zz_new'].sort());
      expect(after.edges.filter((e) => e.change === 'new').length).toBeGreaterThanOrEqual(2);
      expect(after.edges.some((e) => e.change === 'gone')).toBe(false);
    }
  });

  test('a run of unrelated snapshots keeps the invariants; variables never move', () => {
    // Same addresses, other types and refs: objects kept, retyped, new and gone at once.
    let previous: GraphLayout | undefined;
    [40, 60, 10, 0, 120, 200, 5].forEach((n, i) => {
      const snap = randomSnapshot(300 + i, n);
      const layout = layoutHeapGraph(snap, opts({ collapseAfter: 5 }), previous);
      checkInvariants(layout, `step ${i}, ${n} objects`);
      const before = new Map((previous?.variables ?? []).filter((v) => v.change !== 'gone').map((v) => [v.id, v]));
      for (const v of layout.variables) {
        const b = before.get(v.id);
        if (b && v.change !== 'gone') expect([v.x, v.y], `step ${i}: ${v.id}`).toEqual([b.x, b.y]);
      }
      previous = layout;
    });
  });

  test('collapsing hides rows, and expanding a container draws every target it hid', () => {
    for (const n of [30, 120, 300]) {
      const snap = randomSnapshot(50 + n, n, { maxSlots: 30 });
      const byAddress = new Map(snap.objects.map((o) => [o.address, o]));
      const o = opts({ collapseAfter: 3 });
      const layout = layoutHeapGraph(snap, o);
      const collapsed = layout.nodes.filter((x) => x.hiddenRows > 0);
      expect(collapsed.length, `${n} objects: some container collapsed`).toBeGreaterThan(0);
      for (const node of collapsed.slice(0, 4)) {
        const refs = byAddress.get(node.id)!.refs;
        expect(node.rows).toHaveLength(3);
        expect(node.hiddenRows).toBe(refs.length - 3);
        const hiddenTargets = refs
          .slice(3)
          .map((r) => ('ref' in r.target ? byAddress.get(r.target.ref) : undefined))
          .filter((t): t is HeapObject => !!t && t.role !== 'firmware' && t.role !== 'compiler');
        const open = layoutHeapGraph(snap, { ...o, expanded: [node.id] });
        const openNode = open.nodes.find((x) => x.id === node.id)!;
        expect(openNode.hiddenRows).toBe(0);
        expect(openNode.rows).toHaveLength(refs.length);
        const ids = new Set(open.nodes.map((x) => x.id));
        for (const t of hiddenTargets)
          expect(ids.has(t.address), `${t.address} drawn once ${node.id} is expanded`).toBe(true);
        checkInvariants(open, `${n} objects, ${node.id} expanded`);
      }
    }
  });

  test('deterministic: the same input gives the same layout', () => {
    const snap = randomSnapshot(4242, 150);
    const a = layoutHeapGraph(snap, opts({ collapseAfter: 4 }));
    const b = layoutHeapGraph(structuredClone(snap), opts({ collapseAfter: 4 }));
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    const next = withOneMore(snap);
    expect(JSON.stringify(layoutHeapGraph(next, opts({ collapseAfter: 4 }), a))).toBe(
      JSON.stringify(layoutHeapGraph(next, opts({ collapseAfter: 4 }), b)),
    );
  });
});

describe('layoutHeapGraph rules', () => {
  test('an empty heap gives an empty drawing', () => {
    const layout = layoutHeapGraph(snapshotOf([], []));
    expect(layout.nodes).toEqual([]);
    expect(layout.variables).toEqual([]);
    expect(layout.edges).toEqual([]);
    expect(layout.hidden).toEqual({ internal: 0, collapsed: 0 });
    expect(layout.width).toBeGreaterThanOrEqual(0);
  });

  test('two variables referring to one list: one box, two arrows', () => {
    const list = obj('list', [['[0]', inline('1')]]);
    const layout = layoutHeapGraph(
      snapshotOf(
        globalsOf([
          ['a', ref(list)],
          ['b', ref(list)],
        ]),
        [list],
      ),
    );
    expect(layout.nodes.map((n) => n.id)).toEqual([list.address]);
    expect(layout.edges.map((e) => [e.from, e.to])).toEqual([
      ['var:globals:a', list.address],
      ['var:globals:b', list.address],
    ]);
    expect(layout.edges.map((e) => e.id)).toEqual([
      `var:globals:a|a|${list.address}`,
      `var:globals:b|b|${list.address}`,
    ]);
    checkInvariants(layout, 'alias');
  });

  test('a call frame (while stepping): its locals below the globals, under its label, arrows into the same boxes', () => {
    const list = obj('list', [['[0]', inline('1')]]);
    const snapshot = snapshotOf(globalsOf([['list1', ref(list)]]), [list]);
    snapshot.frames = [
      {
        label: 'add',
        locals: [
          { name: 'xs', value: ref(list) },
          { name: 'k', value: inline('1') },
        ],
      },
    ];
    const layout = layoutHeapGraph(snapshot);
    expect(layout.variables.map((v) => [v.id, v.scope, v.scopeLabel])).toEqual([
      ['var:globals:list1', 'globals', undefined],
      ['var:frame0:add:xs', 'frame0:add', 'add()'],
      ['var:frame0:add:k', 'frame0:add', undefined],
    ]);
    // The parameter and the global name: one box, two arrows.
    expect(layout.nodes.map((n) => n.id)).toEqual([list.address]);
    expect(layout.edges.map((e) => [e.from, e.to])).toEqual([
      ['var:globals:list1', list.address],
      ['var:frame0:add:xs', list.address],
    ]);
    // Room above the frame for its label.
    const [g, xs] = layout.variables;
    expect(xs.y - (g.y + g.height)).toBeGreaterThan(20);
    checkInvariants(layout, 'frame');
  });

  test('rows follow the refs: inline values as text, objects as arrows, unknown addresses as text', () => {
    const s = obj('str', [], { value: "'hello'" });
    const self = obj('list');
    self.refs = [
      { label: '[0]', target: inline('42') },
      { label: '[1]', target: ref(s) },
      { label: '[2]', target: { ref: UNKNOWN_ADDRESS } },
      { label: '[3]', target: ref(self) },
    ];
    const layout = layoutHeapGraph(
      snapshotOf(
        globalsOf([
          ['x', ref(self)],
          ['n', inline('7')],
        ]),
        [self, s],
      ),
    );
    const node = layout.nodes.find((n) => n.id === self.address)!;
    expect(node.shape).toBe('box');
    expect(node.value).toBeUndefined();
    expect(node.rows.map((r) => [r.label, r.text, r.target])).toEqual([
      ['[0]', '42', undefined],
      ['[1]', undefined, s.address],
      ['[2]', UNKNOWN_ADDRESS, undefined],
      ['[3]', undefined, self.address],
    ]);
    // Rows are stacked under the header at equal steps.
    const ys = node.rows.map((r) => r.y);
    expect(ys[0]).toBeGreaterThan(HEADER_H);
    expect(new Set(ys.slice(1).map((y, i) => y - ys[i])).size).toBe(1);
    expect(layout.nodes.find((n) => n.id === s.address)!.value).toBe("'hello'");
    expect(layout.variables.find((v) => v.name === 'n')!.text).toBe('7');
    expect(layout.edges.some((e) => e.from === self.address && e.to === self.address)).toBe(true);
    checkInvariants(layout, 'rows');
  });

  test('cycles and self references are drawn once and do not hang', () => {
    const a = obj('instance');
    const b = obj('instance');
    a.refs = [
      { label: '.next', target: ref(b) },
      { label: '.me', target: ref(a) },
    ];
    b.refs = [{ label: '.next', target: ref(a) }];
    const layout = layoutHeapGraph(snapshotOf(globalsOf([['a', ref(a)]]), [a, b]));
    expect(layout.nodes.map((n) => n.id).sort()).toEqual([a.address, b.address].sort());
    expect(layout.edges).toHaveLength(4);
    checkInvariants(layout, 'cycle');
  });

  test('code is compact, does not pull in its insides, or becomes a plain name with codeAsNames', () => {
    const inner = obj('dict', [["['x']", inline('1')]], { role: 'live' });
    const mod = obj('module', [['.__dict__', ref(inner)]], { value: 'module rp2' });
    const method = obj('function', [], { value: 'step()' });
    const cls = obj('class', [['.step', ref(method)]], { value: 'class Node' });
    const f = obj('function', [], { value: 'f()' });
    const list = obj('list', [
      ['[0]', ref(cls)],
      ['[1]', ref(mod)],
    ]);
    const snap = snapshotOf(
      globalsOf([
        ['f', ref(f)],
        ['items', ref(list)],
        ['rp2', ref(mod)],
      ]),
      [inner, mod, method, cls, f, list],
    );
    const boxes = layoutHeapGraph(snap);
    const byId = new Map(boxes.nodes.map((n) => [n.id, n]));
    for (const code of [mod, cls, f]) {
      const n = byId.get(code.address)!;
      expect(n.shape).toBe('compact');
      expect(n.rows).toEqual([]);
      expect(n.value).toBe(code.value);
      expect(boxes.edges.some((e) => e.from === code.address)).toBe(false);
    }
    expect(byId.has(inner.address)).toBe(false);
    expect(byId.has(method.address)).toBe(false);
    checkInvariants(boxes, 'compact');

    const names = layoutHeapGraph(snap, opts({ codeAsNames: true }));
    expect(names.nodes.map((n) => n.id)).toEqual([list.address]);
    expect(names.variables.map((v) => [v.name, v.text, v.target])).toEqual([
      ['f', '<function f>', undefined],
      ['items', undefined, list.address],
      ['rp2', '<module rp2>', undefined],
    ]);
    expect(names.nodes[0].rows.map((r) => r.text)).toEqual(['<class Node>', '<module rp2>']);
    expect(names.edges.map((e) => e.to)).toEqual([list.address]);
    checkInvariants(names, 'codeAsNames');
  });

  test('garbage is drawn dimmed, right of the variables; internal roles only with showInternal', () => {
    const live = obj('list', [['[0]', inline('1')]]);
    const junk = obj('list', [['[0]', ref(live)]], { role: 'garbage' });
    const loose = obj('str', [], { role: 'garbage', value: "'old'" });
    const pool = obj('raw', [], { role: 'firmware', type: 'raw', value: '32 bytes' });
    const code = obj('function', [], { role: 'compiler', value: '<module>()' });
    const buffer = obj('raw', [], { role: 'compiler', type: 'raw', value: '16 bytes' });
    const snap = snapshotOf(
      globalsOf([
        ['__name__', inline("'__main__'")],
        ['x', ref(live)],
      ]),
      [live, junk, loose, pool, code, buffer],
    );
    const hidden = layoutHeapGraph(snap);
    expect(hidden.variables.map((v) => v.name)).toEqual(['x']);
    expect(hidden.nodes.map((n) => [n.id, n.dimmed]).sort()).toEqual(
      [
        [live.address, false],
        [junk.address, true],
        [loose.address, true],
      ].sort(),
    );
    expect(hidden.hidden.internal).toBe(3);
    expect(hidden.edges.some((e) => e.from === junk.address && e.to === live.address)).toBe(true);
    checkInvariants(hidden, 'internal hidden');
    // Roots without referrers stay out of the variables' column: below the live graph.
    const liveBottom = hidden.nodes.find((n) => n.id === live.address)!;
    for (const g of hidden.nodes.filter((n) => n.dimmed)) expect(g.y).toBeGreaterThan(liveBottom.y + liveBottom.height);

    const shown = layoutHeapGraph(snap, opts({ showInternal: true }));
    expect(shown.variables.map((v) => v.name)).toEqual(['__name__', 'x']);
    expect(shown.hidden.internal).toBe(0);
    const byId = new Map(shown.nodes.map((n) => [n.id, n]));
    expect(byId.get(pool.address)?.dimmed).toBe(false);
    expect(byId.get(code.address)?.dimmed).toBe(true);
    expect(byId.get(code.address)?.shape).toBe('compact');
    expect(byId.get(buffer.address)?.dimmed).toBe(true);
    checkInvariants(shown, 'internal shown');
  });

  test('a hidden firmware object a drawn one refers to shows as text', () => {
    const pool = obj('list', [], { role: 'firmware' });
    const junk = obj('list', [['[0]', ref(pool)]], { role: 'garbage' });
    const layout = layoutHeapGraph(snapshotOf([], [pool, junk]));
    expect(layout.nodes.map((n) => n.id)).toEqual([junk.address]);
    expect(layout.nodes[0].rows[0].text).toContain(pool.address);
  });

  test('collapse counts what only the hidden rows reach', () => {
    const strs = Array.from({ length: 5 }, (_, i) => obj('str', [], { value: `'s${i}'` }));
    const deep = obj('float', [], { value: '1.5' });
    const holder = obj('list', [['[0]', ref(deep)]]);
    const list = obj('list', [...strs.map((s, i): [string, SlotValue] => [`[${i}]`, ref(s)]), ['[5]', ref(holder)]]);
    const snap = snapshotOf(globalsOf([['xs', ref(list)]]), [list, ...strs, holder, deep]);
    const closed = layoutHeapGraph(snap, opts({ collapseAfter: 2 }));
    const node = closed.nodes.find((n) => n.id === list.address)!;
    expect(node.rows.map((r) => r.label)).toEqual(['[0]', '[1]']);
    expect(node.hiddenRows).toBe(4);
    expect(closed.nodes).toHaveLength(3);
    expect(closed.hidden.collapsed).toBe(5); // three strings, the holder and what it holds
    const open = layoutHeapGraph(snap, opts({ collapseAfter: 2, expanded: [list.address] }));
    expect(open.nodes).toHaveLength(8);
    expect(open.hidden.collapsed).toBe(0);
    checkInvariants(closed, 'collapsed');
    checkInvariants(open, 'expanded');
  });

  test('long texts are cut with … and boxes stay within the maximum width', () => {
    const long = obj('str', [], { value: `'${'x'.repeat(120)}'` });
    const dict = obj('dict', [[`['${'k'.repeat(80)}']`, inline(`'${'v'.repeat(80)}'`)]]);
    const layout = layoutHeapGraph(
      snapshotOf(
        globalsOf([
          ['s', ref(long)],
          ['d', ref(dict)],
          ['n'.repeat(60), inline(`'${'w'.repeat(60)}'`)],
        ]),
        [long, dict],
      ),
    );
    for (const n of layout.nodes) expect(n.width).toBeLessThanOrEqual(Math.ceil(MAX_BOX_W));
    expect(layout.nodes.find((n) => n.id === long.address)!.value!.endsWith('…')).toBe(true);
    const row = layout.nodes.find((n) => n.id === dict.address)!.rows[0];
    expect(row.text!.endsWith('…') || row.label.endsWith('…')).toBe(true);
    checkInvariants(layout, 'long texts');
  });

  test('odd snapshots do not throw', () => {
    const dup = obj('list', [['[0]', { ref: 'constructor' }]]);
    const weird: HeapSnapshot = snapshotOf(
      globalsOf([
        ['a', ref(dup)],
        ['a', inline('1')],
        ['toString', { ref: '__proto__' }],
      ]),
      [
        dup,
        { ...dup, type: 'other' },
        { ...obj('dict'), address: '__proto__', refs: undefined as unknown as HeapObject['refs'] },
        { ...obj('list'), address: 'constructor' },
      ],
    );
    for (const o of [
      opts(),
      opts({ collapseAfter: Number.NaN }),
      opts({ collapseAfter: -1 }),
      opts({ collapseAfter: 0 }),
    ]) {
      const layout = layoutHeapGraph(weird, o);
      checkInvariants(layout, 'weird');
      checkInvariants(layoutHeapGraph(weird, o, layout), 'weird again');
    }
    const partial = { globals: [], objects: [] } as unknown as HeapSnapshot;
    expect(() => layoutHeapGraph(partial)).not.toThrow();
    const malformed = {
      globals: [{ name: 'x', value: 'oops' }, null, { name: 'y', value: { ref: 42 } }],
      objects: [null, { ...obj('list'), refs: [null, { label: '[1]', target: 7 }, { label: '[2]' }] }],
    } as unknown as HeapSnapshot;
    for (const o of [opts(), opts({ collapseAfter: 1 })]) checkInvariants(layoutHeapGraph(malformed, o), 'malformed');
  });
});

describe('layoutHeapGraph with a previous layout', () => {
  function pair(rows: number) {
    const a = obj(
      'list',
      Array.from({ length: rows }, (_, i): [string, SlotValue] => [`[${i}]`, inline(String(i))]),
    );
    return a;
  }

  test('what disappeared fades at its old place once, then is gone', () => {
    const keep = obj('list', [['[0]', inline('1')]]);
    const drop = obj('dict', [["['k']", inline('2')]]);
    const first = layoutHeapGraph(
      snapshotOf(
        globalsOf([
          ['a', ref(keep)],
          ['b', ref(drop)],
        ]),
        [keep, drop],
      ),
    );
    const s2 = snapshotOf(globalsOf([['a', ref(keep)]]), [keep]);
    const second = layoutHeapGraph(s2, DEFAULT_GRAPH_OPTIONS, first);
    const old = first.nodes.find((n) => n.id === drop.address)!;
    const fading = second.nodes.find((n) => n.id === drop.address)!;
    expect(fading.change).toBe('gone');
    expect([fading.x, fading.y]).toEqual([old.x, old.y]);
    expect(second.variables.find((v) => v.name === 'b')?.change).toBe('gone');
    expect(second.edges.find((e) => e.from === 'var:globals:b')?.change).toBe('gone');
    expect(second.edges.find((e) => e.from === 'var:globals:a')?.change).toBe('kept');
    checkInvariants(second, 'fading');
    const third = layoutHeapGraph(s2, DEFAULT_GRAPH_OPTIONS, second);
    expect(third.nodes.map((n) => n.id)).toEqual([keep.address]);
    expect(third.variables.map((v) => v.name)).toEqual(['a']);
    expect(third.edges).toHaveLength(1);
  });

  test('a box that grew keeps its place and pushes the boxes it now covers down', () => {
    const a = pair(1);
    const b = pair(1);
    const first = layoutHeapGraph(
      snapshotOf(
        globalsOf([
          ['a', ref(a)],
          ['b', ref(b)],
        ]),
        [a, b],
      ),
    );
    const [fa, fb] = [a, b].map((o) => first.nodes.find((n) => n.id === o.address)!);
    expect(fa.x).toBe(fb.x); // one column, a above b
    expect(fa.y).toBeLessThan(fb.y);
    const grown = { ...a, refs: pair(8).refs };
    const second = layoutHeapGraph(
      snapshotOf(
        globalsOf([
          ['a', ref(grown)],
          ['b', ref(b)],
        ]),
        [grown, b],
      ),
      DEFAULT_GRAPH_OPTIONS,
      first,
    );
    const [sa, sb] = [a, b].map((o) => second.nodes.find((n) => n.id === o.address)!);
    expect([sa.x, sa.y]).toEqual([fa.x, fa.y]);
    expect(sa.height).toBeGreaterThan(fa.height);
    expect(sb.x).toBe(fb.x);
    expect(sb.y).toBeGreaterThanOrEqual(sa.y + sa.height);
    checkInvariants(second, 'grown');
  });

  test('another type at the same address is a new object, drawn once', () => {
    const a = pair(1);
    const first = layoutHeapGraph(snapshotOf(globalsOf([['a', ref(a)]]), [a]));
    const other = { ...obj('dict', [["['k']", inline('1')]]), address: a.address };
    const second = layoutHeapGraph(snapshotOf(globalsOf([['a', ref(other)]]), [other]), DEFAULT_GRAPH_OPTIONS, first);
    expect(second.nodes.map((n) => [n.id, n.type, n.change])).toEqual([[a.address, 'dict', 'new']]);
    expect(second.variables[0].change).toBe('kept');
    checkInvariants(second, 'retyped');
  });

  test('new variables go at the end of the column; a long name does not reach the boxes', () => {
    const a = pair(2);
    const first = layoutHeapGraph(snapshotOf(globalsOf([['b', ref(a)]]), [a]));
    const long = 'a_rather_long_variable_name_for_a_column';
    const second = layoutHeapGraph(
      snapshotOf(
        globalsOf([
          [long, inline('1')],
          ['b', ref(a)],
        ]),
        [a],
      ),
      DEFAULT_GRAPH_OPTIONS,
      first,
    );
    const [vb, vl] = ['b', long].map((n) => second.variables.find((v) => v.id === `var:globals:${n}`)!);
    expect([vb.x, vb.y]).toEqual([first.variables[0].x, first.variables[0].y]);
    expect(vl.y).toBeGreaterThanOrEqual(vb.y + vb.height);
    const box = second.nodes[0];
    expect(vl.x + vl.width).toBeLessThanOrEqual(box.x - MIN_COL_GAP);
    checkInvariants(second, 'long name');
  });

  test('new boxes go right of their referrer at its row, or below everything', () => {
    const child = obj('str', [], { value: "'new'" });
    const a = pair(2);
    const first = layoutHeapGraph(snapshotOf(globalsOf([['a', ref(a)]]), [a]));
    const grown = { ...a, refs: [...a.refs, { label: '[2]', target: ref(child) }] };
    const loose = obj('str', [], { role: 'garbage', value: "'junk'" });
    const second = layoutHeapGraph(
      snapshotOf(globalsOf([['a', ref(grown)]]), [grown, child, loose]),
      DEFAULT_GRAPH_OPTIONS,
      first,
    );
    const parent = second.nodes.find((n) => n.id === a.address)!;
    const c = second.nodes.find((n) => n.id === child.address)!;
    expect(c.change).toBe('new');
    expect(c.x).toBeGreaterThan(parent.x + parent.width);
    expect(c.y + HEADER_H / 2).toBe(parent.y + parent.rows[2].y);
    const l = second.nodes.find((n) => n.id === loose.address)!;
    expect(l.y).toBeGreaterThan(Math.max(...[parent, c].map((n) => n.y + n.height)));
    checkInvariants(second, 'placed');
  });
  test('new boxes without referrers fill rows below everything', () => {
    const a = pair(2);
    const first = layoutHeapGraph(snapshotOf(globalsOf([['a', ref(a)]]), [a]));
    const junk = Array.from({ length: 30 }, (_, i) => obj('str', [], { role: 'garbage', value: `'${i}'` }));
    const holder = obj('list', [['[0]', ref(junk[0])]], { role: 'garbage' });
    const second = layoutHeapGraph(
      snapshotOf(globalsOf([['a', ref(a)]]), [a, ...junk, holder]),
      DEFAULT_GRAPH_OPTIONS,
      first,
    );
    checkInvariants(second, 'garbage rows');
    const box = first.nodes[0];
    const added = second.nodes.filter((n) => n.change === 'new');
    expect(added).toHaveLength(31);
    for (const n of added) expect(n.y).toBeGreaterThan(box.y + box.height);
    const xs = new Set(added.map((n) => n.x));
    const ys = new Set(added.map((n) => n.y));
    expect(xs.size).toBeGreaterThan(3);
    expect(ys.size).toBeLessThan(15);
  });
});

describe('GraphLayoutClient', () => {
  class FakeWorker implements LayoutWorkerLike {
    posted: LayoutRequest[] = [];
    terminated = false;
    onmessage: ((event: MessageEvent<LayoutResponse>) => void) | null = null;
    onerror: ((event: ErrorEvent) => void) | null = null;
    postMessage(message: LayoutRequest): void {
      this.posted.push(message);
    }
    terminate(): void {
      this.terminated = true;
    }
    answer(index: number): void {
      const r = this.posted[index];
      const data: LayoutResponse = { id: r.id, layout: layoutHeapGraph(r.snapshot, r.options, r.previous) };
      this.onmessage?.({ data } as MessageEvent<LayoutResponse>);
    }
  }
  const snaps = [1, 2, 3].map((i) => randomSnapshot(900 + i, 15));

  test('without Worker (Node) it lays out inline', async () => {
    expect(typeof Worker).toBe('undefined');
    const client = new GraphLayoutClient();
    expect(await client.layout(snaps[0])).toEqual(layoutHeapGraph(snaps[0]));
    client.dispose();
  });

  test('a newer request makes the older answer be ignored', async () => {
    const worker = new FakeWorker();
    const client = new GraphLayoutClient(() => worker);
    const first = client.layout(snaps[0]);
    const second = client.layout(snaps[1]);
    const third = client.layout(snaps[2]);
    expect(worker.posted).toHaveLength(1); // one in flight; only the newest waits
    worker.answer(0);
    expect(worker.posted.map((r) => r.snapshot)).toEqual([snaps[0], snaps[2]]);
    worker.answer(1);
    const expected = layoutHeapGraph(snaps[2]);
    expect(await first).toEqual(expected);
    expect(await second).toEqual(expected);
    expect(await third).toEqual(expected);
    client.dispose();
    expect(worker.terminated).toBe(true);
  });

  test('dispose rejects what is pending; a failing worker hands over to inline layout', async () => {
    const worker = new FakeWorker();
    const client = new GraphLayoutClient(() => worker);
    const pending = client.layout(snaps[0]);
    client.dispose();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await expect(client.layout(snaps[0])).rejects.toMatchObject({ name: 'AbortError' });

    const failing = new FakeWorker();
    const other = new GraphLayoutClient(() => failing);
    const waiting = other.layout(snaps[1]);
    failing.onerror?.({ message: 'module failed', preventDefault() {} } as ErrorEvent);
    expect(await waiting).toEqual(layoutHeapGraph(snaps[1]));
    expect(failing.terminated).toBe(true);
    expect(await other.layout(snaps[2])).toEqual(layoutHeapGraph(snaps[2]));
    expect(failing.posted).toHaveLength(1);
    other.dispose();
  });
});
