import { RP2040, type RPWatchdogLike } from './rp2040-internals';
import { FLASH_BASE, PICO_FLASH_SIZE, SRAM_END } from './memory-map';
import { standInForCore1 } from './core1-stand-in';
import { sramFirst } from './fast-memory';
import { ReportingLogger } from './reporting-logger';
import { RunLoop } from './run-loop';
import { UsbSerial } from './usb-serial';

/** What the ROM asks the host to do (machine.reset(), machine.bootloader()). */
export interface RomHooks {
  onBootsel(): void;
  onReboot: () => void;
}

/** A ROM for a fresh RP2040 (the project's ROM: src/pico/rom, wired in default-rom.ts). */
export interface RomInstaller {
  /** Loads the ROM and serves its calls; must not touch flash. */
  install(rp2040: RP2040, hooks: RomHooks): void;
  /** Starts the core at the ROM's reset path (once flash is loaded). */
  boot(rp2040: RP2040): void;
}

export interface PicoMachineOptions {
  /** Flash contents from offset 0 (at most 2 MiB; the rest reads as erased). */
  flash: Uint8Array;
  /** Without a ROM only images that never call into the ROM can run. */
  installRom?: RomInstaller;
  /** Emulator warnings (once per kind), for a log or the console. */
  onWarning?: (message: string) => void;
}

/** Why a machine wants to end: the host replaces it with a fresh one or waits for a new .uf2. */
export type MachineExit = 'reboot' | 'bootsel';

/**
 * One power-on of a Raspberry Pi Pico: an rp2040js RP2040 with the project
 * ROM, the given flash, the USB serial port and the fast run loop. A reboot
 * builds a new PicoMachine from this one's flash, which is simpler and more
 * faithful than resetting every rp2040js peripheral by hand.
 */
export class PicoMachine {
  readonly rp2040: RP2040;
  readonly serial: UsbSerial;
  readonly loop: RunLoop;
  /** Set when the firmware asked for a reboot or BOOTSEL; the loop has been stopped. */
  exit: MachineExit | null = null;

  constructor(options: PicoMachineOptions) {
    const report = options.onWarning ?? (() => {});
    const rp2040 = new RP2040();
    this.rp2040 = rp2040;
    rp2040.logger = new ReportingLogger(report);
    standInForCore1(rp2040, report);
    sramFirst(rp2040);
    this.loop = new RunLoop(rp2040);
    const hooks: RomHooks = {
      onBootsel: () => this.requestExit('bootsel'),
      onReboot: () => this.requestExit('reboot'),
    };
    // machine.reset() ends in a watchdog reboot; rp2040js only logs it unless told what to do.
    (rp2040.peripherals[0x40058] as unknown as RPWatchdogLike).onWatchdogTrigger = hooks.onReboot;
    // The ROM goes in first: rp2040js's loadBootrom() resets the chip, which erases flash.
    options.installRom?.install(rp2040, hooks);
    this.serial = new UsbSerial(rp2040);
    if (options.flash.length > PICO_FLASH_SIZE) {
      throw new RangeError(`flash image is ${options.flash.length} bytes; the Pico has ${PICO_FLASH_SIZE}`);
    }
    rp2040.flash.set(options.flash);
    if (options.installRom) options.installRom.boot(rp2040);
    else this.bootWithoutRom();
  }

  /** Copy of the 2 MiB flash (firmware + filesystem). */
  readFlash(): Uint8Array {
    return this.rp2040.flash.slice(0, PICO_FLASH_SIZE);
  }

  private requestExit(exit: MachineExit): void {
    if (this.exit === null) this.exit = exit;
    this.loop.requestStop();
  }

  /** No ROM: enter boot2 at the start of flash directly, with the stack at the top of SRAM. */
  private bootWithoutRom(): void {
    this.rp2040.core.SP = SRAM_END;
    this.rp2040.core.PC = FLASH_BASE;
  }
}
