// `pico-heap-lab run … --heap-json OUT.json` / `--heap text`: the snapshot the
// CLI writes after the program ran agrees with what the program printed about
// itself (id(), types, aliasing) in the same run.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli';

const dir = mkdtempSync(join(tmpdir(), 'heap-cli-'));
const cli = (args: string[], env: Record<string, string | undefined> = {}) => runCli(args, { env });

const PROGRAM = `
a = [1, 2, 3]
b = a
c = a[:]
d = {'k': a, 'name': 'pico'}
s = 'a string long enough not to be interned ' * 2
print('FACTS', hex(id(a)), hex(id(c)), hex(id(d)), hex(id(s)), type(d).__name__)
print('MEM', __import__('gc').mem_alloc())
`;

interface Snapshot {
  board: string;
  micropython: { version: string };
  heap: {
    poolStart: string;
    poolEnd: string;
    totalBytes: number;
    usedBytes: number;
    freeBytes: number;
    largestFreeBytes: number;
    fragmentation: number;
    bytesByRole: Record<string, number>;
  };
  globals: { name: string; value: { ref?: string; inline?: string } }[];
  objects: {
    address: string;
    type: string;
    blocks: number;
    bytes: number;
    value: string;
    refs: { label: string; target: { ref?: string; inline?: string } }[];
    reachable: boolean;
    internal: boolean;
    role: string;
  }[];
}

function checkSnapshot(snap: Snapshot, stdout: string, board: string) {
  const [, a, c, d, s, dictType] = /FACTS (\S+) (\S+) (\S+) (\S+) (\S+)/.exec(stdout)!;
  expect(snap.board).toBe(board);
  expect(snap.micropython.version).toMatch(/^\d+\.\d+\.\d+/);
  const { heap } = snap;
  expect(heap.usedBytes + heap.freeBytes).toBe(heap.totalBytes);
  expect(heap.largestFreeBytes).toBeLessThanOrEqual(heap.freeBytes);
  expect(heap.fragmentation).toBeGreaterThanOrEqual(0);
  expect(heap.fragmentation).toBeLessThan(1);
  // The heap the program saw at its end, within a few blocks (printing the line allocates a little).
  const memAlloc = Number(/MEM (\d+)/.exec(stdout)![1]);
  expect(Math.abs(heap.usedBytes - memAlloc)).toBeLessThanOrEqual(4 * 16);
  expect(Object.values(heap.bytesByRole).reduce((x, y) => x + y, 0)).toBe(heap.usedBytes);
  // A clean start: nothing of the boot's or the probe's leftovers (over 200 allocations before the
  // probe-then-collect start), only what this program left.
  const garbage = snap.objects.filter((o) => o.role === 'garbage');
  expect(garbage.length).toBeLessThan(20);
  expect(snap.objects.filter((o) => o.value.includes('HEAPLAB'))).toEqual([]);
  expect(snap.objects.filter((o) => o.role === 'compiler').some((o) => o.value === '<module>()')).toBe(true);
  const global = (name: string) => snap.globals.find((g) => g.name === name)?.value;
  expect(global('a')).toEqual({ ref: a });
  expect(global('b')).toEqual({ ref: a }); // aliasing: the same object
  expect(global('c')).toEqual({ ref: c });
  expect(c).not.toBe(a); // a copy is another object
  expect(global('d')).toEqual({ ref: d });
  expect(global('s')).toEqual({ ref: s });
  const byAddress = new Map(snap.objects.map((o) => [o.address, o]));
  const list = byAddress.get(a)!;
  expect(list.type).toBe('list');
  expect(list.refs.map((r) => [r.label, r.target])).toEqual([
    ['[0]', { inline: '1' }],
    ['[1]', { inline: '2' }],
    ['[2]', { inline: '3' }],
  ]);
  expect(list.reachable).toBe(true);
  expect(list.internal).toBe(false);
  const dict = byAddress.get(d)!;
  expect(dict.type).toBe(dictType);
  expect(dict.refs).toContainEqual({ label: "['k']", target: { ref: a } });
  expect(dict.refs).toContainEqual({ label: "['name']", target: { inline: "'pico'" } });
  for (const o of snap.objects) {
    expect(o.address).toMatch(/^0x[0-9a-f]+$/);
    expect(o.bytes).toBe(o.blocks * 16);
  }
}

describe('CLI heap snapshot on the browser-wasm board', () => {
  it("--heap-json writes a snapshot that matches the program's own id()s", async () => {
    const out = join(dir, 'wasm.json');
    const r = await cli(['run', '--board', 'browser-wasm', '--heap-json', out, writeProgram('w.py')]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    checkSnapshot(JSON.parse(readFileSync(out, 'utf8')) as Snapshot, r.stdout, 'browser-wasm');
  });

  it('--heap text prints a readable listing after the program output', async () => {
    const r = await cli(['run', '--board', 'browser-wasm', '--heap', 'text', writeProgram('t.py')]);
    expect(r.status).toBe(0);
    const [, a] = /FACTS (\S+)/.exec(r.stdout)!;
    expect(r.stdout).toMatch(new RegExp(`\\n  a = → ${a}\\n`));
    expect(r.stdout).toMatch(new RegExp(`\\n  b = → ${a}\\n`));
    expect(r.stdout).toMatch(/fragmentation/);
  });
});

const firmware = process.env.PICO_FIRMWARE;
if (!firmware) console.warn('[skip] CLI heap snapshot on the Virtual Pico: set PICO_FIRMWARE=path/to/RPI_PICO.uf2');

describe.skipIf(!firmware)('CLI heap snapshot on the Virtual Pico (official firmware)', () => {
  it("--heap-json matches the program's own id()s; the pool ends where the Pico's does", async () => {
    const out = join(dir, 'pico.json');
    const r = await cli(['run', '--heap-json', out, writeProgram('p.py')], { PICO_FIRMWARE: firmware });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const snap = JSON.parse(readFileSync(out, 'utf8')) as Snapshot;
    checkSnapshot(snap, r.stdout, 'virtual-pico');
    expect(snap.heap.poolEnd).toBe('0x20040000');
  });
});

function writeProgram(name: string): string {
  const path = join(dir, name);
  writeFileSync(path, PROGRAM);
  return path;
}
