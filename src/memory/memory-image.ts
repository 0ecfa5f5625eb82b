/**
 * A snapshot of a board's memory: a few address ranges with their bytes.
 * Reads are bounds-checked and little-endian; an address outside every region
 * reads as `undefined` instead of throwing, because the heap decoder follows
 * untrusted pointers. Reads are the decoder's hot loop: each region keeps a
 * DataView and the last region hit is tried first (most reads cluster in the
 * GC pool), so a read is a range check plus one typed access.
 */
export interface MemoryRegion {
  readonly name: string;
  readonly base: number;
  readonly bytes: Uint8Array;
}

interface Span {
  readonly r: MemoryRegion;
  readonly end: number;
  readonly view: DataView;
}

export interface MemoryImageOptions {
  /**
   * Told of every read that finds no region (it still reads as undefined). A board read piece by
   * piece learns this way what the decoder wanted and did not have yet.
   */
  onMiss?: (address: number, length: number) => void;
}

export class MemoryImage {
  readonly regions: readonly MemoryRegion[];
  private readonly spans: readonly Span[];
  private last: Span | undefined;
  private readonly onMiss: MemoryImageOptions['onMiss'];

  constructor(regions: readonly MemoryRegion[], options: MemoryImageOptions = {}) {
    this.onMiss = options.onMiss;
    this.regions = [...regions].sort((a, b) => a.base - b.base);
    this.spans = this.regions.map((r) => ({
      r,
      end: r.base + r.bytes.length,
      view: new DataView(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength),
    }));
    this.last = this.spans[0];
  }

  private find(address: number, length: number): Span | undefined {
    if (!Number.isInteger(address)) return undefined; // a fraction is no address: read nothing, as contains() says
    const l = this.last;
    if (l && address >= l.r.base && address + length <= l.end) return l;
    for (const s of this.spans) {
      if (address >= s.r.base && address + length <= s.end) return (this.last = s);
    }
    this.onMiss?.(address, length);
    return undefined;
  }

  /** The region holding `length` bytes at `address`, or undefined. */
  regionOf(address: number, length = 1): MemoryRegion | undefined {
    return this.find(address, length)?.r;
  }

  contains(address: number, length = 1): boolean {
    return this.find(address, length) !== undefined;
  }

  u8(address: number): number | undefined {
    const s = this.find(address, 1);
    return s ? s.view.getUint8(address - s.r.base) : undefined;
  }

  u16(address: number): number | undefined {
    const s = this.find(address, 2);
    return s ? s.view.getUint16(address - s.r.base, true) : undefined;
  }

  u32(address: number): number | undefined {
    const s = this.find(address, 4);
    return s ? s.view.getUint32(address - s.r.base, true) : undefined;
  }

  f32(address: number): number | undefined {
    const s = this.find(address, 4);
    return s ? s.view.getFloat32(address - s.r.base, true) : undefined;
  }

  f64(address: number): number | undefined {
    const s = this.find(address, 8);
    return s ? s.view.getFloat64(address - s.r.base, true) : undefined;
  }

  /** A view (not a copy) of `length` bytes, or undefined when not inside one region. */
  bytes(address: number, length: number): Uint8Array | undefined {
    if (length < 0) return undefined;
    const s = this.find(address, length);
    return s ? s.r.bytes.subarray(address - s.r.base, address - s.r.base + length) : undefined;
  }

  /** A copy of `length` bytes at `address`, or undefined when not fully inside one region. */
  slice(address: number, length: number): Uint8Array | undefined {
    return this.bytes(address, length)?.slice();
  }

  /** A NUL-terminated string of at most `max` bytes (undefined when unterminated). */
  cstring(address: number, max: number): Uint8Array | undefined {
    const s = this.find(address, 1);
    if (!s) return undefined;
    const start = address - s.r.base;
    const limit = Math.min(s.r.bytes.length, start + max + 1);
    for (let i = start; i < limit; i++) if (s.r.bytes[i] === 0) return s.r.bytes.subarray(start, i);
    return undefined;
  }
}
