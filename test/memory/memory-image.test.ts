// MemoryImage: bounds-checked little-endian reads over a few address ranges. The heap
// decoder follows untrusted pointers through it, so every read that is not fully
// inside one region must answer `undefined` (never throw, never borrow bytes from
// a neighbouring region), and every read that is inside must give the real bytes.
import { describe, expect, test } from 'vitest';
import { MemoryImage, type MemoryRegion } from '../../src/memory/memory-image';

/** `length` bytes counting up from `first` (mod 256), so every offset has a recognisable value. */
function counting(length: number, first: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (first + i) & 0xff);
}

/** Little-endian value of `bytes[at .. at + n)`, computed without DataView (an independent oracle). */
function le(bytes: Uint8Array, at: number, n: number): number {
  let v = 0;
  for (let i = n - 1; i >= 0; i--) v = v * 256 + bytes[at + i];
  return v;
}

// Three regions: A and B touch (A ends exactly where B starts), C sits after a gap.
const A_BASE = 0x1000;
const B_BASE = 0x1010;
const C_BASE = 0x2000;
const aBytes = counting(16, 0x10);
const bBytes = counting(16, 0x80);
const cBytes = counting(24, 0xc0);
const regions: MemoryRegion[] = [
  // Given out of address order on purpose: the image sorts them.
  { name: 'C', base: C_BASE, bytes: cBytes },
  { name: 'A', base: A_BASE, bytes: aBytes },
  { name: 'B', base: B_BASE, bytes: bBytes },
];
const image = () => new MemoryImage(regions);

describe('MemoryImage: regions', () => {
  test('regions are kept sorted by base address', () => {
    expect(image().regions.map((r) => r.name)).toEqual(['A', 'B', 'C']);
  });

  test('regionOf / contains name the region holding the whole range, and nothing for a range over an edge', () => {
    const m = image();
    expect(m.regionOf(A_BASE)?.name).toBe('A');
    expect(m.regionOf(B_BASE - 1)?.name).toBe('A');
    expect(m.regionOf(B_BASE)?.name).toBe('B');
    expect(m.regionOf(B_BASE - 4, 4)?.name).toBe('A');
    expect(m.regionOf(B_BASE - 2, 4)).toBeUndefined(); // two bytes in A, two in B
    expect(m.regionOf(C_BASE + 23)?.name).toBe('C');
    expect(m.regionOf(C_BASE + 24)).toBeUndefined();
    expect(m.regionOf(A_BASE - 1)).toBeUndefined();
    expect(m.contains(C_BASE, 24)).toBe(true);
    expect(m.contains(C_BASE, 25)).toBe(false);
    expect(m.contains(B_BASE + 16)).toBe(false); // the gap between B and C
    expect(m.contains(A_BASE + 0.5)).toBe(false); // not an address
  });
});

describe('MemoryImage: the last valid read of each width, and one past the end', () => {
  const widths = [
    { name: 'u8', n: 1, read: (m: MemoryImage, a: number) => m.u8(a) },
    { name: 'u16', n: 2, read: (m: MemoryImage, a: number) => m.u16(a) },
    { name: 'u32', n: 4, read: (m: MemoryImage, a: number) => m.u32(a) },
  ] as const;

  for (const { name, n, read } of widths) {
    test(`${name}: first and last ${n}-byte read of every region, and every read that crosses the end`, () => {
      const m = image();
      for (const r of regions) {
        const end = r.base + r.bytes.length;
        expect(read(m, r.base), `${name} at start of ${r.name}`).toBe(le(r.bytes, 0, n));
        expect(read(m, end - n), `${name} at end of ${r.name}`).toBe(le(r.bytes, r.bytes.length - n, n));
        // Every start that leaves k (1 ≤ k < n) bytes inside the region, then fully outside.
        for (let inside = n - 1; inside >= 0; inside--) {
          const at = end - inside;
          // Region A ends where B begins: a read there that fits in B is B's bytes, not A's.
          const next = regions.find((o) => o.base === end);
          if (inside === 0 && next) expect(read(m, at)).toBe(le(next.bytes, 0, n));
          else expect(read(m, at), `${name} at end-${inside} of ${r.name}`).toBeUndefined();
        }
        // Starting one byte before the region.
        const before = regions.find((o) => o.base + o.bytes.length === r.base);
        if (!before) expect(read(m, r.base - 1), `${name} just before ${r.name}`).toBeUndefined();
      }
    });
  }

  test('f32 and f64 read the last valid float of a region and refuse one byte further', () => {
    const bytes = new Uint8Array(16);
    const view = new DataView(bytes.buffer);
    view.setFloat64(0, -1234.5625, true);
    view.setFloat64(8, Math.PI, true);
    const m = new MemoryImage([{ name: 'floats', base: 0x100, bytes }]);
    expect(m.f64(0x100)).toBe(-1234.5625);
    expect(m.f64(0x108)).toBe(Math.PI);
    expect(m.f64(0x109)).toBeUndefined();
    expect(m.f64(0x110)).toBeUndefined();
    view.setFloat32(12, 0.1, true);
    expect(m.f32(0x10c)).toBe(Math.fround(0.1));
    expect(m.f32(0x10d)).toBeUndefined();
    expect(m.f32(0x0ff)).toBeUndefined();
  });

  test('f32 / f64 keep the sign of -0, NaN and the infinities', () => {
    const bytes = new Uint8Array(32);
    const view = new DataView(bytes.buffer);
    view.setUint32(0, 0x80000000, true); // f32 -0
    view.setUint32(4, 0x7fc00000, true); // f32 NaN
    view.setUint32(8, 0xff800000, true); // f32 -inf
    view.setFloat64(16, -0, true);
    view.setFloat64(24, Infinity, true);
    const m = new MemoryImage([{ name: 'special', base: 0, bytes }]);
    expect(Object.is(m.f32(0), -0)).toBe(true);
    expect(m.f32(4)).toBeNaN();
    expect(m.f32(8)).toBe(-Infinity);
    expect(Object.is(m.f64(16), -0)).toBe(true);
    expect(m.f64(24)).toBe(Infinity);
  });
});

describe('MemoryImage: reads straddling two adjacent regions', () => {
  test('a value whose bytes are split between A and B reads as undefined even though both bytes exist', () => {
    const m = image();
    // Every byte is readable on its own ...
    for (let a = B_BASE - 4; a < B_BASE + 4; a++) expect(m.u8(a)).toBeDefined();
    // ... but no multi-byte read may join the two regions.
    expect(m.u16(B_BASE - 1)).toBeUndefined();
    for (let k = 1; k <= 3; k++) {
      expect(m.u32(B_BASE - k)).toBeUndefined();
      expect(m.f32(B_BASE - k)).toBeUndefined();
    }
    for (let k = 1; k <= 7; k++) expect(m.f64(B_BASE - k)).toBeUndefined();
    expect(m.bytes(B_BASE - 2, 4)).toBeUndefined();
    expect(m.slice(B_BASE - 2, 4)).toBeUndefined();
  });

  test('the region found last does not leak into reads of another region (cache of the last hit)', () => {
    const m = image();
    // Alternate between regions so the "last region" shortcut is exercised both ways.
    for (let i = 0; i < 3; i++) {
      expect(m.u32(C_BASE + 4)).toBe(le(cBytes, 4, 4));
      expect(m.u32(A_BASE + 8)).toBe(le(aBytes, 8, 4));
      expect(m.u32(B_BASE + 12)).toBe(le(bBytes, 12, 4));
      expect(m.u32(B_BASE - 2)).toBeUndefined();
      expect(m.u8(C_BASE + 23)).toBe(cBytes[23]);
      expect(m.u8(C_BASE + 24)).toBeUndefined();
    }
  });
});

describe('MemoryImage: addresses outside every region', () => {
  const outside = [
    -1,
    -4,
    0,
    A_BASE - 1,
    A_BASE - 4,
    B_BASE + 16,
    C_BASE - 1,
    C_BASE + 24,
    0xffffffff,
    2 ** 32,
    2 ** 53,
  ];
  const strange = [NaN, Infinity, -Infinity];

  test('every reader answers undefined and none throws', () => {
    const m = image();
    for (const a of [...outside, ...strange]) {
      expect(m.u8(a), `u8 ${a}`).toBeUndefined();
      expect(m.u16(a), `u16 ${a}`).toBeUndefined();
      expect(m.u32(a), `u32 ${a}`).toBeUndefined();
      expect(m.f32(a), `f32 ${a}`).toBeUndefined();
      expect(m.f64(a), `f64 ${a}`).toBeUndefined();
      expect(m.bytes(a, 1), `bytes ${a}`).toBeUndefined();
      expect(m.slice(a, 1), `slice ${a}`).toBeUndefined();
      expect(m.cstring(a, 8), `cstring ${a}`).toBeUndefined();
      expect(m.regionOf(a), `regionOf ${a}`).toBeUndefined();
      expect(m.contains(a), `contains ${a}`).toBe(false);
    }
  });

  // The readers once truncated it and answered with the bytes at the integer below (u8(0x100.8) read 0x100).
  test('a non-integer address reads as undefined, as contains() says', () => {
    const m = new MemoryImage([{ name: 'r', base: 0x100, bytes: counting(8, 1) }]);
    expect(m.contains(0x100 + 0.5)).toBe(false);
    expect(m.u8(0x100 + 0.5)).toBeUndefined();
    expect(m.u32(0x100 + 1.5)).toBeUndefined();
    expect(m.regionOf(0x100 + 0.5)).toBeUndefined();
  });

  test('an image without regions reads nothing', () => {
    const m = new MemoryImage([]);
    expect(m.regions).toEqual([]);
    expect(m.u8(0)).toBeUndefined();
    expect(m.u32(0)).toBeUndefined();
    expect(m.bytes(0, 0)).toBeUndefined();
    expect(m.cstring(0, 4)).toBeUndefined();
  });

  test('an empty region holds no byte, not even at its base', () => {
    const m = new MemoryImage([{ name: 'empty', base: 0x500, bytes: new Uint8Array(0) }]);
    expect(m.u8(0x500)).toBeUndefined();
    expect(m.contains(0x500)).toBe(false);
    expect(m.cstring(0x500, 4)).toBeUndefined();
  });
});

describe('MemoryImage: bytes, slice and cstring at the edges', () => {
  test('bytes: up to the last byte of a region, not one further; a view of the region, not a copy', () => {
    const m = image();
    expect([...m.bytes(C_BASE, 24)!]).toEqual([...cBytes]);
    expect([...m.bytes(C_BASE + 20, 4)!]).toEqual([...cBytes.subarray(20)]);
    expect(m.bytes(C_BASE + 20, 5)).toBeUndefined();
    expect(m.bytes(C_BASE - 1, 2)).toBeUndefined();
    expect(m.bytes(C_BASE, -1)).toBeUndefined();
    const view = m.bytes(A_BASE + 2, 3)!;
    expect(view.buffer).toBe(aBytes.buffer);
    expect(view.byteOffset).toBe(aBytes.byteOffset + 2);
  });

  test('slice: the same bytes as a copy that does not share memory with the image', () => {
    const bytes = counting(8, 1);
    const m = new MemoryImage([{ name: 'r', base: 0x40, bytes }]);
    const copy = m.slice(0x44, 4)!;
    expect([...copy]).toEqual([5, 6, 7, 8]);
    copy[0] = 0xee;
    expect(bytes[4]).toBe(5);
    expect(m.u8(0x44)).toBe(5);
    expect(m.slice(0x45, 4)).toBeUndefined();
  });

  test('bytes of length 0 inside a region are empty, in a gap undefined', () => {
    const m = image();
    expect(m.bytes(C_BASE + 3, 0)?.length).toBe(0);
    expect(m.bytes(B_BASE + 100, 0)).toBeUndefined();
  });

  test('cstring: up to the NUL, at most `max` bytes before it, never continued into the next region', () => {
    const enc = new TextEncoder();
    // Region X: "hi\0" then "abcdef" running up to the end with no NUL; region Y right after it starts with "gh\0".
    const x = new Uint8Array([...enc.encode('hi'), 0, ...enc.encode('abcdef')]);
    const y = new Uint8Array([...enc.encode('gh'), 0]);
    const m = new MemoryImage([
      { name: 'X', base: 0x300, bytes: x },
      { name: 'Y', base: 0x300 + x.length, bytes: y },
    ]);
    const text = (s: Uint8Array | undefined) => (s === undefined ? undefined : new TextDecoder().decode(s));
    expect(text(m.cstring(0x300, 16))).toBe('hi');
    expect(text(m.cstring(0x300, 2))).toBe('hi'); // exactly max bytes, then the NUL
    expect(m.cstring(0x300, 1)).toBeUndefined(); // the NUL lies beyond max
    expect(text(m.cstring(0x302, 0))).toBe(''); // starts on the NUL
    // "abcdef" reaches the end of X without a NUL: unterminated, even though Y continues with "gh\0".
    expect(m.cstring(0x303, 100)).toBeUndefined();
    expect(text(m.cstring(0x300 + x.length, 100))).toBe('gh');
    expect(m.cstring(0x300 + x.length + y.length, 4)).toBeUndefined();
    expect(m.cstring(0x300, -1)).toBeUndefined();
  });
});

describe('MemoryImage: unaligned reads and regions that are views into a larger buffer', () => {
  test('u16 / u32 / f32 / f64 at every byte offset give the little-endian bytes there', () => {
    const bytes = counting(32, 0x31);
    const m = new MemoryImage([{ name: 'r', base: 0x20000000, bytes }]);
    for (let off = 0; off + 8 <= 32; off++) {
      const a = 0x20000000 + off;
      expect(m.u16(a)).toBe(le(bytes, off, 2));
      expect(m.u32(a)).toBe(le(bytes, off, 4));
      const f32 = new Float32Array(new Uint8Array(bytes.subarray(off, off + 4)).buffer)[0];
      const f64 = new Float64Array(new Uint8Array(bytes.subarray(off, off + 8)).buffer)[0];
      expect(Object.is(m.f32(a), f32)).toBe(true);
      expect(Object.is(m.f64(a), f64)).toBe(true);
    }
  });

  test('a region given as a subarray reads its own bytes, not the start of the underlying buffer', () => {
    const backing = counting(64, 0);
    const sub = backing.subarray(13, 13 + 20);
    const m = new MemoryImage([{ name: 'sub', base: 0x800, bytes: sub }]);
    expect(m.u8(0x800)).toBe(13);
    expect(m.u32(0x800)).toBe(le(backing, 13, 4));
    expect(m.u32(0x800 + 16)).toBe(le(backing, 29, 4));
    expect(m.u32(0x800 + 17)).toBeUndefined(); // the backing buffer goes on, the region does not
    expect(m.u8(0x800 + 20)).toBeUndefined();
    expect([...m.bytes(0x800 + 18, 2)!]).toEqual([31, 32]);
    expect(m.cstring(0x800, 100)).toBeUndefined(); // the 0 at backing[0] and backing[64…] are outside
  });

  test('u32 is unsigned: the top bit does not make it negative', () => {
    const m = new MemoryImage([{ name: 'r', base: 0, bytes: new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x00, 0x80]) }]);
    expect(m.u32(0)).toBe(0xffffffff);
    expect(m.u16(4)).toBe(0x8000);
  });
});
