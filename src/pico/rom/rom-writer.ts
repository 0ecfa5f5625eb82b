/** A tiny little-endian byte writer with labels, used to lay out the ROM image. */
export class RomWriter {
  readonly bytes: Uint8Array;
  pos = 0;

  constructor(size: number) {
    this.bytes = new Uint8Array(size);
  }

  private room(n: number): void {
    if (this.pos + n > this.bytes.length) {
      throw new Error(`ROM image overflow at 0x${this.pos.toString(16)} (+${n} bytes)`);
    }
  }

  align(n: number): this {
    while (this.pos % n) this.u8(0);
    return this;
  }

  u8(v: number): this {
    this.room(1);
    this.bytes[this.pos++] = v & 0xff;
    return this;
  }

  u16(v: number): this {
    this.room(2);
    this.bytes[this.pos++] = v & 0xff;
    this.bytes[this.pos++] = (v >>> 8) & 0xff;
    return this;
  }

  u32(v: number): this {
    return this.u16(v & 0xffff).u16(v >>> 16);
  }

  /** Overwrites a halfword already reserved (forward references). */
  patch16(at: number, v: number): void {
    this.bytes[at] = v & 0xff;
    this.bytes[at + 1] = (v >>> 8) & 0xff;
  }

  patch32(at: number, v: number): void {
    this.patch16(at, v & 0xffff);
    this.patch16(at + 2, v >>> 16);
  }

  ascii(s: string): this {
    for (const ch of s) {
      const c = ch.charCodeAt(0);
      if (c > 0x7e) throw new Error(`ROM strings are ASCII: ${JSON.stringify(ch)}`);
      this.u8(c);
    }
    return this;
  }
}

/** Thumb encodings the ROM needs. */
export const THUMB = {
  bkpt: (n: number) => 0xbe00 | (n & 0xff),
  bxLr: 0x4770,
  blxR7: 0x47b8,
  wfi: 0xbf30,
  wfe: 0xbf20,
  nop: 0xbf00,
  /** Unconditional branch from `from` to `to` (both instruction addresses). */
  b: (from: number, to: number) => {
    const offset = to - (from + 4);
    if (offset < -2048 || offset > 2046 || offset & 1) throw new Error(`branch out of range: ${offset}`);
    return 0xe000 | ((offset >> 1) & 0x7ff);
  },
} as const;
