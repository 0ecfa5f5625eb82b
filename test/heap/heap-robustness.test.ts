// Bad memory must never make the decoder throw or loop: it returns what it
// could decode plus warnings.
import { beforeAll, describe, expect, test } from 'vitest';
import { MemoryImage } from '../../src/memory/memory-image';
import { inspectHeap } from '../../src/model/inspect-heap';
import { locateGcHeap } from '../../src/heap/locate-gc-area';
import type { ProbeFacts } from '../../src/probe/probe-facts';
import type { HeapSnapshot } from '../../src/model/heap-snapshot';
import { realHeap } from './support/wasm-heap';

let image: MemoryImage;
let probe: ProbeFacts;
let clean: HeapSnapshot;
let bytes: Uint8Array; // the interesting prefix of wasm memory (static data + heap)

/** A small deterministic PRNG (xorshift32) so failures can be replayed. */
function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

function timed(img: MemoryImage, facts = probe): { snap: HeapSnapshot; ms: number } {
  const t0 = performance.now();
  const snap = inspectHeap(img, facts);
  return { snap, ms: performance.now() - t0 };
}

beforeAll(async () => {
  ({ image, probe } = await realHeap());
  clean = inspectHeap(image, probe);
  const located = locateGcHeap(image, probe.globals);
  if ('error' in located) throw new Error(located.error);
  const end = Math.max(...located.areas.map((a) => a.poolEnd)) + 65536;
  bytes = image.regions[0].bytes.slice(0, end);
});

describe('heap decoder robustness', () => {
  test('the untouched heap decodes without warnings', () => {
    expect(clean.warnings).toEqual([]);
    expect(clean.objects.filter((o) => o.reachable).length).toBeGreaterThan(5);
  });

  test('random bytes: no GC area, a clear warning, no exception', () => {
    for (let seed = 1; seed <= 5; seed++) {
      const r = rng(seed);
      const junk = new Uint8Array(256 * 1024).map(() => (r() * 256) | 0);
      const { snap, ms } = timed(new MemoryImage([{ name: 'junk', base: 0, bytes: junk }]));
      expect(snap.objects).toEqual([]);
      expect(snap.warnings.join('\n')).toMatch(/no MicroPython GC area found/);
      expect(ms).toBeLessThan(2000);
    }
  });

  test('truncated images: partial results with warnings', () => {
    const located = locateGcHeap(image, probe.globals);
    if ('error' in located) throw new Error(located.error);
    const { poolStart, poolEnd, atbStart } = located.areas[0];
    for (const cut of [
      probe.globals + 16,
      atbStart + 100,
      poolStart + 2048,
      poolStart + 4096,
      (poolStart + poolEnd) / 2,
    ]) {
      const { snap, ms } = timed(new MemoryImage([{ name: 'cut', base: 0, bytes: bytes.slice(0, cut) }]));
      expect(ms).toBeLessThan(2000);
      // Whatever is still decoded as reachable is what the whole image says; a type name that lay
      // past the cut reads '?' (unknown), never another name.
      const before = new Map(clean.objects.map((o) => [o.address, o]));
      for (const o of snap.objects.filter((x) => x.reachable)) {
        expect(before.get(o.address)?.kind).toBe(o.kind);
        if (o.type !== '?') expect(before.get(o.address)?.type).toBe(o.type);
      }
      const lost = clean.objects.filter((o) => o.reachable).length - snap.objects.filter((o) => o.reachable).length;
      if (cut < poolStart + 4096) expect(snap.warnings.length + lost).toBeGreaterThan(0);
    }
  });

  test('a heap corrupted at random offsets never throws or stalls', () => {
    const located = locateGcHeap(image, probe.globals);
    if ('error' in located) throw new Error(located.error);
    const { atbStart, poolStart } = located.areas[0];
    const usedEnd = poolStart + clean.heap.usedBytes * 2 + 4096;
    const r = rng(42);
    let warned = 0;
    for (let round = 0; round < 60; round++) {
      const copy = bytes.slice();
      const view = new DataView(copy.buffer);
      for (let k = 0; k < 20; k++) {
        // Corrupt the allocation table, the pool's used part, and mp_state_ctx words.
        const zone = r();
        const at =
          zone < 0.3
            ? atbStart + ((r() * 1024) | 0)
            : zone < 0.9
              ? poolStart + ((r() * (usedEnd - poolStart)) | 0)
              : probe.globals - 64 + ((r() * 512) | 0);
        const value = r() < 0.5 ? (r() * 2 ** 32) >>> 0 : poolStart + (((r() * (usedEnd - poolStart)) | 0) & ~3);
        view.setUint32(at & ~3, value, true);
      }
      const { snap, ms } = timed(new MemoryImage([{ name: 'corrupt', base: 0, bytes: copy }]));
      expect(ms).toBeLessThan(2000);
      expect(Array.isArray(snap.objects)).toBe(true);
      if (snap.warnings.length) warned++;
    }
    expect(warned).toBeGreaterThan(0);
  });

  test('a split-heap chain that loops back is cut with a warning', () => {
    const located = locateGcHeap(image, probe.globals);
    if ('error' in located) throw new Error(located.error);
    const struct = located.areas[0].atbFieldAddress - 4;
    const copy = bytes.slice();
    new DataView(copy.buffer).setUint32(struct, struct, true); // next → itself
    const { snap } = timed(new MemoryImage([{ name: 'loop', base: 0, bytes: copy }]));
    expect(snap.warnings.join('\n')).toMatch(/loops back/);
    expect(snap.heap.areas.length).toBe(1);
  });

  test('reference cycles made by corruption are walked once', () => {
    // Point every item of the list `a` at the list itself.
    const a = clean.globals.find((g) => g.name === 'a')!.value;
    if (!('ref' in a)) throw new Error('a should be a heap object');
    const list = parseInt(a.ref, 16);
    const copy = bytes.slice();
    const view = new DataView(copy.buffer);
    const items = view.getUint32(list + 12, true);
    const len = view.getUint32(list + 8, true);
    for (let i = 0; i < len; i++) view.setUint32(items + 4 * i, list, true);
    const { snap } = timed(new MemoryImage([{ name: 'cycle', base: 0, bytes: copy }]));
    const obj = snap.objects.find((o) => o.address === a.ref)!;
    expect(obj.refs.every((r) => 'ref' in r.target && r.target.ref === a.ref)).toBe(true);
  });

  test('a wrong globals address in the probe facts gives warnings, not an exception', () => {
    const { snap } = timed(image, { ...probe, globals: 16 });
    expect(snap.globals).toEqual([]);
    expect(snap.warnings.length).toBeGreaterThan(0);
  });
});
