/** Every way a .uf2 file can be unusable for the virtual Pico, one code each. */
export type Uf2ErrorCode =
  | 'empty' // zero bytes, or no block that writes main flash
  | 'not-uf2' // does not start with a UF2 block (ELF, .bin, HTML page, zip…)
  | 'truncated' // length is not a whole number of 512-byte blocks
  | 'bad-magic' // a later block lost its start or end magic (corrupt file)
  | 'bad-payload' // payload size larger than the 476 bytes a block can hold
  | 'no-family' // flash block without a family ID (the RP2040 bootrom ignores those)
  | 'wrong-family' // built for another chip (SAMD, nRF, ESP32, …)
  | 'rp2350' // built for the RP2350 / Pico 2
  | 'missing-blocks' // block numbering has holes
  | 'duplicate-block' // the same block number twice
  | 'inconsistent-count' // blocks disagree about the total number of blocks
  | 'ram-image' // targets SRAM: a RAM-only image, not supported
  | 'out-of-range'; // writes outside the 2 MB flash

/** The UF2 parser's only error type: `code` for programs, `message` for people. */
export class Uf2Error extends Error {
  readonly code: Uf2ErrorCode;

  constructor(code: Uf2ErrorCode, message: string) {
    super(message);
    this.name = 'Uf2Error';
    this.code = code;
  }
}
