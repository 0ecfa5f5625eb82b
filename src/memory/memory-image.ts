/**
 * A snapshot of a board's memory: a few address ranges with their bytes.
 * Reads are bounds-checked and little-endian; an address outside every region
 * reads as `undefined` instead of throwing, because the heap decoder follows
 * untrusted pointers.
 */
export interface MemoryRegion {
  readonly name: string;
  readonly base: number;
  readonly bytes: Uint8Array;
}

export class MemoryImage {
  readonly regions: readonly MemoryRegion[];

  constructor(regions: readonly MemoryRegion[]) {
    this.regions = [...regions].sort((a, b) => a.base - b.base);
  }

  /** The region holding `length` bytes at `address`, or undefined. */
  regionOf(address: number, length = 1): MemoryRegion | undefined {
    for (const r of this.regions) {
      if (address >= r.base && address + length <= r.base + r.bytes.length) return r;
    }
    return undefined;
  }

  contains(address: number, length = 1): boolean {
    return this.regionOf(address, length) !== undefined;
  }

  u8(address: number): number | undefined {
    const r = this.regionOf(address, 1);
    return r ? r.bytes[address - r.base] : undefined;
  }

  u16(address: number): number | undefined {
    const r = this.regionOf(address, 2);
    if (!r) return undefined;
    const o = address - r.base;
    return r.bytes[o] | (r.bytes[o + 1] << 8);
  }

  u32(address: number): number | undefined {
    const r = this.regionOf(address, 4);
    if (!r) return undefined;
    const o = address - r.base;
    const b = r.bytes;
    return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
  }

  /** A copy of `length` bytes at `address`, or undefined when not fully inside one region. */
  slice(address: number, length: number): Uint8Array | undefined {
    const r = this.regionOf(address, length);
    return r ? r.bytes.slice(address - r.base, address - r.base + length) : undefined;
  }
}
