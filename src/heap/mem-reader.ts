import type { MemoryImage, MemoryRegion } from '../memory/memory-image';

/**
 * Fast little-endian reads over a MemoryImage for the decoder's hot loops.
 * Remembers the last region hit (most reads cluster in the GC pool) and keeps a
 * DataView per region, so a read is a range check plus one typed access.
 * Like MemoryImage, every read outside the image answers `undefined`.
 */
export class MemReader {
  private readonly regions: { r: MemoryRegion; end: number; view: DataView }[];
  private last: { r: MemoryRegion; end: number; view: DataView } | undefined;

  constructor(readonly image: MemoryImage) {
    this.regions = image.regions.map((r) => ({
      r,
      end: r.base + r.bytes.length,
      view: new DataView(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength),
    }));
    this.last = this.regions[0];
  }

  private find(address: number, length: number) {
    const l = this.last;
    if (l && address >= l.r.base && address + length <= l.end) return l;
    for (const e of this.regions) {
      if (address >= e.r.base && address + length <= e.end) return (this.last = e);
    }
    return undefined;
  }

  has(address: number, length = 1): boolean {
    return Number.isInteger(address) && this.find(address, length) !== undefined;
  }

  u8(address: number): number | undefined {
    const e = this.find(address, 1);
    return e ? e.view.getUint8(address - e.r.base) : undefined;
  }

  u16(address: number): number | undefined {
    const e = this.find(address, 2);
    return e ? e.view.getUint16(address - e.r.base, true) : undefined;
  }

  u32(address: number): number | undefined {
    const e = this.find(address, 4);
    return e ? e.view.getUint32(address - e.r.base, true) : undefined;
  }

  f32(address: number): number | undefined {
    const e = this.find(address, 4);
    return e ? e.view.getFloat32(address - e.r.base, true) : undefined;
  }

  f64(address: number): number | undefined {
    const e = this.find(address, 8);
    return e ? e.view.getFloat64(address - e.r.base, true) : undefined;
  }

  /** A view (not a copy) of `length` bytes, or undefined when not inside one region. */
  bytes(address: number, length: number): Uint8Array | undefined {
    if (length < 0) return undefined;
    const e = this.find(address, length);
    return e ? e.r.bytes.subarray(address - e.r.base, address - e.r.base + length) : undefined;
  }

  /** Reads a NUL-terminated string of at most `max` bytes (undefined when unterminated). */
  cstring(address: number, max: number): Uint8Array | undefined {
    const e = this.find(address, 1);
    if (!e) return undefined;
    const start = address - e.r.base;
    const limit = Math.min(e.r.bytes.length, start + max + 1);
    for (let i = start; i < limit; i++) if (e.r.bytes[i] === 0) return e.r.bytes.subarray(start, i);
    return undefined;
  }
}
