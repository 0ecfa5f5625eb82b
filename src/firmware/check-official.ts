import { describeFirmware, firmwareWarning } from './firmware-info';
import type { FirmwareManifest } from './manifest';
import type { Uf2Image } from './uf2';

/** Why a structurally valid UF2 is still not the firmware the manifest asks for. */
export class FirmwareMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FirmwareMismatchError';
  }
}

/**
 * Checks a parsed download against the manifest (no checksum is knowable
 * offline, so the banner is the identity): it must be MicroPython for the
 * RP2040; another version only earns a warning (the "latest" fallback).
 */
export function checkOfficialFirmware(image: Uf2Image, manifest: FirmwareManifest): { warnings: string[] } {
  const { info } = image;
  if (info.kind !== 'micropython') {
    throw new FirmwareMismatchError(
      `expected MicroPython ${manifest.version} for the ${manifest.boardName}, ` +
        `but the file is ${describeFirmware(info)}`,
    );
  }
  if (info.mcu && info.mcu !== manifest.mcu) {
    throw new FirmwareMismatchError(`expected a firmware for ${manifest.mcu}, but the file says ${info.mcu}`);
  }
  const warnings: string[] = [];
  const warning = firmwareWarning(info, manifest.versionPrefix);
  if (warning) warnings.push(warning);
  if (!info.board) warnings.push('the board name was not found in the firmware banner');
  else if (info.board !== manifest.boardName) warnings.push(`the banner names the board "${info.board}"`);
  return { warnings };
}
