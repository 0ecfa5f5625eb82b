// The text listing of a heap snapshot.
import { beforeAll, describe, expect, test } from 'vitest';
import { MemoryImage } from '../../src/memory/memory-image';
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

describe('formatHeapText', () => {
  test('lists statistics, every global and every reachable object', () => {
    const text = formatHeapText(full);
    expect(text).toContain(`MicroPython ${probe.implementation.version} on browser-wasm`);
    for (const g of full.globals) expect(text).toContain(`  ${g.name} = `);
    for (const o of full.objects.filter((x) => x.reachable)) expect(text).toContain(`  ${o.address} ${o.type} `);
    expect(text).toMatch(/fragmentation \d+\.\d%/);
  });
});
