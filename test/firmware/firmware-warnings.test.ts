// The firmware checks that name what is wrong with a file that is not the official
// RPI_PICO MicroPython: a UF2 for another chip family (refused by the parser, the Virtual
// Pico and the CLI), a banner naming another MCU (refused by checkOfficialFirmware, warned
// about by firmwareWarning), and a banner naming another board (a warning from
// checkOfficialFirmware). `npm run firmware` (scripts/fetch-firmware.ts) is run against a
// local server for the two banner cases, as a user would meet them. Synthetic UF2s only.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkOfficialFirmware, FirmwareMismatchError } from '../../src/firmware/check-official';
import { RP2350_FAMILY_IDS } from '../../src/firmware/families';
import { firmwareWarning } from '../../src/firmware/firmware-info';
import { firmwareManifest } from '../../src/firmware/manifest';
import { parseUf2, Uf2Error } from '../../src/firmware/uf2';
import { writeUf2 } from '../../src/firmware/uf2-writer';
import { VirtualPicoBoard } from '../../src/board/virtual-pico/virtual-pico-board';
import { syntheticImage } from './synthetic';

const root = fileURLToPath(new URL('../../', import.meta.url));
const BIN = path.join(root, 'bin/pico-heap-lab.mjs');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const script = path.join(root, 'scripts/fetch-firmware.ts');

function run(
  command: string,
  args: string[],
  env: Record<string, string | undefined>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A MicroPython-looking UF2 (RP2040 family) whose banner names `machine` ("Board with MCU"). */
function micropythonFor(machine: string | undefined, version = 'v1.28.0'): Uint8Array {
  const strings = [`MicroPython ${version} on 2026-04-06`];
  if (machine) strings.push(`; ${machine}`);
  return writeUf2(syntheticImage(strings));
}

function uf2Error(bytes: Uint8Array): Uf2Error {
  try {
    parseUf2(bytes);
  } catch (error) {
    if (error instanceof Uf2Error) return error;
    throw error;
  }
  throw new Error('parseUf2 accepted the file');
}

const PICO2_MESSAGE =
  'This is a firmware for the RP2350 / Raspberry Pi Pico 2, not the Pico (RP2040). ' +
  'Download the RPI_PICO build instead.';

describe('a UF2 for another chip family is refused with its name', () => {
  it('every RP2350 family ID: the Pico 2 message', () => {
    expect(RP2350_FAMILY_IDS.size).toBe(5);
    for (const familyId of RP2350_FAMILY_IDS.keys()) {
      const error = uf2Error(writeUf2(syntheticImage(['MicroPython v1.28.0 on 2026-04-06']), { familyId }));
      expect(error.code, familyId.toString(16)).toBe('rp2350');
      expect(error.message).toBe(PICO2_MESSAGE);
    }
  });

  it('another known family is named, an unknown one shown as hex, next to the RP2040 family', () => {
    const samd = uf2Error(writeUf2(syntheticImage([]), { familyId: 0x68ed2b88 }));
    expect(samd.code).toBe('wrong-family');
    expect(samd.message).toBe(
      'This UF2 is for another chip (family 0x68ed2b88 (Microchip SAMD21)), ' +
        'not the Raspberry Pi Pico (RP2040, family 0xe48bff56 (RP2040)).',
    );
    const esp = uf2Error(writeUf2(syntheticImage([]), { familyId: 0xc47e5767 }));
    expect(esp.message).toContain('(ESP32-S3)');
    const unknown = uf2Error(writeUf2(syntheticImage([]), { familyId: 0x0badf00d }));
    expect(unknown.code).toBe('wrong-family');
    expect(unknown.message).toContain('family 0x0badf00d)');
  });

  const refusesRp2350Title =
    'the Virtual Pico refuses an RP2350 UF2 before booting: connect() rejects, status error with the message';
  it(refusesRp2350Title, async () => {
    const board = new VirtualPicoBoard({
      firmware: writeUf2(syntheticImage(['MicroPython v1.28.0 on 2026-04-06']), { familyId: 0xe48bff59 }),
      hosting: 'inline',
    });
    try {
      await expect(board.connect()).rejects.toThrow(Uf2Error);
      expect(board.status).toBe('error');
      expect(board.statusDetail).toBe(PICO2_MESSAGE);
    } finally {
      await board.dispose();
    }
  });

  it('the CLI: exit 2 and one line naming the file and the reason', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'phl-fw-warn-'));
    try {
      const uf2 = path.join(dir, 'pico2.uf2');
      await writeFile(uf2, writeUf2(syntheticImage(['MicroPython v1.28.0']), { familyId: 0xe48bff5a }));
      await writeFile(path.join(dir, 'p.py'), 'print(1)\n');
      const r = await run(process.execPath, [BIN, 'run', '--firmware', uf2, path.join(dir, 'p.py')], {
        PICO_FIRMWARE: undefined,
      });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`pico-heap-lab: bad firmware ${uf2}: ${PICO2_MESSAGE}\n`);
    } finally {
      await rm(dir, { recursive: true });
    }
  });
});

describe('a MicroPython banner naming another MCU', () => {
  it('RP2350 in the banner of an RP2040-family file: parsed, warned about, refused as the official firmware', () => {
    const image = parseUf2(micropythonFor('Raspberry Pi Pico 2 with RP2350'));
    expect(image.info).toMatchObject({ kind: 'micropython', board: 'Raspberry Pi Pico 2', mcu: 'RP2350' });
    expect(firmwareWarning(image.info, firmwareManifest.versionPrefix)).toBe(
      'This firmware says it is for Raspberry Pi Pico 2 with RP2350, not the Raspberry Pi Pico (RP2040).',
    );
    expect(() => checkOfficialFirmware(image, firmwareManifest)).toThrow(
      new FirmwareMismatchError('expected a firmware for RP2040, but the file says RP2350'),
    );
  });

  it('the chip name is matched without regard to case and keeps its A/B suffix', () => {
    const image = parseUf2(micropythonFor('Pimoroni Pico Plus 2 with rp2350b'));
    expect(image.info.mcu).toBe('RP2350B');
    expect(firmwareWarning(image.info)).toBe(
      'This firmware says it is for Pimoroni Pico Plus 2 with RP2350B, not the Raspberry Pi Pico (RP2040).',
    );
    expect(() => checkOfficialFirmware(image, firmwareManifest)).toThrow(
      'expected a firmware for RP2040, but the file says RP2350B',
    );
  });

  it('the MCU warning comes before the version note (one warning, the more serious)', () => {
    const image = parseUf2(micropythonFor('Raspberry Pi Pico 2 with RP2350', 'v1.22.0'));
    expect(firmwareWarning(image.info, 'v1.28')).toMatch(/^This firmware says it is for .* with RP2350/);
  });
});

describe('a MicroPython banner naming another board (RP2040)', () => {
  it('a non-Pico RP2040 board: checkOfficialFirmware warns with the board name; it is no error', () => {
    const image = parseUf2(micropythonFor('Arduino Nano RP2040 Connect with RP2040'));
    expect(image.info).toMatchObject({ board: 'Arduino Nano RP2040 Connect', mcu: 'RP2040' });
    expect(checkOfficialFirmware(image, firmwareManifest)).toEqual({
      warnings: ['the banner names the board "Arduino Nano RP2040 Connect"'],
    });
  });

  it('the official Pico banner: no warning at all', () => {
    const image = parseUf2(micropythonFor('Raspberry Pi Pico with RP2040'));
    expect(checkOfficialFirmware(image, firmwareManifest)).toEqual({ warnings: [] });
    expect(firmwareWarning(image.info, firmwareManifest.versionPrefix)).toBeUndefined();
  });

  it('no board string in the banner: a warning saying so', () => {
    const image = parseUf2(micropythonFor(undefined));
    expect(image.info.board).toBeUndefined();
    expect(checkOfficialFirmware(image, firmwareManifest)).toEqual({
      warnings: ['the board name was not found in the firmware banner'],
    });
  });

  it('another board and another version: both warnings, version first', () => {
    const image = parseUf2(micropythonFor('Seeed XIAO RP2040 with RP2040', 'v1.29.0'));
    expect(checkOfficialFirmware(image, firmwareManifest).warnings).toEqual([
      'This is MicroPython v1.29.0; the lab is tested with v1.28.x, so the heap view may be wrong.',
      'the banner names the board "Seeed XIAO RP2040"',
    ]);
  });

  // The Pico W build (RPI_PICO_W, another board with a CYW43 radio) starts with the same words.
  it('a Pico W banner is another board too: it earns the board warning', () => {
    const image = parseUf2(micropythonFor('Raspberry Pi Pico W with RP2040'));
    expect(image.info.board).toBe('Raspberry Pi Pico W');
    expect(checkOfficialFirmware(image, firmwareManifest).warnings).toEqual([
      'the banner names the board "Raspberry Pi Pico W"',
    ]);
  });
});

describe('npm run firmware meets these files', () => {
  let server: http.Server;
  let base = '';
  let body: Uint8Array = new Uint8Array();

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === `/fw/${firmwareManifest.file}`) res.writeHead(200, { 'content-length': body.length }).end(body);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fw/`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('an RP2350 banner: exit 1, one line with the mismatch, nothing stored', async () => {
    body = micropythonFor('Raspberry Pi Pico 2 with RP2350');
    const cache = await mkdtemp(path.join(os.tmpdir(), 'phl-fw-warn-cache-'));
    try {
      const r = await run(tsx, [script], { FIRMWARE_BASE_URL: base, FIRMWARE_CACHE_DIR: cache });
      expect(r.code).toBe(1);
      const lines = r.stderr.split('\n').filter((l) => l.startsWith('npm run firmware:'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(
        'the downloaded file is not usable: expected a firmware for RP2040, but the file says RP2350',
      );
      expect(await readdir(cache)).toEqual([]);
    } finally {
      await rm(cache, { recursive: true });
    }
  });

  it('another RP2040 board: stored (exit 0) with the board warning on stderr', async () => {
    body = micropythonFor('Arduino Nano RP2040 Connect with RP2040');
    const cache = await mkdtemp(path.join(os.tmpdir(), 'phl-fw-warn-cache-'));
    try {
      const r = await run(tsx, [script], { FIRMWARE_BASE_URL: base, FIRMWARE_CACHE_DIR: cache });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain('warning: the banner names the board "Arduino Nano RP2040 Connect"\n');
      expect(r.stdout).toContain('on Arduino Nano RP2040 Connect with RP2040');
      expect((await readdir(cache)).sort()).toEqual([firmwareManifest.file, 'firmware.json'].sort());
    } finally {
      await rm(cache, { recursive: true });
    }
  });
});
