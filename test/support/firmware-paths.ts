/**
 * Where the tests find the official MicroPython firmware (never inside this repository):
 * PICO_FIRMWARE for the current release, and PICO_FIRMWARE_OLDER for an older one a real Pico
 * may still run (default: an RPI_PICO-v1.22.* .uf2 beside PICO_FIRMWARE). Tests that need one
 * skip with a notice when it is missing.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The current official firmware (.uf2), or undefined. */
export function officialFirmwarePath(): string | undefined {
  const path = process.env.PICO_FIRMWARE;
  return path && existsSync(path) ? path : undefined;
}

/** An older official release (v1.22: its USB serial drops the boot banner instead of holding it), or undefined. */
export function olderFirmwarePath(): string | undefined {
  const explicit = process.env.PICO_FIRMWARE_OLDER;
  if (explicit) return existsSync(explicit) ? explicit : undefined;
  const current = officialFirmwarePath();
  if (!current) return undefined;
  const folder = dirname(current);
  const name = readdirSync(folder).find((f) => /^RPI_PICO-v1\.22\.\d+\.uf2$/.test(f));
  return name ? join(folder, name) : undefined;
}
