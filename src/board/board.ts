import type { MemoryImage } from '../memory/memory-image';

/** Which kind of board a Board object drives. */
export type BoardKind = 'virtual-pico' | 'browser-wasm' | 'usb-pico';

/**
 * Board life cycle as the toolbar shows it.
 * - connecting: opening the port / loading the interpreter / booting
 * - ready: idle at a REPL prompt
 * - busy: running a program
 * - bootsel: waiting for a new .uf2 (machine.bootloader())
 * - disconnected: closed or unplugged
 * - error: failed; `detail` says why and what to do
 */
export type BoardStatus = 'connecting' | 'ready' | 'busy' | 'bootsel' | 'disconnected' | 'error';

/** What a memory snapshot covers beyond RAM. */
export interface MemoryOptions {
  /**
   * Also copy flash (XIP). On a Pico the type objects and the static qstr pool
   * live there; a board without separate flash ignores this.
   */
  includeFlash?: boolean;
  /**
   * Copy only addresses below this one, where the board can (a hint: the decoder learned where
   * the heap ends, and the rest of a WebAssembly memory is megabytes of nothing). A snapshot that
   * finds the heap running past the copy says so (`heap.truncated`), and the caller asks again.
   */
  limit?: number;
}

export interface BoardInfo {
  readonly kind: BoardKind;
  /** Short name for the board picker. */
  readonly label: string;
  /** One honest sentence about what this board is (shown under the picker). */
  readonly description: string;
  /**
   * 'repl': the lab cannot copy this board's memory (no `memory()`), but the board's own CPU can
   * read it for the lab through the REPL (a Pico on USB). Absent: `memory()` copies it, or nothing.
   */
  readonly memoryAccess?: 'repl';
}

/**
 * The one interface everything above the board uses: a serial byte channel in
 * both directions, reset, status, and (when the board can offer it) a memory
 * image for the heap inspector.
 */
export interface Board {
  readonly info: BoardInfo;
  readonly status: BoardStatus;
  /** Human-readable detail for the current status (e.g. the error message). */
  readonly statusDetail: string;

  /** Boots / connects. Resolves when the board's REPL is reachable. */
  connect(): Promise<void>;
  /** Sends bytes to the board's serial input (the REPL). */
  write(bytes: Uint8Array): void;
  /** Subscribes to bytes the board sends; returns an unsubscribe function. */
  onData(listener: (bytes: Uint8Array) => void): () => void;
  /** Subscribes to status changes; returns an unsubscribe function. */
  onStatus(listener: (status: BoardStatus, detail: string) => void): () => void;
  /** Hard reset (power cycle): RAM is lost, flash/filesystem kept. */
  reset(): Promise<void>;
  /**
   * A snapshot of the board's RAM for the heap inspector, taken while the board
   * is idle. Absent on boards that cannot offer one.
   */
  memory?(options?: MemoryOptions): Promise<MemoryImage>;
  /** Releases workers, ports and listeners. */
  dispose(): Promise<void>;
}
