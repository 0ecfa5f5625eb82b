import { Listeners } from '../util/listeners';
import type { HostStats, HostStatus, SnapshotRegions } from './host-types';
import { FLASH_BASE, PICO_FLASH_SIZE, SRAM_BASE, SRAM_SIZE } from './memory-map';
import { PicoMachine, type RomInstaller } from './pico-machine';
import { yieldNow } from './yield-now';

export interface PicoHostOptions {
  /** Initial flash from offset 0 (a parsed UF2's flash, or a saved 2 MiB image). */
  flash: Uint8Array;
  installRom?: RomInstaller;
  onWarning?: (message: string) => void;
  /** Wall time per run slice before yielding to the event loop (default 8 ms). */
  sliceMs?: number;
  /**
   * 'realtime' (default): while the firmware sleeps, virtual time does not run ahead of
   * wall time, so `time.sleep(1)` takes about a second and an idle REPL costs nothing.
   * 'fast': sleeping firmware jumps straight to its next timer (an idle board with a
   * periodic timer then keeps a CPU busy).
   */
  pacing?: 'realtime' | 'fast';
}

/** Cycles per RunLoop.run() call between wall-clock checks (~0.1 ms of emulation). */
const BATCH_CYCLES = 20_000;
/** Virtual time may lag wall time by at most this much: a sleep after computing is shortened by at most this. */
const MAX_LAG_NANOS = 10e6;
/** Shortest timer sleep, so a 1 kHz firmware tick does not wake the host 1000 times a second. */
const MIN_SLEEP_MS = 4;
/** Computing this long without sleeping turns the status from ready to busy. */
const BUSY_AFTER_MS = 30;

const now = () => performance.now();

/**
 * Runs a PicoMachine in slices on the current thread's event loop (Node, or
 * inside the Web Worker), and owns the machine's life: power cycles keep the
 * flash, machine.reset() reboots, machine.bootloader() waits for a new image.
 */
export class PicoHost {
  readonly data = new Listeners<[Uint8Array]>();
  readonly statusChanged = new Listeners<[HostStatus, string]>();

  private machine: PicoMachine;
  private statusValue: HostStatus = 'booting';
  private detailValue = '';
  private paused = false;
  private cancelScheduled: (() => void) | null = null;
  private sleepTimer: ReturnType<typeof setTimeout> | null = null;
  private anchorWall = 0;
  private anchorVirt = 0;
  private busySince = -1;
  private runWallMs = 0;
  private powerOns = 0;
  private out: Uint8Array[] = [];
  private readonly sliceMs: number;
  private readonly pacing: 'realtime' | 'fast';

  constructor(private readonly options: PicoHostOptions) {
    this.sliceMs = options.sliceMs ?? 8;
    this.pacing = options.pacing ?? 'realtime';
    this.machine = this.powerOn(options.flash);
  }

  get status(): HostStatus {
    return this.statusValue;
  }

  get statusDetail(): string {
    return this.detailValue;
  }

  /** Starts (or continues) running. */
  start(): void {
    if (this.statusValue === 'disposed' || this.statusValue === 'bootsel' || this.statusValue === 'error') return;
    this.paused = false;
    if (this.statusValue === 'paused') this.setStatus(this.machine.serial.connected ? 'ready' : 'booting');
    this.reanchor();
    this.scheduleNow();
  }

  /** Stops between two instructions; the machine state stays as it is until resume(). */
  pause(): void {
    if (this.statusValue === 'disposed' || this.statusValue === 'bootsel' || this.statusValue === 'error') return;
    this.paused = true;
    this.unschedule();
    this.setStatus('paused');
  }

  resume(): void {
    this.start();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** Host → firmware serial bytes (USB CDC OUT). */
  write(bytes: Uint8Array): void {
    if (this.statusValue === 'disposed' || bytes.length === 0) return;
    this.machine.serial.write(bytes);
    // Input is a reason to run now: cut any timer sleep short.
    this.raiseLimit();
    if (!this.paused && this.sleepTimer !== null) this.scheduleNow();
    else if (!this.paused && this.cancelScheduled === null && this.isRunnable()) this.scheduleNow();
  }

  /** Power cycle: RAM and peripherals are lost, flash (firmware + filesystem) is kept. */
  powerCycle(): void {
    if (this.statusValue === 'disposed') return;
    const flash = this.machine.readFlash();
    this.unschedule();
    this.machine = this.powerOn(flash);
    this.paused = false;
    this.setStatus('booting');
    this.start();
  }

  /**
   * Programs a new firmware like a UF2 copied onto the BOOTSEL drive: bytes [0, endOffset)
   * of `image` replace the flash there, the rest (the filesystem) stays. Then the board boots.
   */
  loadFirmware(image: Uint8Array, endOffset = image.length): void {
    if (this.statusValue === 'disposed') return;
    const flash = this.machine.readFlash();
    flash.set(image.subarray(0, Math.min(endOffset, PICO_FLASH_SIZE)));
    this.unschedule();
    this.machine = this.powerOn(flash);
    this.paused = false;
    this.setStatus('booting');
    this.start();
  }

  /** Replaces the whole flash (e.g. "erase flash": a clean firmware image) and boots. */
  replaceFlash(flash: Uint8Array): void {
    if (this.statusValue === 'disposed') return;
    this.unschedule();
    this.machine = this.powerOn(flash);
    this.paused = false;
    this.setStatus('booting');
    this.start();
  }

  /** Copy of the 2 MiB flash. */
  getFlash(): Uint8Array {
    return this.machine.readFlash();
  }

  /**
   * SRAM (0x20000000–0x20042000) and, on request, flash — copied between two
   * instructions, so the image is consistent even while a program runs.
   */
  snapshot(includeFlash = false): SnapshotRegions {
    const { rp2040 } = this.machine;
    const regions: SnapshotRegions['regions'] = [
      { name: 'sram', base: SRAM_BASE, bytes: rp2040.sram.slice(0, SRAM_SIZE) },
    ];
    if (includeFlash) regions.push({ name: 'flash', base: FLASH_BASE, bytes: this.machine.readFlash() });
    return { regions };
  }

  stats(): HostStats {
    return {
      instructions: this.machine.loop.instructions,
      emulatedMs: this.machine.loop.nanos / 1e6,
      runWallMs: this.runWallMs,
      powerOns: this.powerOns,
    };
  }

  /** The machine currently powered on (for tests and benchmarks). */
  get currentMachine(): PicoMachine {
    return this.machine;
  }

  dispose(): void {
    this.unschedule();
    this.setStatus('disposed');
  }

  private powerOn(flash: Uint8Array): PicoMachine {
    const machine = new PicoMachine({
      flash,
      installRom: this.options.installRom,
      onWarning: this.options.onWarning,
    });
    machine.serial.onData = (bytes) => this.out.push(bytes.slice());
    this.powerOns++;
    this.runWallMs = 0;
    this.busySince = -1;
    this.reanchor();
    return machine;
  }

  private isRunnable(): boolean {
    const s = this.statusValue;
    return !this.paused && s !== 'disposed' && s !== 'bootsel' && s !== 'error';
  }

  private setStatus(status: HostStatus, detail = ''): void {
    if (status === this.statusValue && detail === this.detailValue) return;
    this.statusValue = status;
    this.detailValue = detail;
    this.statusChanged.emit(status, detail);
  }

  /**
   * Pacing: virtual time may advance through sleeps up to `paceLimit(now)`, which
   * grows with wall time from an anchor. Sleeping firmware thus waits in real time.
   */
  private paceLimit(wall: number): number {
    if (this.pacing === 'fast') return Infinity;
    return this.anchorVirt + (wall - this.anchorWall) * 1e6;
  }

  /** Restarts pacing from the current virtual time (power-on, resume after a pause). */
  private reanchor(): void {
    this.anchorWall = now();
    this.anchorVirt = (this.machine ? this.machine.loop.nanos : 0) + MAX_LAG_NANOS;
  }

  /** Input arrived: let it be handled at once, without cutting short the progress of a running sleep. */
  private raiseLimit(): void {
    const wall = now();
    this.anchorVirt = Math.max(this.paceLimit(wall), this.machine.loop.nanos + MAX_LAG_NANOS);
    this.anchorWall = wall;
  }

  /**
   * Computing makes virtual time fall behind wall time (the emulator is slower than a
   * Pico); forget that debt beyond MAX_LAG so a later sleep still takes real time.
   */
  private capLag(wall: number): void {
    const nanos = this.machine.loop.nanos;
    if (this.paceLimit(wall) - nanos > MAX_LAG_NANOS) {
      this.anchorWall = wall;
      this.anchorVirt = nanos + MAX_LAG_NANOS;
    }
  }

  private unschedule(): void {
    this.cancelScheduled?.();
    this.cancelScheduled = null;
    if (this.sleepTimer !== null) clearTimeout(this.sleepTimer);
    this.sleepTimer = null;
  }

  private scheduleNow(): void {
    this.unschedule();
    if (!this.isRunnable()) return;
    this.cancelScheduled = yieldNow(() => {
      this.cancelScheduled = null;
      this.slice();
    });
  }

  private scheduleSleep(ms: number): void {
    this.unschedule();
    this.sleepTimer = setTimeout(() => {
      this.sleepTimer = null;
      this.slice();
    }, ms);
  }

  private slice(): void {
    if (!this.isRunnable()) return;
    const machine = this.machine;
    const start = now();
    let end;
    let wall = start;
    try {
      do {
        end = machine.loop.run(BATCH_CYCLES, this.paceLimit(wall));
        wall = now();
        if (end === 'budget') this.capLag(wall);
      } while (end === 'budget' && wall - start < this.sliceMs);
    } catch (error) {
      this.runWallMs += now() - start;
      this.flushOutput();
      this.setStatus('error', `The emulator stopped: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    this.runWallMs += wall - start;
    this.flushOutput();
    if (machine !== this.machine || !this.isRunnable()) return; // a listener reset or paused the board

    if (machine.exit === 'reboot') {
      this.machine = this.powerOn(machine.readFlash());
      this.setStatus('booting');
      this.scheduleNow();
      return;
    }
    if (machine.exit === 'bootsel') {
      this.setStatus('bootsel', 'BOOTSEL mode: load a .uf2 firmware to continue.');
      return;
    }

    if (end === 'waiting') {
      this.busySince = -1;
      if (machine.serial.connected) this.setStatus('ready');
      const next = machine.loop.nextAlarmNanos;
      if (next === undefined) return; // nothing due until input arrives (write() wakes us)
      const sleepMs = (next - this.paceLimit(wall)) / 1e6;
      this.scheduleSleep(Math.max(MIN_SLEEP_MS, sleepMs));
      return;
    }
    if (this.busySince < 0) this.busySince = start;
    else if (wall - this.busySince > BUSY_AFTER_MS && this.statusValue === 'ready') this.setStatus('busy');
    this.scheduleNow();
  }

  private flushOutput(): void {
    if (this.out.length === 0) return;
    const chunks = this.out;
    this.out = [];
    let bytes: Uint8Array;
    if (chunks.length === 1) bytes = chunks[0];
    else {
      bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
      let at = 0;
      for (const c of chunks) {
        bytes.set(c, at);
        at += c.length;
      }
    }
    this.data.emit(bytes);
  }
}
