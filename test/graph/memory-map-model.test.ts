// The memory map's model: allocations from the block maps, each drawn as exactly one snapshot
// object, free-run statistics, and the MemoryError sentence. Synthetic snapshots for the rules,
// then real ones written by the CLI (browser-wasm board), one of them with a split heap.
import { describe, expect, it } from 'vitest';
import { BLOCK_BYTES, buildMemoryMap, statsSentence, type MemoryMap } from '../../src/graph/memory-map-model';
import type { HeapObject, HeapSnapshot, ObjectRole } from '../../src/model/heap-snapshot';
import { cliHeapSnapshot } from '../support/run-cli';

// ---- synthetic snapshots -----------------------------------------------------------------

function object(address: number, blocks: number, extra: Partial<HeapObject> = {}): HeapObject {
  return {
    address: '0x' + address.toString(16),
    type: 'list',
    kind: 'list',
    role: 'live',
    blocks,
    bytes: blocks * 16,
    value: '',
    refs: [],
    reachable: true,
    internal: false,
    heap: true,
    ...extra,
  };
}

function snapshot(areas: { start: number; map: string }[], objects: HeapObject[], extra: Partial<HeapSnapshot> = {}) {
  const all = areas.map((a) => a.map).join('');
  const used = all.replace(/\./g, '').length * 16;
  const free = (all.length - used / 16) * 16;
  const runs = areas.flatMap((a) => a.map.match(/\.+/g) ?? []).map((r) => r.length * 16);
  const bytesByRole: Record<Exclude<ObjectRole, 'static'>, number> = { live: 0, garbage: 0, compiler: 0, firmware: 0 };
  for (const o of objects) if (o.heap && o.role !== 'static') bytesByRole[o.role] += o.bytes;
  const snap: HeapSnapshot = {
    board: 'test',
    micropython: { version: '1.27.0' },
    heap: {
      poolStart: '0x' + areas[0].start.toString(16),
      poolEnd: '0x' + (areas[0].start + areas[0].map.length * 16).toString(16),
      totalBytes: all.length * 16,
      usedBytes: used,
      freeBytes: free,
      largestFreeBytes: Math.max(0, ...runs),
      freeRuns: runs.length,
      fragmentation: free ? 1 - Math.max(0, ...runs) / free : 0,
      bytesByRole,
      areas: areas.map((a) => ({
        poolStart: '0x' + a.start.toString(16),
        poolEnd: '0x' + (a.start + a.map.length * 16).toString(16),
        blocks: a.map.length,
        blockMap: a.map,
      })),
    },
    globals: [],
    objects,
    warnings: [],
  };
  return { ...snap, ...extra };
}

const BASE = 0x20000000;
const at = (block: number) => BASE + block * 16;

describe('buildMemoryMap on synthetic snapshots', () => {
  it('reads allocations from heads and tails, and maps every block to one or to free', () => {
    //                                  0123456789
    const snap = snapshot([{ start: BASE, map: 'h==.h.h=..' }], [object(at(0), 3), object(at(4), 1), object(at(6), 2)]);
    const map = buildMemoryMap(snap);
    expect(map.warnings).toEqual([]);
    expect(map.allocations.map((a) => [a.address, a.startBlock, a.blocks])).toEqual([
      ['0x20000000', 0, 3],
      ['0x20000040', 4, 1],
      ['0x20000060', 6, 2],
    ]);
    expect([...map.areas[0].blockAllocation]).toEqual([0, 0, 0, -1, 1, -1, 2, 2, -1, -1]);
    expect(map.areas[0].poolStartHex).toBe('0x20000000');
    expect(map).toMatchObject({ usedBlocks: 6, freeBlocks: 4, freeRuns: 3, largestFreeBlocks: 2 });
  });

  it('draws a part as its owner, with the owner kind and role, grouped under the owner', () => {
    const dict = object(at(2), 3, { type: 'dict', kind: 'dict', role: 'garbage', parts: ['0x20000000'] });
    const snap = snapshot([{ start: BASE, map: 'h=h...' }], [dict], {
      globals: [{ name: 'x', value: { inline: '1' } }],
    });
    const map = buildMemoryMap(snap);
    expect(map.warnings).toEqual([]);
    expect(map.allocations.map((a) => [a.address, a.owner, a.kind, a.role])).toEqual([
      ['0x20000000', '0x20000020', 'dict', 'garbage'],
      ['0x20000020', '0x20000020', 'dict', 'garbage'],
    ]);
    expect(map.owners).toHaveLength(1);
    expect(map.owners[0]).toMatchObject({ address: '0x20000020', type: 'dict', blocks: 3, allocations: [0, 1] });
  });

  it('names the variables that hold an owner', () => {
    const snap = snapshot(
      [{ start: BASE, map: 'hh' }],
      [object(at(0), 1), object(at(1), 1, { type: 'str', kind: 'str' })],
      {
        globals: [
          { name: 'a', value: { ref: '0x20000000' } },
          { name: 'b', value: { ref: '0x20000000' } },
          { name: 'n', value: { inline: '3' } },
        ],
      },
    );
    const map = buildMemoryMap(snap);
    expect(map.owners.map((o) => o.variables)).toEqual([['a', 'b'], []]);
  });

  it("draws a heap buffer owned from outside the heap (__main__'s variable table) as its owner's", () => {
    const globalsDict = object(0x20041000, 3, {
      type: 'dict',
      kind: 'dict',
      value: '__main__ globals',
      heap: false,
      role: 'static',
      parts: ['0x' + at(1).toString(16)],
    });
    const snap = snapshot([{ start: BASE, map: 'hh==h.' }], [object(at(0), 1), globalsDict, object(at(4), 1)]);
    const map = buildMemoryMap(snap);
    expect(map.warnings).toEqual([]);
    expect(map.owners[1]).toMatchObject({ address: '0x20041000', value: '__main__ globals', role: 'live', blocks: 3 });
    expect(map.allocations[1].owner).toBe('0x20041000');
  });

  it('reports an allocation no object accounts for, and still draws it', () => {
    const snap = snapshot([{ start: BASE, map: 'hh=' }], [object(at(0), 1)]);
    const map = buildMemoryMap(snap);
    expect(map.warnings).toEqual(['allocation 0x20000010 (2 blocks) belongs to no object of the snapshot']);
    expect(map.owners[1]).toMatchObject({ address: '0x20000010', orphan: 'unclaimed', role: 'firmware', kind: 'raw' });
    expect(map.allocations[1].owner).toBe('0x20000010');
  });

  it('reports what does not add up instead of throwing', () => {
    const snap = snapshot(
      [{ start: BASE, map: '=h.x' }],
      [
        object(at(1), 2, { parts: ['0x20000000', '0x20000100'] }),
        object(at(2), 1),
        object(at(0), 1, { type: 'tuple', kind: 'tuple', parts: ['0x20000000'] }),
      ],
    );
    snap.heap.areas[0].blocks = 5;
    const warnings = buildMemoryMap(snap).warnings;
    expect(warnings).toEqual(
      expect.arrayContaining([
        'area 0: block map has 4 blocks, area 5',
        "area 0: block 3 is 'x', read as free",
        'area 0: 1 tail block(s) without a head',
        'object 0x20000020 (list) is not at the head of an allocation',
        'part 0x20000100 of 0x20000010 (list) is not at the head of an allocation',
        'allocation 0x20000000 is claimed by 0x20000000 and 0x20000010',
      ]),
    );
    expect(() => buildMemoryMap({ ...snap, objects: [] })).not.toThrow();
  });

  it('keeps the areas of a split heap in order, each with its own blocks', () => {
    const snap = snapshot(
      [
        { start: BASE, map: 'h.' },
        { start: 0x30000000, map: '.h==' },
      ],
      [object(at(0), 4, { parts: ['0x30000010'] })],
    );
    const map = buildMemoryMap(snap);
    expect(map.warnings).toEqual([]);
    expect(map.areas.map((a) => [a.poolStartHex, a.blocks])).toEqual([
      ['0x20000000', 2],
      ['0x30000000', 4],
    ]);
    expect(map.allocations.map((a) => [a.area, a.startBlock, a.owner])).toEqual([
      [0, 0, '0x20000000'],
      [1, 1, '0x20000000'],
    ]);
    // A free run never continues across areas.
    expect(map).toMatchObject({ freeRuns: 2, largestFreeBlocks: 1 });
  });

  it('counts garbage and compiler leftovers as free after a collection', () => {
    const garbage = { role: 'garbage' as const, reachable: false };
    const snap = snapshot(
      [{ start: BASE, map: 'h..h=..h.' }],
      [object(at(0), 1), object(at(3), 2, garbage), object(at(7), 1, { role: 'compiler', kind: 'raw', type: 'raw' })],
    );
    const map = buildMemoryMap(snap);
    expect(map.largestFreeBlocks).toBe(2);
    expect(map.largestFreeAfterCollectBlocks).toBe(8);
  });

  it('gives an empty map for a snapshot whose heap could not be read', () => {
    const snap = snapshot([{ start: BASE, map: '' }], []);
    snap.heap.areas = [];
    const map = buildMemoryMap(snap);
    expect(map).toMatchObject({ areas: [], allocations: [], owners: [], usedBlocks: 0 });
    expect(statsSentence(snap, map)).toBeUndefined();
  });
});

describe('statsSentence', () => {
  it('names the request that fails although more is free, with thousands separators', () => {
    // 73 free runs of 202 blocks (3,232 bytes) and one of 36: 236,512 bytes free in all.
    const map = [...Array<string>(73).fill('h' + '.'.repeat(202)), 'h' + '.'.repeat(36)].join('');
    const objects = [...map.matchAll(/h/g)].map((m) => object(at(m.index), 1));
    const facts = statsSentence(snapshot([{ start: BASE, map }], objects))!;
    expect(facts).toMatchObject({ requestBytes: 3248, freeBytes: 236512, largestFreeBytes: 3232 });
    expect(facts.text).toBe(
      'A request of 3,248 bytes would fail now with MemoryError although 236,512 bytes are free: ' +
        'the largest free run is 3,232 bytes, and an object needs one unbroken run of blocks.',
    );
  });

  it('counts the collection MicroPython runs before it gives up', () => {
    const garbage = { role: 'garbage' as const, reachable: false };
    const snap = snapshot(
      [{ start: BASE, map: 'h..h=..h.....' }],
      [object(at(0), 1), object(at(3), 2, garbage), object(at(7), 1)],
    );
    const facts = statsSentence(snap)!;
    expect(facts.requestBytes).toBe(7 * 16);
    expect(facts.text).toBe(
      'A request of 112 bytes would fail now with MemoryError although 144 bytes are free: the largest free run ' +
        'is 80 bytes (96 bytes after the gc.collect() MicroPython runs before giving up), and an object needs one ' +
        'unbroken run of blocks.',
    );
  });

  it('says that the WebAssembly board grows its heap instead of failing', () => {
    const snap = {
      ...snapshot([{ start: BASE, map: 'h..h.' }], [object(at(0), 1), object(at(3), 1)]),
      board: 'browser-wasm',
    };
    const facts = statsSentence(snap)!;
    expect(facts.growsOnDemand).toBe(true);
    expect(facts.text).toBe(
      'A request of 48 bytes would fail now with MemoryError on a Pico although 48 bytes are free: the largest ' +
        'free run is 32 bytes, and an object needs one unbroken run of blocks; this board grows its heap instead.',
    );
  });

  it('drops "although" when the request is more than all that is free', () => {
    const snap = snapshot([{ start: BASE, map: 'h...' }], [object(at(0), 1)]);
    expect(statsSentence(snap)!.text).toBe(
      'A request of 64 bytes would fail now with MemoryError: the largest free run is 48 bytes, ' +
        'and an object needs one unbroken run of blocks.',
    );
  });
});

// ---- real snapshots from the CLI ----------------------------------------------------------

/** What must hold for any decoder snapshot: the map and the snapshot's statistics agree. */
function checkAgainstSnapshot(snap: HeapSnapshot, map: MemoryMap): void {
  expect(snap.warnings).toEqual([]);
  expect(map.warnings).toEqual([]);
  const { heap } = snap;
  expect(map.usedBlocks * BLOCK_BYTES).toBe(heap.usedBytes);
  expect(map.allocations.reduce((n, a) => n + a.blocks, 0) * BLOCK_BYTES).toBe(heap.usedBytes);
  expect(map.freeBlocks * BLOCK_BYTES).toBe(heap.freeBytes);
  expect(map.largestFreeBlocks * BLOCK_BYTES).toBe(heap.largestFreeBytes);
  expect(map.freeRuns).toBe(heap.freeRuns);

  // Every allocation is drawn as exactly one object: itself or the one whose parts list it.
  const objects = new Map(snap.objects.filter((o) => o.heap || o.parts?.length).map((o) => [o.address, o]));
  const claims = new Map<string, string[]>();
  for (const o of objects.values())
    for (const a of [o.address, ...(o.parts ?? [])]) claims.set(a, [...(claims.get(a) ?? []), o.address]);
  expect(map.owners.filter((o) => o.orphan)).toEqual([]);
  for (const a of map.allocations) {
    expect(claims.get(a.address)).toEqual([a.owner]);
    const owner = objects.get(a.owner)!;
    expect(owner.kind).toBe(a.kind);
    expect(owner.role === 'static' ? (owner.reachable ? 'live' : 'firmware') : owner.role).toBe(a.role);
  }
  // Owners and objects are the same set, with the same sizes; bytes by role add up to the decoder's.
  // (Owners come in the order of their first block: a part can lie before its owner.)
  expect(
    map.owners
      .filter((o) => !o.orphan)
      .map((o) => o.address)
      .sort(),
  ).toEqual([...objects.keys()].sort());
  for (const o of map.owners) if (!o.orphan) expect(o.blocks).toBe(objects.get(o.address)!.blocks);
  const byRole: Record<string, number> = { live: 0, garbage: 0, compiler: 0, firmware: 0 };
  for (const o of map.owners) byRole[o.role] += o.blocks * BLOCK_BYTES;
  expect(byRole).toEqual(heap.bytesByRole);
}

describe('buildMemoryMap on real snapshots (browser-wasm, via the CLI)', () => {
  it('maps a fragmented heap block for block onto the snapshot', async () => {
    const snap = await cliHeapSnapshot(
      'fragmented',
      [
        'keep = []',
        'junk = []',
        'for i in range(40):',
        '    keep.append([i] * (i % 5 + 1))',
        "    junk.append('x' * (i * 3 + 20))",
        'junk = None',
        "name = 'pico'",
        'alias = keep',
      ].join('\n'),
    );
    const map = buildMemoryMap(snap);
    checkAgainstSnapshot(snap, map);
    expect(map.areas).toHaveLength(1);
    expect(map.areas[0].blocks).toBe(snap.heap.totalBytes / BLOCK_BYTES);
    const keep = snap.globals.find((g) => g.name === 'keep')!.value;
    const owner = map.owners.find((o) => 'ref' in keep && o.address === keep.ref)!;
    expect(owner.variables).toEqual(['alias', 'keep']);
    expect(map.owners.filter((o) => o.role === 'garbage').length).toBeGreaterThan(10);
    const facts = statsSentence(snap, map)!;
    expect(facts.requestBytes).toBeGreaterThan(snap.heap.largestFreeBytes);
    expect(facts.requestBytes).toBe(map.largestFreeAfterCollectBlocks * BLOCK_BYTES + BLOCK_BYTES);
  });

  it('draws a split heap area by area, a buffer in the second area as part of its owner', async () => {
    const snap = await cliHeapSnapshot('split', 'big = bytearray(300000)\nsmall = [big]\n');
    const map = buildMemoryMap(snap);
    checkAgainstSnapshot(snap, map);
    expect(map.areas.length).toBeGreaterThan(1);
    expect(map.areas.map((a) => a.poolStartHex)).toEqual(snap.heap.areas.map((a) => a.poolStart));
    const big = snap.globals.find((g) => g.name === 'big')!.value as { ref: string };
    const buffer = map.allocations.find((a) => a.owner === big.ref && a.address !== big.ref)!;
    expect(buffer.area).toBeGreaterThan(0);
    expect(buffer.blocks * BLOCK_BYTES).toBeGreaterThanOrEqual(300000);
  });
});
