import { Uf2Error } from './uf2-error';
import { RP2040_FAMILY_ID, familyLabel, isRp2350Family } from './families';
import { FLASH_BASE, FLASH_END, FLASH_SIZE, SRAM_BASE, SRAM_END } from './flash-layout';
import { detectFirmwareInfo, type FirmwareInfo } from './firmware-info';

export { Uf2Error, type Uf2ErrorCode } from './uf2-error';

// UF2 block format (https://github.com/microsoft/uf2): 512-byte blocks, 32-byte header, 476 data bytes, end magic.
export const UF2_BLOCK_SIZE = 512;
export const UF2_MAGIC_START0 = 0x0a324655;
export const UF2_MAGIC_START1 = 0x9e5d5157;
export const UF2_MAGIC_END = 0x0ab16f30;
export const UF2_MAX_PAYLOAD = 476;
export const UF2_FLAG_NOT_MAIN_FLASH = 0x00000001;
export const UF2_FLAG_FILE_CONTAINER = 0x00001000;
export const UF2_FLAG_FAMILY_ID = 0x00002000;

/** A parsed RP2040 firmware: the 2 MiB flash it programs, and what it is. */
export interface Uf2Image {
  /** The whole 2 MiB flash, 0xFF (erased) where the file writes nothing. */
  flash: Uint8Array;
  /** Payload bytes written to flash (sum over loaded blocks). */
  usedBytes: number;
  /** Offset just past the highest flash byte written (the firmware's extent). */
  endOffset: number;
  /** Number of blocks loaded into flash. */
  blocks: number;
  /** Always RP2040_FAMILY_ID for an accepted image. */
  familyId: number;
  /** Blocks skipped on purpose (not-main-flash flag, or another chip's family in a multi-family file). */
  skippedBlocks: number;
  info: FirmwareInfo;
}

interface Block {
  index: number; // position in the file
  flags: number;
  target: number;
  size: number;
  blockNo: number;
  numBlocks: number;
  family: number | null;
  offset: number; // file offset of the block
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Names what a non-UF2 file looks like, so the message tells the user what they picked. */
function guessFormat(bytes: Uint8Array): string {
  const ascii = String.fromCharCode(...bytes.subarray(0, 64))
    .trimStart()
    .toLowerCase();
  if (bytes[0] === 0x7f && ascii.startsWith('\x7felf')) return 'an ELF file (use the .uf2 next to it)';
  if (ascii.startsWith('<!doctype') || ascii.startsWith('<html') || ascii.startsWith('<?xml'))
    return 'a web page (HTML), probably an error page saved instead of the firmware';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return 'a zip archive (unpack it and pick the .uf2 inside)';
  if (ascii.startsWith('{') || ascii.startsWith('[')) return 'a JSON/text file';
  if (ascii.startsWith(':')) return 'an Intel HEX file';
  return 'data of an unknown kind (a UF2 file starts with the bytes "UF2\\n")';
}

function checkHeader(bytes: Uint8Array): void {
  if (bytes.length === 0) throw new Uf2Error('empty', 'The file is empty (0 bytes): it is not a firmware.');
  const head = Math.min(bytes.length, 8);
  const magic = new Uint8Array(8);
  new DataView(magic.buffer).setUint32(0, UF2_MAGIC_START0, true);
  new DataView(magic.buffer).setUint32(4, UF2_MAGIC_START1, true);
  for (let i = 0; i < head; i++) {
    if (bytes[i] !== magic[i]) {
      throw new Uf2Error(
        'not-uf2',
        `This is not a UF2 firmware file: it looks like ${guessFormat(bytes)}. ` +
          'Pick the .uf2 file for the Raspberry Pi Pico.',
      );
    }
  }
  const rest = bytes.length % UF2_BLOCK_SIZE;
  if (bytes.length < UF2_BLOCK_SIZE || rest !== 0) {
    const missing = UF2_BLOCK_SIZE - rest;
    const whole = Math.floor(bytes.length / UF2_BLOCK_SIZE);
    throw new Uf2Error(
      'truncated',
      `The UF2 file is truncated: ${bytes.length} bytes is ${plural(whole, 'whole block')} plus ${rest} bytes, ` +
        `${missing} bytes short of the next 512-byte block. The download was probably cut short; download it again.`,
    );
  }
}

function readBlocks(bytes: Uint8Array, view: DataView): Block[] {
  const blocks: Block[] = [];
  for (let index = 0, offset = 0; offset < bytes.length; index++, offset += UF2_BLOCK_SIZE) {
    const m0 = view.getUint32(offset, true);
    const m1 = view.getUint32(offset + 4, true);
    const me = view.getUint32(offset + 508, true);
    if (m0 !== UF2_MAGIC_START0 || m1 !== UF2_MAGIC_START1) {
      throw new Uf2Error(
        'bad-magic',
        `UF2 block ${index} (file offset ${offset}) does not start with the UF2 magic numbers: ` +
          'the file is corrupt. Download it again.',
      );
    }
    if (me !== UF2_MAGIC_END) {
      throw new Uf2Error(
        'bad-magic',
        `UF2 block ${index} (file offset ${offset}) does not end with the UF2 end magic: ` +
          'the file is corrupt. Download it again.',
      );
    }
    const flags = view.getUint32(offset + 8, true);
    const size = view.getUint32(offset + 16, true);
    if (size > UF2_MAX_PAYLOAD) {
      throw new Uf2Error(
        'bad-payload',
        `UF2 block ${index} claims ${size} payload bytes; ` +
          `a block holds at most ${UF2_MAX_PAYLOAD}. The file is corrupt.`,
      );
    }
    blocks.push({
      index,
      flags,
      target: view.getUint32(offset + 12, true),
      size,
      blockNo: view.getUint32(offset + 20, true),
      numBlocks: view.getUint32(offset + 24, true),
      family: flags & UF2_FLAG_FAMILY_ID ? view.getUint32(offset + 28, true) : null,
      offset,
    });
  }
  return blocks;
}

/**
 * Picks the RP2040 blocks (including not-main-flash ones, which count in the
 * numbering), or explains which chip the file is for.
 */
function selectRp2040(blocks: Block[]): Block[] {
  const flashBlocks = blocks.filter((b) => !(b.flags & UF2_FLAG_NOT_MAIN_FLASH));
  if (flashBlocks.length === 0) {
    throw new Uf2Error('empty', 'The UF2 file has no blocks that write flash (all are marked "not main flash").');
  }
  if (flashBlocks.some((b) => b.family === RP2040_FAMILY_ID)) {
    return blocks.filter(
      (b) => b.family === RP2040_FAMILY_ID || (b.family === null && b.flags & UF2_FLAG_NOT_MAIN_FLASH),
    );
  }
  if (flashBlocks.some((b) => b.family !== null && isRp2350Family(b.family))) {
    throw new Uf2Error(
      'rp2350',
      'This is a firmware for the RP2350 / Raspberry Pi Pico 2, not the Pico (RP2040). ' +
        'Download the RPI_PICO build instead.',
    );
  }
  const withFamily = flashBlocks.find((b) => b.family !== null);
  if (withFamily && withFamily.family !== null) {
    throw new Uf2Error(
      'wrong-family',
      `This UF2 is for another chip (family ${familyLabel(withFamily.family)}), ` +
        `not the Raspberry Pi Pico (RP2040, family ${familyLabel(RP2040_FAMILY_ID)}).`,
    );
  }
  const container = flashBlocks[0].flags & UF2_FLAG_FILE_CONTAINER;
  throw new Uf2Error(
    'no-family',
    container
      ? 'This UF2 is a file container, not a firmware image for the Raspberry Pi Pico.'
      : 'This UF2 has no family ID; ' +
          `the Pico (RP2040) only accepts blocks with family ${familyLabel(RP2040_FAMILY_ID)}.`,
  );
}

/** Block numbers must be 0..numBlocks-1, each once, all agreeing on numBlocks. */
function checkNumbering(blocks: Block[]): void {
  const numBlocks = blocks[0].numBlocks;
  const seen = new Map<number, Block>();
  for (const b of blocks) {
    if (b.numBlocks !== numBlocks) {
      throw new Uf2Error(
        'inconsistent-count',
        `UF2 block ${b.index} says the file has ${b.numBlocks} blocks, block ${blocks[0].index} says ${numBlocks}: ` +
          'the file is corrupt or two files were joined.',
      );
    }
    if (b.blockNo >= numBlocks) {
      throw new Uf2Error(
        'missing-blocks',
        `UF2 block ${b.index} is numbered ${b.blockNo} of only ${numBlocks}: ` +
          'the numbering is broken, the file is corrupt.',
      );
    }
    const before = seen.get(b.blockNo);
    if (before) {
      throw new Uf2Error(
        'duplicate-block',
        `UF2 block number ${b.blockNo} appears twice (file blocks ${before.index} and ${b.index}): ` +
          'the file is corrupt.',
      );
    }
    seen.set(b.blockNo, b);
  }
  if (seen.size !== numBlocks) {
    const missing: number[] = [];
    for (let n = 0; n < numBlocks && missing.length < 5; n++) if (!seen.has(n)) missing.push(n);
    const more = numBlocks - seen.size > missing.length ? ', …' : '';
    throw new Uf2Error(
      'missing-blocks',
      `The UF2 file has only ${seen.size} of its ${numBlocks} blocks ` +
        `(missing block ${missing.join(', ')}${more}): it is incomplete. Download it again.`,
    );
  }
}

function checkRange(b: Block): void {
  const end = b.target + b.size;
  if (b.target >= FLASH_BASE && end <= FLASH_END) return;
  const hex = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;
  if (b.target >= SRAM_BASE && b.target < SRAM_END) {
    throw new Uf2Error(
      'ram-image',
      `This UF2 loads into RAM (block ${b.index} targets ${hex(b.target)}): ` +
        'RAM-only images are not supported; the virtual Pico boots from flash.',
    );
  }
  throw new Uf2Error(
    'out-of-range',
    `UF2 block ${b.index} writes ${hex(b.target)}–${hex(end)}, ` +
      `outside the Pico's 2 MB flash (${hex(FLASH_BASE)}–${hex(FLASH_END)}).`,
  );
}

/**
 * Parses and validates a .uf2 for the Raspberry Pi Pico (RP2040) and returns
 * the flash it programs. Throws only `Uf2Error`, whose message says what is
 * wrong and what to do.
 */
export function parseUf2(input: Uint8Array | ArrayBuffer): Uf2Image {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  checkHeader(bytes);
  const all = readBlocks(bytes, view);
  const numbered = selectRp2040(all);
  checkNumbering(numbered);
  const blocks = numbered.filter((b) => !(b.flags & UF2_FLAG_NOT_MAIN_FLASH));
  const flash = new Uint8Array(FLASH_SIZE).fill(0xff);
  let usedBytes = 0;
  let endOffset = 0;
  for (const b of blocks) {
    checkRange(b);
    const at = b.target - FLASH_BASE;
    flash.set(bytes.subarray(b.offset + 32, b.offset + 32 + b.size), at);
    usedBytes += b.size;
    endOffset = Math.max(endOffset, at + b.size);
  }
  return {
    flash,
    usedBytes,
    endOffset,
    blocks: blocks.length,
    familyId: RP2040_FAMILY_ID,
    skippedBlocks: all.length - blocks.length,
    info: detectFirmwareInfo(flash.subarray(0, endOffset)),
  };
}
