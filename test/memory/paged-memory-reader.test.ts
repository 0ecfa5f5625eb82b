// PagedMemoryReader (src/memory/paged-memory-reader.ts): asks a board only for what is not cached,
// never outside the readable ranges, rounds to its granule, merges near pieces, splits long ones.
import { describe, expect, test } from 'vitest';
import { mergeRanges, PagedMemoryReader, type ReadRecord } from '../../src/memory/paged-memory-reader';

/** A board of 64 KB at 0x1000 whose byte at a is a & 0xff, logging every read it serves. */
function fakeBoard() {
  const reads: ReadRecord[] = [];
  return {
    reads,
    read: async (address: number, length: number) => {
      reads.push({ address, length });
      if (address < 0x1000 || address + length > 0x11000) throw new Error('read outside the board');
      return Uint8Array.from({ length }, (_, i) => (address + i) & 0xff);
    },
  };
}

describe('PagedMemoryReader', () => {
  test('reads each byte once, cut to the readable ranges and rounded to the granule', async () => {
    const board = fakeBoard();
    const reader = new PagedMemoryReader(board.read, { readable: [{ start: 0x1000, end: 0x11000 }], granule: 16 });
    await reader.fetch([{ start: 0xff0, end: 0x1005 }]);
    expect(board.reads).toEqual([{ address: 0x1000, length: 16 }]);
    await reader.fetch([{ start: 0x1000, end: 0x1010 }]);
    expect(board.reads).toHaveLength(1);
    expect(reader.image().u8(0x100f)).toBe(0x0f);
    expect(reader.image().u8(0x1010)).toBeUndefined();
  });

  test('merges pieces closer than the gap, splits what is longer than one read', async () => {
    const board = fakeBoard();
    const reader = new PagedMemoryReader(board.read, {
      readable: [{ start: 0x1000, end: 0x11000 }],
      granule: 16,
      mergeGap: 32,
      maxRead: 256,
    });
    await reader.fetch([
      { start: 0x2000, end: 0x2010 },
      { start: 0x2020, end: 0x2030 }, // 16 bytes apart: one read
      { start: 0x3000, end: 0x3010 }, // far: a read of its own
      { start: 0x4000, end: 0x4300 }, // 768 bytes: three reads
    ]);
    expect(board.reads).toEqual([
      { address: 0x2000, length: 0x30 },
      { address: 0x3000, length: 0x10 },
      { address: 0x4000, length: 256 },
      { address: 0x4100, length: 256 },
      { address: 0x4200, length: 256 },
    ]);
    expect(reader.log).toEqual(board.reads);
    expect(reader.bytesRead).toBe(0x30 + 0x10 + 768);
    // Adjacent reads become one region, so a word across their border reads.
    expect(reader.image().u32(0x40fe)).toBe(0x01_00_ff_fe);
  });

  test('forget keeps only the given ranges (flash stays, RAM is read again)', async () => {
    const board = fakeBoard();
    const reader = new PagedMemoryReader(board.read, { readable: [{ start: 0x1000, end: 0x11000 }] });
    await reader.fetch([
      { start: 0x1000, end: 0x1100 },
      { start: 0x8000, end: 0x8100 },
    ]);
    reader.forget([{ start: 0x1000, end: 0x2000 }]);
    expect(reader.has(0x1000, 0x1100)).toBe(true);
    expect(reader.has(0x8000, 0x8100)).toBe(false);
  });

  test('a short reply is an error, not a hole', async () => {
    const reader = new PagedMemoryReader(async () => new Uint8Array(3), { readable: [{ start: 0, end: 1 << 20 }] });
    await expect(reader.fetch([{ start: 0, end: 16 }])).rejects.toThrow(/sent 3 bytes for a read of 16/);
  });

  test('a miss in an image names the address the decoder wanted', async () => {
    const board = fakeBoard();
    const reader = new PagedMemoryReader(board.read, { readable: [{ start: 0x1000, end: 0x11000 }] });
    await reader.fetch([{ start: 0x1000, end: 0x1010 }]);
    const misses: number[] = [];
    const image = reader.image({ onMiss: (address) => misses.push(address) });
    image.u32(0x100c);
    image.u32(0x100e); // straddles the end
    image.u8(0x5000);
    expect(misses).toEqual([0x100e, 0x5000]);
  });

  test('mergeRanges', () => {
    expect(
      mergeRanges(
        [
          { start: 10, end: 20 },
          { start: 0, end: 5 },
          { start: 18, end: 30 },
          { start: 34, end: 40 },
        ],
        4,
      ),
    ).toEqual([
      { start: 0, end: 5 },
      { start: 10, end: 40 },
    ]);
  });
});
