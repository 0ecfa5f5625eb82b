import { RP2040_FAMILY_ID } from './families';
import { FLASH_BASE } from './flash-layout';
import { UF2_BLOCK_SIZE, UF2_FLAG_FAMILY_ID, UF2_MAGIC_END, UF2_MAGIC_START0, UF2_MAGIC_START1 } from './uf2';

/** Fields of one UF2 block; tests use it to craft malformed files too. */
export interface Uf2BlockFields {
  flags?: number;
  target: number;
  payload: Uint8Array;
  /** Payload size written in the header (defaults to payload.length; tests may lie). */
  size?: number;
  blockNo: number;
  numBlocks: number;
  /** Family ID (or file size) word; defaults to RP2040. */
  familyId?: number;
}

/** Encodes one 512-byte UF2 block. */
export function encodeUf2Block(f: Uf2BlockFields): Uint8Array {
  const block = new Uint8Array(UF2_BLOCK_SIZE);
  const v = new DataView(block.buffer);
  v.setUint32(0, UF2_MAGIC_START0, true);
  v.setUint32(4, UF2_MAGIC_START1, true);
  v.setUint32(8, f.flags ?? UF2_FLAG_FAMILY_ID, true);
  v.setUint32(12, f.target >>> 0, true);
  v.setUint32(16, (f.size ?? f.payload.length) >>> 0, true);
  v.setUint32(20, f.blockNo >>> 0, true);
  v.setUint32(24, f.numBlocks >>> 0, true);
  v.setUint32(28, (f.familyId ?? RP2040_FAMILY_ID) >>> 0, true);
  block.set(f.payload.subarray(0, 476), 32);
  v.setUint32(508, UF2_MAGIC_END, true);
  return block;
}

export interface WriteUf2Options {
  /** Address of image[0]; defaults to the start of flash. */
  base?: number;
  familyId?: number;
  /** Bytes per block; 256 is what the RP2040 bootrom expects. */
  payloadSize?: number;
}

/** Encodes a flash image as a UF2 file (used for the project's own test firmware and in tests). */
export function writeUf2(image: Uint8Array, options: WriteUf2Options = {}): Uint8Array {
  const base = options.base ?? FLASH_BASE;
  const step = options.payloadSize ?? 256;
  const numBlocks = Math.max(1, Math.ceil(image.length / step));
  const out = new Uint8Array(numBlocks * UF2_BLOCK_SIZE);
  for (let n = 0; n < numBlocks; n++) {
    const chunk = new Uint8Array(step);
    chunk.set(image.subarray(n * step, (n + 1) * step));
    const block = encodeUf2Block({
      target: base + n * step,
      payload: chunk,
      blockNo: n,
      numBlocks,
      familyId: options.familyId,
    });
    out.set(block, n * UF2_BLOCK_SIZE);
  }
  return out;
}
