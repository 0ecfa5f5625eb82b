// The memory server (src/probe/memory-server.ts) on real MicroPython: the WebAssembly build
// (no viper there: the binascii fallback) and the Virtual Pico on both firmware releases (viper).
// Reads through the board's own CPU equal the board's memory as copied directly; reads allocate
// nothing on the board (viper); the heap fetched through it decodes like the direct copy; a
// missing server or a board that goes away fails the reads instead of leaving them waiting.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { chipMemoryOf, readableRanges } from '../../src/memory/chip-memory';
import { PagedMemoryReader } from '../../src/memory/paged-memory-reader';
import { fetchHeapImage } from '../../src/model/fetch-heap-image';
import { inspectHeap } from '../../src/model/inspect-heap';
import { MEMORY_SERVER_SETUP, MAX_READ } from '../../src/probe/memory-server';
import { withServedMemory } from '../../src/probe/served-memory';
import { runProbe } from '../../src/probe/run-probe';
import { readProbeSourceNode } from '../../src/probe/probe-source-node';
import type { ProbeFacts } from '../../src/probe/probe-facts';
import { heapTargets, type HeapTarget } from '../heap/support/heap-targets';
import { LESSON_PROGRAM } from '../heap/support/wasm-heap';

for (const target of heapTargets()) {
  describe.skipIf(target.skip)(`memory served by ${target.label}`, () => {
    let t: HeapTarget;
    let facts: ProbeFacts;
    const value = async (expr: string) => Number((await t.session.exec(`print(${expr})`)).stdout.trim());

    beforeAll(async () => {
      t = await target.open();
      facts = await runProbe(t.session, readProbeSourceNode());
      const setup = await t.session.exec(MEMORY_SERVER_SETUP);
      expect(setup.stderr).toBe('');
      await t.session.exec("__import__('gc').collect()");
      expect((await t.session.exec(LESSON_PROGRAM)).stderr).toBe('');
    });
    afterAll(async () => t?.dispose());

    test('reads give the bytes that are there, at any length and alignment', async () => {
      expect((await t.session.exec('__phl__x = bytearray(bytes(range(256)) * 8)')).stderr).toBe('');
      // A bytearray's items pointer is its fourth word, on every port here.
      const items = (await t.memory()).u32((await value('id(__phl__x)')) + 12)!;
      const cases = [
        [0, 1],
        [1, 2],
        [2, 3],
        [3, 4],
        [5, 5],
        [7, 64],
        [200, 100],
        [0, MAX_READ],
        [13, MAX_READ],
      ] as const;
      const served = await withServedMemory(t.session, (read) =>
        Promise.all(cases.map(([at, n]) => read(items + at, n))),
      );
      for (const [i, [at, n]] of cases.entries()) {
        expect(served[i], `${n} bytes at +${at}`).toEqual(Uint8Array.from({ length: n }, (_, k) => (at + k) & 0xff));
      }
      await t.session.exec('del __phl__x');
    });

    test('reads allocate nothing on the board with viper (measured with gc.mem_alloc)', async () => {
      const allocatedBy = async (reads: number) => {
        await t.session.exec("__import__('gc').collect()");
        const before = await value("__import__('gc').mem_alloc()");
        await withServedMemory(t.session, async (read) => {
          for (let i = 0; i < reads; i++) await read(facts.globals, 1024);
        });
        return (await value("__import__('gc').mem_alloc()")) - before;
      };
      const none = await allocatedBy(0);
      const many = await allocatedBy(40);
      console.log(
        `[memory server] ${target.label}: a session allocates ${none} bytes; 40 reads of 1 KB add ${many - none}`,
      );
      // The WebAssembly build has no viper (the binascii fallback), and collects by itself.
      if (target.name === 'virtual-pico') expect(many - none).toBe(0);
    });

    test('a heap fetched through the server decodes like the direct copy', async () => {
      const copy = await t.memory();
      const chip = chipMemoryOf(facts.implementation.machine)!;
      const { image, report } = await withServedMemory(t.session, (read) =>
        fetchHeapImage(new PagedMemoryReader(read, { readable: readableRanges(chip) }), facts),
      );
      const served = inspectHeap(image, facts);
      const direct = inspectHeap(copy, facts);
      expect(served.globals).toEqual(direct.globals);
      const live = (s: typeof served) => s.objects.filter((o) => o.reachable);
      expect(live(served)).toEqual(live(direct));
      console.log(`[memory server] ${target.label}: heap fetched in ${report.requests} reads, ${report.bytes} bytes`);
    });

    test('without the server defined, reads fail at once with the board\u2019s error', async () => {
      await t.session.exec('__phl__keep = __phl__mem\ndel __phl__mem');
      try {
        const started = Date.now();
        await expect(withServedMemory(t.session, (read) => read(facts.globals, 16))).rejects.toThrow(
          /memory reader failed: NameError/,
        );
        expect(Date.now() - started).toBeLessThan(5000);
      } finally {
        await t.session.exec('__phl__mem = __phl__keep\ndel __phl__keep');
      }
    });
  });
}
