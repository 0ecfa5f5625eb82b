/** Shared between the in-process host, the worker and the board (structured-clone safe). */

/**
 * - booting: powered on, the firmware has not reached its idle REPL yet
 * - ready: the firmware sleeps waiting for input or a timer
 * - busy: the firmware has been computing for a while without sleeping
 * - paused: stopped by pause() (for a snapshot or on request)
 * - bootsel: machine.bootloader() was called; waiting for loadFirmware()
 * - error: the emulator stopped; the detail says why
 * - disposed: released
 */
export type HostStatus = 'booting' | 'ready' | 'busy' | 'paused' | 'bootsel' | 'error' | 'disposed';

export interface HostStats {
  /** Instructions executed since this power-on. */
  instructions: number;
  /** Virtual time since this power-on, in milliseconds. */
  emulatedMs: number;
  /** Wall time spent inside run slices since this power-on, in milliseconds. */
  runWallMs: number;
  /** Power-ons so far (1 after the first boot; +1 per reset/reboot). */
  powerOns: number;
}

/** A memory snapshot as plain regions (becomes a MemoryImage on the board side). */
export interface SnapshotRegions {
  regions: { name: string; base: number; bytes: Uint8Array }[];
}
