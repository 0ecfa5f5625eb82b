// fetchHeapImage (src/model/fetch-heap-image.ts): a heap read piece by piece, as over a USB
// Pico's REPL, decodes to the same snapshot as a full copy of the memory, reading only the
// context window, the tables, allocated blocks and static data: never a free block, never past
// the last pool. On real MicroPython heaps: the WebAssembly build, and the Virtual Pico (both
// firmware releases) when PICO_FIRMWARE is set.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chipMemoryOf, readableRanges } from '../../src/memory/chip-memory';
import { MemoryImage } from '../../src/memory/memory-image';
import { PagedMemoryReader } from '../../src/memory/paged-memory-reader';
import { fetchHeapImage } from '../../src/model/fetch-heap-image';
import { inspectHeap } from '../../src/model/inspect-heap';
import type { HeapSnapshot } from '../../src/model/heap-snapshot';
import { runProbe } from '../../src/probe/run-probe';
import { readProbeSourceNode } from '../../src/probe/probe-source-node';
import type { ProbeFacts } from '../../src/probe/probe-facts';
import { heapTargets, type HeapTarget } from '../heap/support/heap-targets';
import { LESSON_PROGRAM } from '../heap/support/wasm-heap';

const PROGRAM = `${LESSON_PROGRAM}
junk = [bytearray(40) for i in range(20)]
keep = junk[::2]
del junk
f = 1.5
`;

for (const target of heapTargets()) {
  describe.skipIf(target.skip)(`fetching a heap piece by piece on ${target.label}`, () => {
    let t: HeapTarget;
    let facts: ProbeFacts;
    let full: MemoryImage;
    let fullSnapshot: HeapSnapshot;

    beforeAll(async () => {
      t = await target.open();
      facts = await runProbe(t.session, readProbeSourceNode());
      await t.session.exec("__import__('gc').collect()");
      const run = await t.session.exec(PROGRAM);
      expect(run.stderr).toBe('');
      full = await t.memory();
      // Over the REPL the stacks above the pool hold the reader's own calls, so they are not read:
      // compare with the full copy without them.
      const top = Math.max(...inspectHeap(full, facts).heap.areas.map((a) => Number.parseInt(a.poolEnd, 16)));
      const withoutStacks = new MemoryImage(
        full.regions
          .filter((r) => r.base < top)
          .map((r) => ({ ...r, bytes: r.bytes.subarray(0, Math.min(r.bytes.length, top - r.base)) })),
      );
      fullSnapshot = inspectHeap(withoutStacks, facts, { board: target.name });
    });
    afterAll(async () => t?.dispose());

    test('same snapshot as the full copy, from a fraction of its bytes', async () => {
      const chip = chipMemoryOf(facts.implementation.machine)!;
      expect(chip).toBeDefined();
      const reader = new PagedMemoryReader(
        async (address, length) => {
          const bytes = full.slice(address, length);
          if (!bytes) throw new Error(`read outside the copy at 0x${address.toString(16)}`);
          return bytes;
        },
        { readable: readableRanges(chip) },
      );
      const { image, report } = await fetchHeapImage(reader, facts, { board: target.name });
      const snapshot = inspectHeap(image, facts, { board: target.name });
      expect(snapshot.warnings).toEqual(fullSnapshot.warnings);
      expect(snapshot.heap).toEqual(fullSnapshot.heap);
      expect(snapshot.globals).toEqual(fullSnapshot.globals);
      const objects = (s: HeapSnapshot) =>
        s.objects.map((o) => `${o.address} ${o.type} ${o.role} ${o.bytes} ${o.value ?? ''}`).sort();
      expect(objects(snapshot)).toEqual(objects(fullSnapshot));
      expect(snapshot.objects).toEqual(fullSnapshot.objects);

      // Never past the last pool (the stacks), and only a little of the pool's free blocks (qstr
      // text whose chunk was freed).
      const areas = fullSnapshot.heap.areas.map((a) => ({
        start: Number.parseInt(a.poolStart, 16),
        end: Number.parseInt(a.poolEnd, 16),
        map: a.blockMap,
      }));
      const top = Math.max(...areas.map((a) => a.end));
      let freeBytesRead = 0;
      for (const r of reader.log) {
        expect(r.address + r.length, `read at 0x${r.address.toString(16)}`).toBeLessThanOrEqual(top);
        for (const a of areas) {
          for (let p = Math.max(r.address, a.start); p < Math.min(r.address + r.length, a.end); p += 16) {
            if (a.map[(p - a.start) >> 4] === '.') freeBytesRead += 16;
          }
        }
      }
      expect(freeBytesRead).toBeLessThan(fullSnapshot.heap.freeBytes / 20);
      const used = fullSnapshot.heap.usedBytes;
      console.log(
        `[paged heap] ${target.label}: ${report.requests} reads, ${report.bytes} bytes ` +
          `(heap in use ${used} bytes, pool ${fullSnapshot.heap.totalBytes}, free bytes read ${freeBytesRead}), ` +
          `${report.missRounds} rounds of misses`,
      );
      expect(report.bytes).toBeLessThan(used + 64 * 1024);
    });
  });
}
