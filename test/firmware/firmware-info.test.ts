import { describe, expect, it } from 'vitest';
import { describeFirmware, detectFirmwareInfo, firmwareWarning } from '../../src/firmware/firmware-info';
import { parseUf2 } from '../../src/firmware/uf2';
import { writeUf2 } from '../../src/firmware/uf2-writer';
import { syntheticImage, syntheticMicroPythonUf2 } from './synthetic';

describe('firmware identification from banner strings', () => {
  it('finds MicroPython version, build date, board and chip in a parsed UF2', () => {
    const { info } = parseUf2(syntheticMicroPythonUf2());
    expect(info).toEqual({
      kind: 'micropython',
      version: 'v1.28.0',
      buildDate: '2026-04-06',
      board: 'Raspberry Pi Pico',
      mcu: 'RP2040',
    });
    expect(describeFirmware(info)).toBe('MicroPython v1.28.0 (2026-04-06) on Raspberry Pi Pico with RP2040');
    expect(firmwareWarning(info, 'v1.28')).toBeUndefined();
  });

  it('reads preview versions and separately stored machine strings', () => {
    const info = detectFirmwareInfo(
      syntheticImage(['MicroPython v1.29.0-preview.12.gabcdef123 on 2026-05-01', 'Raspberry Pi Pico W with RP2040']),
    );
    expect(info.version).toBe('v1.29.0-preview.12.gabcdef123');
    expect(info.board).toBe('Raspberry Pi Pico W');
    expect(firmwareWarning(info, 'v1.28')).toMatch(/MicroPython v1\.29\.0-preview.*tested with v1\.28/);
  });

  it('recognises CircuitPython and warns that only MicroPython heaps are decoded', () => {
    const image = syntheticImage([
      'Adafruit CircuitPython 9.2.1 on 2024-11-20; Raspberry Pi Pico with rp2040',
      'MicroPython v1.21.0', // CircuitPython images mention MicroPython too
    ]);
    const info = parseUf2(writeUf2(image)).info;
    expect(info.kind).toBe('circuitpython');
    expect(info.version).toBe('9.2.1');
    expect(info.mcu).toBe('RP2040');
    expect(firmwareWarning(info)).toBe('This is CircuitPython: it boots, but the lab decodes MicroPython heaps only.');
  });

  it('reports unknown firmware when there is no banner', () => {
    const info = detectFirmwareInfo(syntheticImage(['Hello from a C program', 'version 3']));
    expect(info).toEqual({ kind: 'unknown' });
    expect(firmwareWarning(info)).toMatch(/No MicroPython banner/);
  });

  it('ignores a banner split by a non-printable byte', () => {
    const image = syntheticImage(['MicroPython v1.28.0 on 2026-04-06']);
    const at = image.indexOf(0x76, 1024); // the "v"
    image[at] = 0x01;
    expect(detectFirmwareInfo(image).kind).toBe('unknown');
  });
});
