/** Host callbacks for the ROM paths that leave the firmware. */
export interface RomHooks {
  /** `reset_to_usb_boot` (UB), or a reset with no valid boot2 in flash: the board is now in BOOTSEL. */
  onBootsel?(): void;
  /**
   * The watchdog fired (MicroPython's machine.reset()). A host that can rebuild the RP2040 with the same
   * flash should do so here; without this hook the ROM restarts the core in place (peripherals keep state).
   */
  onReboot?(): void;
}
