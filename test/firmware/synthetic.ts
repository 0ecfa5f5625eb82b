import { writeUf2, type WriteUf2Options } from '../../src/firmware/uf2-writer';

/** Deterministic PRNG so fuzz failures can be replayed from the seed. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x100000000;
  };
}

const ascii = (s: string) => new Uint8Array([...s].map((c) => c.charCodeAt(0)));

/**
 * A fake firmware image: random "code" bytes with NUL-terminated banner
 * strings placed like C literals in .rodata.
 */
export function syntheticImage(strings: string[], size = 8192, seed = 1): Uint8Array {
  const next = rng(seed);
  const image = new Uint8Array(size);
  for (let i = 0; i < size; i++) image[i] = Math.floor(next() * 256);
  let at = 1024;
  for (const s of strings) {
    image[at - 1] = 0;
    image.set(ascii(s), at);
    image[at + s.length] = 0;
    at += s.length + 64;
  }
  return image;
}

export const MICROPYTHON_STRINGS = [
  '3.4.0; MicroPython v1.28.0 on 2026-04-06',
  '; Raspberry Pi Pico with RP2040',
  'MicroPython v1.28.0 on 2026-04-06',
];

export function syntheticMicroPythonUf2(options: WriteUf2Options = {}, size = 8192): Uint8Array {
  return writeUf2(syntheticImage(MICROPYTHON_STRINGS, size), options);
}
