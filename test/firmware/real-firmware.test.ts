import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { checkOfficialFirmware } from '../../src/firmware/check-official';
import { describeFirmware } from '../../src/firmware/firmware-info';
import { firmwareManifest } from '../../src/firmware/manifest';
import { parseUf2 } from '../../src/firmware/uf2';

// The official firmware is never in the repository: PICO_FIRMWARE names a copy.
const firmwarePath = process.env.PICO_FIRMWARE ?? '';
if (!firmwarePath) console.warn('[firmware] real-firmware UF2 test skipped: set PICO_FIRMWARE=path/to/RPI_PICO.uf2');

describe.skipIf(!firmwarePath)(`real MicroPython firmware (${firmwarePath || 'not available'})`, () => {
  it('parses, and the banner gives MicroPython, its version and the Raspberry Pi Pico with RP2040', () => {
    const image = parseUf2(readFileSync(firmwarePath));
    console.info(
      `[firmware] ${describeFirmware(image.info)}; ${image.blocks} blocks, ${image.endOffset} bytes of flash`,
    );
    expect(image.info.kind).toBe('micropython');
    expect(image.info.version).toMatch(/^v1\.\d+\.\d+/);
    expect(image.info.board).toMatch(/^Raspberry Pi Pico/);
    expect(image.info.mcu).toBe('RP2040');
    expect(image.flash[0x100]).not.toBe(0xff); // boot2 ends at 0x100; the vector table follows it
    expect(() => checkOfficialFirmware(image, firmwareManifest)).not.toThrow();
  });
});
