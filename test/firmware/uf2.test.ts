import { describe, expect, it } from 'vitest';
import {
  parseUf2,
  Uf2Error,
  type Uf2ErrorCode,
  UF2_FLAG_FAMILY_ID,
  UF2_FLAG_NOT_MAIN_FLASH,
} from '../../src/firmware/uf2';
import { encodeUf2Block, writeUf2 } from '../../src/firmware/uf2-writer';
import { FLASH_BASE, FLASH_SIZE } from '../../src/firmware/flash-layout';
import { RP2040_FAMILY_ID } from '../../src/firmware/families';
import { syntheticImage, syntheticMicroPythonUf2, MICROPYTHON_STRINGS } from './synthetic';

function errorOf(bytes: Uint8Array): Uf2Error {
  try {
    parseUf2(bytes);
  } catch (e) {
    if (e instanceof Uf2Error) return e;
    throw e;
  }
  throw new Error('parseUf2 accepted the input');
}

function expectCode(bytes: Uint8Array, code: Uf2ErrorCode, message?: RegExp): Uf2Error {
  const e = errorOf(bytes);
  expect(e.code).toBe(code);
  if (message) expect(e.message).toMatch(message);
  return e;
}

const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

const payload = (fill: number, n = 256) => new Uint8Array(n).fill(fill);

describe('parseUf2: valid files', () => {
  it('loads every block at its address into a 0xFF-filled 2 MiB flash', () => {
    const image = syntheticImage(MICROPYTHON_STRINGS, 5000);
    const result = parseUf2(writeUf2(image));
    expect(result.flash.length).toBe(FLASH_SIZE);
    expect(result.blocks).toBe(Math.ceil(5000 / 256));
    expect(result.usedBytes).toBe(result.blocks * 256);
    expect(result.familyId).toBe(RP2040_FAMILY_ID);
    expect(result.flash.subarray(0, 5000)).toEqual(image);
    expect(result.flash.subarray(5000, result.blocks * 256).every((b) => b === 0)).toBe(true);
    expect(result.flash.subarray(result.blocks * 256).every((b) => b === 0xff)).toBe(true);
  });

  it('accepts blocks in any order and 476-byte payloads', () => {
    const image = syntheticImage([], 2000, 7);
    const file = writeUf2(image, { payloadSize: 476 });
    const blocks = [];
    for (let i = 0; i < file.length; i += 512) blocks.push(file.subarray(i, i + 512));
    const result = parseUf2(concat(...blocks.reverse()));
    expect(result.flash.subarray(0, 2000)).toEqual(image);
  });

  it('skips not-main-flash blocks but counts them in the numbering', () => {
    const file = concat(
      encodeUf2Block({ target: FLASH_BASE, payload: payload(1), blockNo: 0, numBlocks: 2 }),
      encodeUf2Block({
        flags: UF2_FLAG_FAMILY_ID | UF2_FLAG_NOT_MAIN_FLASH,
        target: FLASH_BASE + 256,
        payload: payload(2),
        blockNo: 1,
        numBlocks: 2,
      }),
    );
    const result = parseUf2(file);
    expect(result.blocks).toBe(1);
    expect(result.skippedBlocks).toBe(1);
    expect(result.flash[256]).toBe(0xff);
  });

  it('loads the RP2040 part of a multi-family (RP2040 + RP2350) file', () => {
    const rp2040 = writeUf2(payload(0x40, 512));
    const rp2350 = writeUf2(payload(0x50, 512), { familyId: 0xe48bff59 });
    const result = parseUf2(concat(rp2350, rp2040));
    expect(result.blocks).toBe(2);
    expect(result.skippedBlocks).toBe(2);
    expect(result.flash[0]).toBe(0x40);
  });

  it('accepts an ArrayBuffer and a Uint8Array view with an offset', () => {
    const file = syntheticMicroPythonUf2();
    expect(parseUf2(file.slice().buffer).blocks).toBe(32);
    const padded = new Uint8Array(file.length + 3);
    padded.set(file, 3);
    expect(parseUf2(padded.subarray(3)).blocks).toBe(32);
  });
});

describe('parseUf2: every malformed case has its own code', () => {
  const good = () => syntheticMicroPythonUf2();

  it('empty file', () => expectCode(new Uint8Array(0), 'empty', /empty/));

  it('not a UF2: ELF, HTML, zip, random', () => {
    expectCode(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1, 0, 0, 0]), 'not-uf2', /ELF/);
    expectCode(new TextEncoder().encode('<!DOCTYPE html><html>Not found</html>'), 'not-uf2', /web page/);
    expectCode(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 0]), 'not-uf2', /zip/);
    expectCode(new Uint8Array(1024).fill(0x42), 'not-uf2', /not a UF2/);
  });

  it('truncated: says how many bytes are missing', () => {
    const file = good();
    expectCode(file.subarray(0, file.length - 100), 'truncated', /100 bytes short/);
    expectCode(file.subarray(0, 300), 'truncated', /212 bytes short/);
    expectCode(file.subarray(0, 4), 'truncated', /508 bytes short/);
  });

  it('bad magic in a later block (start or end)', () => {
    const a = good();
    a[512 * 3] ^= 0xff;
    expectCode(a, 'bad-magic', /block 3 .*start/);
    const b = good();
    b[512 * 5 + 509] ^= 0x01;
    expectCode(b, 'bad-magic', /block 5 .*end magic/);
  });

  it('payload larger than 476 bytes', () => {
    const f = encodeUf2Block({ target: FLASH_BASE, payload: payload(0), size: 477, blockNo: 0, numBlocks: 1 });
    expectCode(f, 'bad-payload', /477/);
  });

  it('RP2350 images of every RP2350 family say "Pico 2"', () => {
    for (const family of [0xe48bff57, 0xe48bff59, 0xe48bff5a, 0xe48bff5b]) {
      expectCode(
        writeUf2(payload(0, 1024), { familyId: family }),
        'rp2350',
        /this is a firmware for the RP2350 \/ Raspberry Pi Pico 2, not the Pico \(RP2040\)/i,
      );
    }
  });

  it('other families are named', () => {
    expectCode(writeUf2(payload(0), { familyId: 0x68ed2b88 }), 'wrong-family', /SAMD21/);
    expectCode(writeUf2(payload(0), { familyId: 0x12345678 }), 'wrong-family', /0x12345678/);
  });

  it('no family ID / file container', () => {
    expectCode(
      encodeUf2Block({ flags: 0, target: FLASH_BASE, payload: payload(0), blockNo: 0, numBlocks: 1 }),
      'no-family',
      /no family ID/,
    );
    expectCode(
      encodeUf2Block({ flags: 0x1000, target: 0, payload: payload(0), blockNo: 0, numBlocks: 1, familyId: 256 }),
      'no-family',
      /file container/,
    );
  });

  it('all blocks not-main-flash', () => {
    const f = encodeUf2Block({
      flags: UF2_FLAG_FAMILY_ID | UF2_FLAG_NOT_MAIN_FLASH,
      target: 0,
      payload: payload(0),
      blockNo: 0,
      numBlocks: 1,
    });
    expectCode(f, 'empty', /not main flash/);
  });

  it('missing blocks: lists which ones', () => {
    const file = good();
    expectCode(
      concat(file.subarray(0, 512 * 4), file.subarray(512 * 6)),
      'missing-blocks',
      /30 of its 32 blocks \(missing block 4, 5\)/,
    );
  });

  it('block number beyond the count', () => {
    const f = concat(
      encodeUf2Block({ target: FLASH_BASE, payload: payload(0), blockNo: 0, numBlocks: 2 }),
      encodeUf2Block({ target: FLASH_BASE + 256, payload: payload(0), blockNo: 2, numBlocks: 2 }),
    );
    expectCode(f, 'missing-blocks', /numbered 2 of only 2/);
  });

  it('duplicate block', () => {
    const file = good();
    expectCode(concat(file, file.subarray(512 * 7, 512 * 8)), 'duplicate-block', /block number 7 appears twice/);
  });

  it('inconsistent block count', () => {
    const f = concat(
      encodeUf2Block({ target: FLASH_BASE, payload: payload(0), blockNo: 0, numBlocks: 2 }),
      encodeUf2Block({ target: FLASH_BASE + 256, payload: payload(0), blockNo: 1, numBlocks: 3 }),
    );
    expectCode(f, 'inconsistent-count', /3 blocks/);
  });

  it('RAM-only image is refused as unsupported', () => {
    expectCode(writeUf2(payload(0, 1024), { base: 0x20000000 }), 'ram-image', /RAM-only images are not supported/);
  });

  it('addresses outside the 2 MB flash', () => {
    expectCode(writeUf2(payload(0, 512), { base: 0x10200000 }), 'out-of-range', /0x10200000/);
    expectCode(writeUf2(payload(0, 512), { base: 0x101fff00 }), 'out-of-range', /outside the Pico's 2 MB flash/);
    expectCode(writeUf2(payload(0, 512), { base: 0x00000000 }), 'out-of-range');
    expectCode(writeUf2(payload(0, 512), { base: 0xfffffff0 }), 'out-of-range');
  });

  it('the last 256 bytes of flash are in range', () => {
    expect(parseUf2(writeUf2(payload(9), { base: 0x101fff00 })).flash[FLASH_SIZE - 1]).toBe(9);
  });
});
