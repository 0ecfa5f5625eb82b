import type { BoardStatus } from '../board/board';
import type { FlashStore } from '../firmware/flash-store';
import { describeStorageFailure } from './storage-failure';

/** What the saver needs from a board with a flash (the Virtual Pico's image, the browser board's files). */
export interface FlashSource {
  readonly status: BoardStatus;
  getFlash(): Promise<Uint8Array>;
  onData(listener: (bytes: Uint8Array) => void): () => void;
  onStatus(listener: (status: BoardStatus, detail: string) => void): () => void;
}

export interface FlashPersistenceOptions {
  store: Pick<FlashStore, 'load' | 'save'>;
  /** Flash images are kept per firmware (sha256 of the .uf2), or per board. */
  firmwareId: string;
  /** Names the board in messages (default "the Virtual Pico"). */
  boardName?: string;
  /** False while a program runs: saves wait until it has finished. */
  isIdle?: () => boolean;
  onSaved?: (at: number) => void;
  onError?: (message: string) => void;
  /** Quiet time after the last serial byte before saving (ms). */
  idleMs?: number;
  /** An image with nothing in it (no files): not saved while the store holds nothing either. */
  blank?: (image: Uint8Array) => boolean;
}

/**
 * Keeps a board's flash in IndexedDB (the Virtual Pico's firmware + littlefs image, the browser
 * board's files):
 * after each run once the board is quiet, after a reboot (machine.reset(),
 * Reset), and best effort when the page is hidden or closed. Anything the board
 * says marks the flash possibly changed; an idle REPL says nothing, so an idle
 * board is never saved twice. A flash equal to the one last saved (or loaded)
 * is not written again, so "saved at" changes only when a program wrote a file.
 */
export class FlashPersistence {
  private firmwareId: string;
  private dirty = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private saving: Promise<void> = Promise.resolve();
  private suspended = false;
  private readonly offs: Array<() => void> = [];
  private readonly idleMs: number;
  /** The image the store holds for `lastId` (undefined: not known yet, read it before comparing). */
  private lastSaved: Uint8Array | null | undefined;
  private lastId: string | undefined;

  constructor(
    private readonly board: FlashSource,
    private readonly options: FlashPersistenceOptions,
  ) {
    this.firmwareId = options.firmwareId;
    this.idleMs = options.idleMs ?? 250;
    this.offs.push(
      board.onData(() => this.changed()),
      board.onStatus((status) => {
        // A reboot or BOOTSEL means the firmware may have just written its files: save once it settles.
        if (status === 'connecting' || status === 'bootsel') this.dirty = true;
        this.schedule();
      }),
    );
    if (typeof window !== 'undefined') {
      window.addEventListener('beforeunload', this.onLeave);
      window.addEventListener('pagehide', this.onLeave);
      document.addEventListener('visibilitychange', this.onHidden);
    }
  }

  /** The firmware changed (a new .uf2 on the same board): later saves go under its id. */
  setFirmwareId(id: string): void {
    this.firmwareId = id;
    this.dirty = true;
  }

  /** Saves now if anything may have changed (waits for a save already under way). */
  async flush(): Promise<void> {
    this.clearTimer();
    if (this.dirty && !this.suspended) await this.saveNow();
    else await this.saving;
  }

  /**
   * Runs `body` (e.g. erase flash) with saving switched off, after any save in
   * flight has landed, so an old image never overwrites what `body` did.
   */
  async withoutSaving<T>(body: () => Promise<T>): Promise<T> {
    this.suspended = true;
    this.lastId = undefined; // `body` may change what the store holds
    this.clearTimer();
    await this.saving;
    try {
      return await body();
    } finally {
      this.suspended = false;
      this.dirty = false;
    }
  }

  dispose(): void {
    this.clearTimer();
    for (const off of this.offs.splice(0)) off();
    if (typeof window !== 'undefined') {
      window.removeEventListener('beforeunload', this.onLeave);
      window.removeEventListener('pagehide', this.onLeave);
      document.removeEventListener('visibilitychange', this.onHidden);
    }
  }

  private changed(): void {
    this.dirty = true;
    this.schedule();
  }

  private schedule(): void {
    this.clearTimer();
    if (!this.dirty || this.suspended) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const idle = this.board.status === 'ready' && (this.options.isIdle?.() ?? true);
      if (idle) void this.saveNow();
      else if (this.board.status === 'ready' || this.board.status === 'busy') {
        this.schedule(); // a run is still going: look again later
      }
    }, this.idleMs);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private saveNow(): Promise<void> {
    this.dirty = false;
    const id = this.firmwareId;
    this.saving = this.saving.then(async () => {
      if (this.suspended) return;
      try {
        const flash = await this.board.getFlash();
        if (this.suspended) return;
        if (this.lastId !== id) {
          this.lastId = id;
          this.lastSaved = await this.options.store.load(id);
        }
        if (this.lastSaved && sameBytes(this.lastSaved, flash)) return;
        if (!this.lastSaved && this.options.blank?.(flash)) return; // nothing was ever written
        await this.options.store.save(id, flash);
        this.lastSaved = flash;
        this.options.onSaved?.(Date.now());
      } catch (error) {
        this.dirty = true;
        this.options.onError?.(
          `${capitalised(this.options.boardName ?? 'the Virtual Pico')}'s files could not be saved in this browser: ` +
            `${describeStorageFailure(error)}. ` +
            'They are still on the board, but a reload would lose them; the lab tries again after the next run.',
        );
      }
    });
    return this.saving;
  }

  // Best effort: the worker round trip and the IndexedDB write may or may not finish before the page goes.
  private readonly onLeave = () => void this.flush();
  private readonly onHidden = () => {
    if (document.visibilityState === 'hidden') void this.flush();
  };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  // Word by word where both are aligned (a 2 MiB flash: ~1 ms).
  if (a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0 && a.length % 4 === 0) {
    const x = new Uint32Array(a.buffer, a.byteOffset, a.length / 4);
    const y = new Uint32Array(b.buffer, b.byteOffset, b.length / 4);
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    return true;
  }
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
