import { BOARD_WORDS } from '../board-words';
import type { BoardInfo, BoardStatus, MemoryOptions } from '../board';
import { BoardBase } from '../board-base';
import { Listeners } from '../../util/listeners';
import { parseUf2, type Uf2Image } from '../../firmware/uf2';
import { detectFirmwareInfo, type FirmwareInfo } from '../../firmware/firmware-info';
import { MemoryImage } from '../../memory/memory-image';
import type { HostStats, HostStatus } from '../../pico/host-types';
import { PICO_FLASH_SIZE } from '../../pico/memory-map';
import type { PicoBackend } from '../../pico/pico-backend';

export interface VirtualPicoOptions {
  /** A .uf2 firmware file (validated; a bad file rejects connect() with a Uf2Error). */
  firmware?: Uint8Array;
  /** A saved flash image (from getFlash()): firmware and filesystem as they were. Wins over `firmware`. */
  flash?: Uint8Array;
  /** Where the emulator runs; default 'worker' in a browser page, 'inline' elsewhere. */
  hosting?: 'inline' | 'worker';
  /** A ready-made backend (tests, benchmarks). */
  backend?: PicoBackend;
  /** connect()/reset() give up after this long (default 30 s). */
  readyTimeoutMs?: number;
  /** Emulator warnings (once per kind). */
  onWarning?: (message: string) => void;
}

export const VIRTUAL_PICO_INFO: BoardInfo = {
  kind: 'virtual-pico',
  label: BOARD_WORDS['virtual-pico'].label,
  description: BOARD_WORDS['virtual-pico'].description,
};

function toBoardStatus(status: HostStatus, previous: BoardStatus): BoardStatus {
  switch (status) {
    case 'booting':
      return 'connecting';
    case 'ready':
    case 'busy':
    case 'bootsel':
    case 'error':
      return status;
    case 'paused':
      return previous; // a pause for a snapshot is not a state the toolbar shows
    case 'disposed':
      return 'disconnected';
  }
}

/**
 * The Virtual Pico behind the Board interface. The emulator runs in a Web Worker
 * in the browser and in-process in Node; serial bytes, status and memory
 * snapshots cross over as batched messages either way.
 */
export class VirtualPicoBoard extends BoardBase {
  readonly info = VIRTUAL_PICO_INFO;
  private hostStatus: HostStatus = 'disposed';
  private readonly hostListeners = new Listeners<[HostStatus, string]>();
  private backendValue: PicoBackend | null = null;
  private backendPromise: Promise<PicoBackend> | null = null;
  private firmwareImage: Uf2Image | null = null;
  /** What a saved flash image says it runs (its banner strings), when no .uf2 came with it. */
  private flashInfo: FirmwareInfo | undefined;
  /** Bumped by dispose(): a backend still being created for an older generation is disposed, not used. */
  private generation = 0;

  constructor(private readonly options: VirtualPicoOptions = {}) {
    super();
  }

  /** What the loaded firmware says it is (from its banner strings), once a .uf2 was parsed. */
  get firmwareInfo(): FirmwareInfo | undefined {
    return this.firmwareImage?.info ?? this.flashInfo;
  }

  /** The emulator backend (for tests, benchmarks and the heap helper's probes). */
  backend(): Promise<PicoBackend> {
    return this.ensureBackend();
  }

  async connect(): Promise<void> {
    const { flash, firmware } = this.options;
    let image: Uint8Array;
    try {
      if (flash) {
        if (flash.length !== PICO_FLASH_SIZE) {
          throw new Error(`A saved flash image must be exactly ${PICO_FLASH_SIZE} bytes; this one is ${flash.length}.`);
        }
        image = flash;
        // The .uf2 that came with a saved flash names the firmware and lets Erase flash work without
        // it being passed again; a bad one is no reason not to boot the saved flash.
        try {
          this.firmwareImage = firmware ? parseUf2(firmware) : null;
        } catch {
          this.firmwareImage = null;
        }
        this.flashInfo = detectFirmwareInfo(flash);
      } else if (firmware) {
        this.firmwareImage = parseUf2(firmware);
        image = this.firmwareImage.flash;
      } else {
        throw new Error('No firmware: load a MicroPython .uf2 for the Raspberry Pi Pico (RPI_PICO) first.');
      }
    } catch (error) {
      this.setStatus('error', error instanceof Error ? error.message : String(error));
      throw error;
    }
    this.setStatus('connecting', 'Booting the firmware…');
    const generation = this.generation;
    const backend = await this.ensureBackend();
    if (generation !== this.generation) throw disposedError();
    const ready = this.waitFor('ready');
    await backend.start(image);
    await ready;
  }

  write(bytes: Uint8Array): void {
    this.backendValue?.write(bytes);
  }

  /** Power cycle: RAM lost, flash (firmware + files) kept. Resolves at the REPL. */
  async reset(): Promise<void> {
    const ready = this.waitFor('ready');
    await (await this.ensureBackend()).powerCycle();
    await ready;
  }

  /** SRAM 0x20000000–0x20042000 (and flash on request), copied between two instructions. */
  override async memory(options: MemoryOptions = {}): Promise<MemoryImage> {
    const { regions } = await (await this.ensureBackend()).snapshot(options.includeFlash ?? false);
    return new MemoryImage(regions);
  }

  /** Stops the emulated CPU (e.g. to look at memory while nothing changes). */
  async pause(): Promise<void> {
    await (await this.ensureBackend()).pause();
  }

  async resume(): Promise<void> {
    await (await this.ensureBackend()).resume();
  }

  /**
   * Programs a .uf2 like copying it onto the BOOTSEL drive (in BOOTSEL state or any
   * other): the firmware is replaced, the filesystem kept. Resolves at the new REPL.
   * A bad file rejects with a Uf2Error and changes nothing.
   */
  async loadFirmware(uf2: Uint8Array): Promise<void> {
    const parsed = parseUf2(uf2);
    this.firmwareImage = parsed;
    const ready = this.waitFor('ready');
    await (await this.ensureBackend()).loadFirmware(parsed.flash, parsed.endOffset);
    await ready;
  }

  /**
   * "Erase flash": a clean board with the current firmware (or `uf2` if given) and an
   * empty filesystem, which MicroPython formats on boot.
   */
  async eraseFlash(uf2?: Uint8Array): Promise<void> {
    const parsed = uf2 ? parseUf2(uf2) : this.firmwareImage;
    if (!parsed)
      throw new Error('Erase flash needs the firmware .uf2 (this board was restored from a saved flash image).');
    this.firmwareImage = parsed;
    const ready = this.waitFor('ready');
    await (await this.ensureBackend()).replaceFlash(parsed.flash);
    await ready;
  }

  /** The 2 MiB flash (firmware + littlefs filesystem), to save for the next session. */
  async getFlash(): Promise<Uint8Array> {
    return (await this.ensureBackend()).getFlash();
  }

  /** Emulation counters since the last power-on. */
  async stats(): Promise<HostStats> {
    return (await this.ensureBackend()).stats();
  }

  async dispose(): Promise<void> {
    // A backend may still be on its way (connect() awaits the emulator's modules): it must not
    // start after this, or a "disconnected" board would boot and keep running behind the UI's back.
    this.generation++;
    const pending = this.backendPromise;
    this.backendValue = null;
    this.backendPromise = null;
    const backend = pending ? await pending.catch(() => null) : null;
    await backend?.dispose();
    this.setStatus('disconnected', '');
  }

  /** Resolves when the host reaches `wanted`; rejects on error, BOOTSEL (unless wanted) or timeout. */
  private waitFor(wanted: HostStatus): Promise<void> {
    const timeoutMs = this.options.readyTimeoutMs ?? 30_000;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        const detail =
          `The Virtual Pico did not reach its REPL within ${Math.round(timeoutMs / 1000)} s: ` +
          'is this a MicroPython firmware for the Raspberry Pi Pico?';
        this.setStatus('error', detail);
        reject(new Error(detail));
      }, timeoutMs);
      const off = this.hostListeners.add((status, detail) => {
        if (status === wanted) {
          clearTimeout(timer);
          off();
          resolve();
        } else if (status === 'error' || status === 'disposed' || (status === 'bootsel' && wanted !== 'bootsel')) {
          clearTimeout(timer);
          off();
          reject(new Error(detail || `The Virtual Pico stopped (${status}).`));
        }
      });
    });
  }

  private ensureBackend(): Promise<PicoBackend> {
    this.backendPromise ??= this.createBackend();
    return this.backendPromise;
  }

  private async createBackend(): Promise<PicoBackend> {
    const generation = this.generation;
    const backend = this.options.backend ?? (await createBackend(this.options));
    if (generation !== this.generation) {
      await backend.dispose();
      throw disposedError();
    }
    backend.onData((bytes) => this.emitData(bytes));
    backend.onStatus((status, detail) => {
      this.hostStatus = status;
      this.setStatus(toBoardStatus(status, this.status), detail);
      this.hostListeners.emit(status, detail);
    });
    this.backendValue = backend;
    return backend;
  }

  /** The host's own status (booting/ready/busy/paused/bootsel/…), finer than the board's. */
  get emulatorStatus(): HostStatus {
    return this.hostStatus;
  }
}

function disposedError(): Error {
  return new Error('The Virtual Pico was disposed before it finished connecting.');
}

function inBrowserPage(): boolean {
  return typeof Worker !== 'undefined' && typeof window !== 'undefined';
}

/**
 * Imported on demand so a page bundle gets the worker backend only (the emulator
 * itself then lives in the worker's chunk), and Node never touches Worker.
 */
async function createBackend(options: VirtualPicoOptions): Promise<PicoBackend> {
  const hosting = options.hosting ?? (inBrowserPage() ? 'worker' : 'inline');
  if (hosting === 'worker') {
    const { WorkerBackend } = await import('../../pico/worker-backend');
    const backend = new WorkerBackend();
    backend.onWarning = options.onWarning;
    return backend;
  }
  const [{ InlineBackend }, { projectRom }] = await Promise.all([
    import('../../pico/inline-backend'),
    import('../../pico/default-rom'),
  ]);
  return new InlineBackend({ installRom: projectRom, onWarning: options.onWarning });
}
