// The paged reader (for boards read page by page, like a USB Pico) must give
// the decoder the same picture as a full image; and the text listing.
import { beforeAll, describe, expect, test } from 'vitest';
import { MemoryImage } from '../../src/memory/memory-image';
import { PagedMemoryReader } from '../../src/heap/paged-memory-reader';
import { inspectHeap, formatHeapText } from '../../src/model';
import type { ProbeFacts } from '../../src/probe/probe-facts';
import type { HeapSnapshot } from '../../src/model/heap-snapshot';
import { realHeap } from './support/wasm-heap';

let image: MemoryImage;
let probe: ProbeFacts;
let full: HeapSnapshot;

beforeAll(async () => {
  ({ image, probe } = await realHeap());
  full = inspectHeap(image, probe, { board: 'browser-wasm' });
});

describe('paged memory reader', () => {
  test('fetching only what the decoder needs gives the same globals and reachable objects', async () => {
    let requests = 0;
    let bytesRead = 0;
    const reader = new PagedMemoryReader(
      async (address, length) => {
        requests++;
        bytesRead += length;
        return image.slice(address, length) ?? new Uint8Array(0);
      },
      { pageSize: 4096 },
    );
    // The static data (type objects, static qstr pools) of the wasm build sits below mp_state_ctx.
    const paged = await reader.fetchForHeap(probe, { start: 0, end: image.regions[0].bytes.length }, [
      { start: 0, end: probe.globals },
    ]);
    const snap = inspectHeap(paged, probe, { board: 'browser-wasm' });
    expect(snap.globals).toEqual(full.globals);
    expect(snap.heap).toEqual(full.heap);
    const reachable = (s: HeapSnapshot) => s.objects.filter((o) => o.reachable);
    expect(reachable(snap)).toEqual(reachable(full));
    expect(bytesRead).toBeLessThan(image.regions[0].bytes.length / 4);
    expect(requests).toBe(reader.pagesFetched);
  });
});

describe('formatHeapText', () => {
  test('lists statistics, every global and every reachable object', () => {
    const text = formatHeapText(full);
    expect(text).toContain(`MicroPython ${probe.implementation.version} on browser-wasm`);
    for (const g of full.globals) expect(text).toContain(`  ${g.name} = `);
    for (const o of full.objects.filter((x) => x.reachable)) expect(text).toContain(`  ${o.address} ${o.type} `);
    expect(text).toMatch(/fragmentation \d+\.\d%/);
  });
});
