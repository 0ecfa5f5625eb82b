/**
 * The project's RP2040 ROM: an independent implementation of the bootrom interface the pico-sdk uses
 * (header, lookup tables, bit/memory/flash helpers, soft float and double), served in TypeScript through
 * BKPT stubs. The genuine bootrom binary is never needed.
 *
 *   const mcu = new RP2040();
 *   installRom(mcu, { onBootsel, onReboot });   // after anything else that sets mcu.onBreak
 *   mcu.flash.set(image);                       // e.g. from a UF2
 *   bootFromRom(mcu);                           // NOT mcu.reset(): rp2040js's reset() erases flash
 */
import type { RP2040 } from 'rp2040js';
import { bootFromRom } from './boot.ts';
import type { RomHooks } from './hooks.ts';
import type { RomContext } from './rom-handler.ts';
import { RomError } from './rom-error.ts';
import { buildRomLayout, ROM_SIZE, type RomLayout } from './rom-image.ts';

export type { RomHooks } from './hooks.ts';
export { RomError } from './rom-error.ts';
export { bootFromRom, hasValidBoot2, crc32Mpeg2, BOOT2_SRAM_ADDRESS } from './boot.ts';
export { ROM_VERSION, ROM_SIZE, type RomLayout } from './rom-image.ts';

let cached: RomLayout | undefined;

/** The ROM layout (image, handlers, table addresses); built once, shared read-only. */
export function romLayout(): RomLayout {
  cached ??= buildRomLayout();
  return cached;
}

/** The ROM contents, to pass to rp2040.loadBootrom() (a fresh copy each call). */
export function buildRomImage(): Uint32Array {
  return romLayout().image.slice();
}

const WATCHDOG_PERIPHERAL = 0x40058;

/**
 * Loads the ROM into `rp2040.bootrom` (without rp2040js's reset, which would erase flash), installs
 * the BKPT handler — chaining the previous `onBreak` for BKPTs outside the ROM and for BKPT #0 — hooks the
 * watchdog reboot, and points the core at the ROM's reset vector. Call after constructing Simulator/GDB
 * pieces that set onBreak.
 */
export function installRom(rp2040: RP2040, hooks: RomHooks = {}): void {
  const layout = romLayout();
  rp2040.bootrom.set(layout.image);
  const ctx: RomContext = { mcu: rp2040, hooks, parkAddress: layout.parkAddress };
  const { handlers, stubAddress, names } = layout;
  const registers = rp2040.core.registers;
  const previous = rp2040.onBreak;

  rp2040.onBreak = (code: number) => {
    const at = (registers[15] - 2) >>> 0;
    if (at < ROM_SIZE) {
      const handler = handlers[code];
      if (handler && stubAddress[code] === at) {
        handler(registers, ctx);
        return;
      }
      if (code !== 0) {
        throw new RomError(
          `Project ROM: BKPT #${code} at 0x${at.toString(16).padStart(4, '0')} is not a ROM entry point` +
            (names[code] ? ` (#${code} belongs to ${names[code]} at 0x${stubAddress[code].toString(16)})` : ''),
        );
      }
    }
    previous.call(rp2040, code);
  };

  const watchdog = rp2040.peripherals[WATCHDOG_PERIPHERAL] as unknown as { onWatchdogTrigger?: () => void };
  watchdog.onWatchdogTrigger = () => {
    if (hooks.onReboot) hooks.onReboot();
    else bootFromRom(rp2040);
  };

  bootFromRom(rp2040);
}
