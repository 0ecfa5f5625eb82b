// The pyscript WebAssembly build grows its heap on demand (MICROPY_GC_SPLIT_HEAP_AUTO):
// a big allocation adds a second GC area, linked through the area struct's `next`.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openWasmTarget, type HeapTarget } from './support/heap-targets';
import { parseMemInfo } from './support/mem-info';
import { runProbe } from '../../src/probe/run-probe';
import { inspectHeap } from '../../src/model/inspect-heap';
import { locateGcHeap } from '../../src/heap/locate-gc-area';

let t: HeapTarget;
beforeAll(async () => {
  t = await openWasmTarget();
});
afterAll(async () => t?.dispose());

describe('split heap on the WebAssembly build', () => {
  test('a second area is found through the next chain and agrees with mem_info', async () => {
    const probe = await runProbe(t.session);
    const grow = await t.session.exec('big = bytearray(300000)\nsmall = [big]');
    expect(grow.stderr).toBe('');
    // Measured in a separate, nearly allocation-free call: the build collects at
    // the end of a call that allocated more than 16 KB.
    const r = await t.session.exec(
      'import gc, micropython\nprint("MEM", id(big), gc.mem_alloc())\nmicropython.mem_info(1)',
    );
    const mi = parseMemInfo(r.stdout);
    const [, bigId, memAlloc] = /MEM (\d+) (\d+)/.exec(r.stdout)!;
    const image = await t.memory();
    const located = locateGcHeap(image, probe.globals);
    if ('error' in located) throw new Error(located.error);
    expect(located.layout.nextField).toBe('present');
    expect(located.areas.length).toBe(mi.blockMaps.length);
    expect(located.areas.length).toBeGreaterThan(1);

    const snap = inspectHeap(image, probe);
    expect(snap.warnings).toEqual([]);
    expect(snap.heap.totalBytes).toBe(mi.total);
    expect(Math.abs(snap.heap.usedBytes - Number(memAlloc))).toBeLessThanOrEqual(64);
    const big = snap.objects.find((o) => o.address === '0x' + Number(bigId).toString(16))!;
    expect(big.type).toBe('bytearray');
    expect(big.length).toBe(300000);
    expect(big.bytes).toBeGreaterThanOrEqual(300000);
    // The bytearray's buffer lives in a later area.
    const buffer = parseInt(big.parts![0], 16);
    expect(located.areas.slice(1).some((a) => buffer >= a.poolStart && buffer < a.poolEnd)).toBe(true);
  });
});
