/**
 * Builds the project's own usb-repl test firmware (test/firmware-src/usb-repl) with Debian's
 * arm-none-eabi-gcc into test/.build/usb-repl/<source hash>/, reusing an earlier build of the same
 * sources. The result boots on rp2040js and speaks MicroPython's REPL protocol over USB CDC.
 */
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { writeUf2 } from '../../src/firmware/uf2-writer';

const run = promisify(execFile);

const here = dirname(fileURLToPath(import.meta.url));
export const USB_REPL_SOURCE_DIR = resolve(here, '../firmware-src/usb-repl');
const BUILD_ROOT = resolve(here, '../.build/usb-repl');

const CC = 'arm-none-eabi-gcc';
const OBJCOPY = 'arm-none-eabi-objcopy';
const CFLAGS = [
  '-mcpu=cortex-m0plus',
  '-mthumb',
  '-Os',
  '-g',
  '-std=c11',
  '-Wall',
  '-Wextra',
  '-Werror',
  '-ffreestanding',
  '-fno-builtin',
  '-ffunction-sections',
  '-nostdlib',
  '-nostartfiles',
  '-Wl,--gc-sections',
];
const SOURCES = [
  'boot2.S',
  'startup.c',
  'usb_cdc.c',
  'usb_descriptors.c',
  'console.c',
  'crc32.c',
  'program.c',
  'repl.c',
  'main.c',
];
const BOOT2_SIZE = 256;

export interface UsbReplFirmware {
  /** UF2 file (RP2040 family, flash at 0x10000000). */
  uf2: Uint8Array;
  /** Raw flash image starting at 0x10000000 (boot2 with a valid CRC, then the vector table at 0x100). */
  bin: Uint8Array;
  /** Path of the .uf2 file; the .bin and .elf sit next to it. */
  path: string;
}

/** CRC-32/MPEG-2 (polynomial 0x04C11DB7, not reflected, init 0xFFFFFFFF): the boot ROM's boot2 check. */
export function boot2Crc(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte << 24;
    for (let k = 0; k < 8; k++) crc = crc & 0x80000000 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
  }
  return crc >>> 0;
}

async function sourceHash(): Promise<string> {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ CFLAGS, SOURCES }));
  // Everything but documentation: editing the README must not force a rebuild.
  for (const name of (await readdir(USB_REPL_SOURCE_DIR)).filter((n) => !n.endsWith('.md')).sort()) {
    hash.update(name);
    hash.update(await readFile(join(USB_REPL_SOURCE_DIR, name)));
  }
  return hash.digest('hex').slice(0, 16);
}

async function compilerAvailable(): Promise<boolean> {
  try {
    await run(CC, ['--version']);
    return true;
  } catch {
    return false;
  }
}

let pending: Promise<UsbReplFirmware> | undefined;

/** Builds (or reuses) the usb-repl firmware. Throws a clear error when the ARM compiler is missing. */
export function buildUsbReplFirmware(): Promise<UsbReplFirmware> {
  pending ??= build().finally(() => {
    pending = undefined;
  });
  return pending;
}

async function build(): Promise<UsbReplFirmware> {
  const outDir = join(BUILD_ROOT, await sourceHash());
  const uf2Path = join(outDir, 'usb-repl.uf2');
  const binPath = join(outDir, 'usb-repl.bin');
  if (existsSync(uf2Path) && existsSync(binPath)) {
    return {
      uf2: new Uint8Array(await readFile(uf2Path)),
      bin: new Uint8Array(await readFile(binPath)),
      path: uf2Path,
    };
  }
  if (!(await compilerAvailable())) {
    throw new Error(
      `${CC} not found on PATH: the usb-repl test firmware cannot be built. ` +
        'On Debian/Ubuntu: apt-get install -y gcc-arm-none-eabi libnewlib-arm-none-eabi',
    );
  }

  // Build in a private directory and rename it into place, so concurrent test files never see half a build.
  const tmpDir = `${outDir}.tmp-${process.pid}-${Date.now()}`;
  await mkdir(tmpDir, { recursive: true });
  try {
    const elf = join(tmpDir, 'usb-repl.elf');
    try {
      await run(
        CC,
        [...CFLAGS, '-T', 'memmap.ld', `-Wl,-Map=${join(tmpDir, 'usb-repl.map')}`, '-o', elf, ...SOURCES, '-lgcc'],
        { cwd: USB_REPL_SOURCE_DIR },
      );
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr ?? String(error);
      throw new Error(`compiling the usb-repl test firmware failed:\n${stderr}`, { cause: error });
    }
    const rawPath = join(tmpDir, 'usb-repl.raw.bin');
    await run(OBJCOPY, ['-O', 'binary', elf, rawPath]);
    const bin = new Uint8Array(await readFile(rawPath));
    await rm(rawPath);
    if (bin.length < BOOT2_SIZE + 8) throw new Error(`usb-repl image is implausibly small (${bin.length} bytes)`);
    new DataView(bin.buffer, bin.byteOffset).setUint32(BOOT2_SIZE - 4, boot2Crc(bin.subarray(0, BOOT2_SIZE - 4)), true);
    const uf2 = writeUf2(bin);
    await writeFile(join(tmpDir, 'usb-repl.bin'), bin);
    await writeFile(join(tmpDir, 'usb-repl.uf2'), uf2);
    await mkdir(BUILD_ROOT, { recursive: true });
    try {
      await rename(tmpDir, outDir);
    } catch {
      // Another process finished the same build first; its output is identical.
      await rm(tmpDir, { recursive: true, force: true });
    }
    return { uf2, bin, path: uf2Path };
  } catch (error) {
    await rm(tmpDir, { recursive: true, force: true });
    throw error;
  }
}
