/**
 * Builds one of the project's own test firmwares (test/firmware-src/<name>/: C and assembly sources plus
 * link.ld) with Debian's arm-none-eabi-gcc into test/.build/<name>/, and returns the flash image.
 * Rebuilds only when a source is newer than the output. The first 256 bytes are boot2: its last word is
 * patched with the CRC-32 the RP2040 ROM checks before running it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32Mpeg2 } from '../../src/pico/rom/index.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const GCC = 'arm-none-eabi-gcc';
const OBJCOPY = 'arm-none-eabi-objcopy';

export class ToolchainMissingError extends Error {
  override name = 'ToolchainMissingError';
}

export interface BuiltFirmware {
  /** Flash contents from 0x10000000 (boot2 CRC patched). */
  image: Uint8Array;
  elfPath: string;
  binPath: string;
}

function requireTool(tool: string): void {
  try {
    execFileSync(tool, ['--version'], { stdio: 'ignore' });
  } catch {
    throw new ToolchainMissingError(
      `${tool} was not found on PATH. The ROM conformance test builds its own firmware with Debian's ARM ` +
        `toolchain: sudo apt-get install gcc-arm-none-eabi libnewlib-arm-none-eabi`,
    );
  }
}

export function buildArmFirmware(name: string): BuiltFirmware {
  const srcDir = join(ROOT, 'test/firmware-src', name);
  if (!existsSync(join(srcDir, 'link.ld'))) {
    throw new Error(`test firmware '${name}' not found: expected ${join(srcDir, 'link.ld')}`);
  }
  const outDir = join(ROOT, 'test/.build', name);
  const elfPath = join(outDir, `${name}.elf`);
  const binPath = join(outDir, `${name}.bin`);
  const sources = readdirSync(srcDir).filter((f) => /\.(c|S)$/.test(f));
  const newest = Math.max(...readdirSync(srcDir).map((f) => statSync(join(srcDir, f)).mtimeMs));

  if (!existsSync(binPath) || statSync(binPath).mtimeMs < newest) {
    requireTool(GCC);
    mkdirSync(outDir, { recursive: true });
    const flags = [
      '-mcpu=cortex-m0plus',
      '-mthumb',
      '-mfloat-abi=soft',
      '-O2',
      '-g',
      '-Wall',
      '-Wextra',
      '-Wno-unused-parameter',
      '-Wno-missing-field-initializers',
      '-ffunction-sections',
      '-fdata-sections',
      '-fno-delete-null-pointer-checks',
      '-fno-tree-loop-distribute-patterns', // our own memcpy/memset must not become calls to themselves
      '--param=min-pagesize=0', // the ROM lives at address 0: reading it is not a null dereference
      '-nostartfiles',
      '--specs=nano.specs',
      `-T${join(srcDir, 'link.ld')}`,
      '-Wl,--gc-sections',
      '-o',
      elfPath,
      ...sources.map((f) => join(srcDir, f)),
      '-lm',
      '-lc',
      '-lgcc',
    ];
    try {
      execFileSync(GCC, flags, { stdio: ['ignore', 'pipe', 'pipe'] });
      execFileSync(OBJCOPY, ['-O', 'binary', elfPath, binPath], { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
      throw new Error(`building test firmware '${name}' failed:\n${stderr}`, { cause: error });
    }
    const image = new Uint8Array(readFileSync(binPath));
    const crc = crc32Mpeg2(image.subarray(0, 252));
    new DataView(image.buffer, image.byteOffset).setUint32(252, crc, true);
    writeFileSync(binPath, image);
  }
  const image = new Uint8Array(readFileSync(binPath));
  return { image, elfPath, binPath };
}
