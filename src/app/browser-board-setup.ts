import type { BoardStatus } from '../board/board';
import { Listeners } from '../util/listeners';
import { boardFilesStore as defaultStore, type BoardFilesStore } from './board-files-store';
import { FlashPersistence } from './flash-persistence';
import type { WasmBoard } from '../board/wasm/wasm-board';
import { makeBoard } from '../board/make-board';
import { saveBeforeDispose } from './save-before-dispose';
import { decodeArchive } from '../board/wasm/file-archive';

/** The browser board's files as the files strip shows them. */
export interface BrowserBoardSetupState {
  /** When the files were last saved in this browser (ms since epoch). */
  flashSavedAt: number | undefined;
  /** The board started with files kept from an earlier visit. */
  flashRestored: boolean;
  /** A saving or restoring problem (storage full, unreadable saved files…). */
  storageError: string | undefined;
  /** Work in progress, e.g. "Erasing the files…". */
  working: string | undefined;
}

export interface BrowserBoardSetupOptions {
  store?: BoardFilesStore;
}

/** The key of the browser board's files in the store. */
const FILES_ID = 'browser-wasm';
const LIVE: readonly BoardStatus[] = ['ready', 'busy', 'connecting'];

/**
 * The browser MicroPython board with its files kept like a Pico's flash: put back from this
 * browser when the board starts, saved after runs that changed them, forgotten by "Erase flash…".
 */
export class BrowserBoardSetup {
  private current: BrowserBoardSetupState = {
    flashSavedAt: undefined,
    flashRestored: false,
    storageError: undefined,
    working: undefined,
  };
  private readonly listeners = new Listeners<[BrowserBoardSetupState]>();
  private readonly store: BoardFilesStore;
  private board: WasmBoard | undefined;
  private persistence: FlashPersistence | undefined;

  /** Set by the app: false while a program runs, so saves wait for the end of the run. */
  isIdle: () => boolean = () => true;

  constructor(options: BrowserBoardSetupOptions = {}) {
    this.store = options.store ?? defaultStore;
  }

  get state(): BrowserBoardSetupState {
    return this.current;
  }

  onState(listener: (state: BrowserBoardSetupState) => void): () => void {
    return this.listeners.add(listener);
  }

  /** The board-registry entry's create(): a browser board with the files kept in this browser. */
  async createBoard(): Promise<WasmBoard> {
    let flash: Uint8Array | null = null;
    let storageError: string | undefined;
    try {
      flash = await this.store.load(FILES_ID);
    } catch (error) {
      storageError = `The files kept in this browser could not be read, so the board starts without them: ${messageOf(error)}`;
    }
    const board = saveBeforeDispose(await makeBoard['browser-wasm'](flash ? { flash } : {}), async () => {
      if (this.board === board) await this.persistence?.flush();
      this.detach(board);
    });
    this.attach(board);
    this.update({ flashRestored: holdsFiles(flash), flashSavedAt: undefined, storageError, working: undefined });
    board.onStatus((status) => {
      // Saved files that turned out unreadable: say so once the board is up without them.
      if (status === 'ready' && board.filesProblem && this.board === board) {
        this.update({ storageError: `The files kept in this browser were not restored: ${board.filesProblem}` });
        board.filesProblem = undefined;
      }
    });
    return board;
  }

  /** "Erase flash": the interpreter restarts with no files, and the saved ones are forgotten. */
  async eraseFlash(): Promise<void> {
    const board = this.board;
    const persistence = this.persistence;
    if (!board || !persistence || !LIVE.includes(board.status)) throw new Error('There is no browser board to erase.');
    this.update({ working: 'Erasing the files…' });
    try {
      await persistence.withoutSaving(async () => {
        await this.store.erase(FILES_ID);
        await board.eraseFlash();
      });
      this.update({ flashRestored: false, flashSavedAt: undefined, working: undefined, storageError: undefined });
    } catch (error) {
      this.update({ working: undefined, storageError: `Erase flash failed: ${messageOf(error)}` });
    }
  }

  /** Saves the files now (tests and "before you go" moments). */
  async saveNow(): Promise<void> {
    await this.persistence?.flush();
  }

  private attach(board: WasmBoard): void {
    if (this.board) this.detach(this.board);
    this.board = board;
    this.persistence = new FlashPersistence(board, {
      store: this.store,
      firmwareId: FILES_ID,
      boardName: 'the browser board',
      blank: (archive) => !holdsFiles(archive),
      isIdle: () => this.isIdle(),
      onSaved: (at) => this.update({ flashSavedAt: at, storageError: undefined }),
      onError: (message) => this.update({ storageError: message }),
    });
  }

  private detach(board: WasmBoard): void {
    if (this.board !== board) return;
    this.persistence?.dispose();
    this.persistence = undefined;
    this.board = undefined;
  }

  private update(patch: Partial<BrowserBoardSetupState>): void {
    this.current = { ...this.current, ...patch };
    this.listeners.emit(this.current);
  }
}

/** A kept archive with at least one file or folder in it (an erased board saves an empty one). */
function holdsFiles(archive: Uint8Array | null): boolean {
  if (!archive) return false;
  try {
    return decodeArchive(archive).length > 0;
  } catch {
    return true; // unreadable: the board says so once it has started
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The app's one browser-board setup (the board registry and the files strip share it). */
export const browserBoardSetup = new BrowserBoardSetup();
