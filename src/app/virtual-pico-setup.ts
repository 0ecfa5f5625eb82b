import type { BoardStatus } from '../board/board';
import { Listeners } from '../util/listeners';
import { firmwareId } from '../firmware/firmware-id';
import { describeFirmware, firmwareWarning } from '../firmware/firmware-info';
import { findFirmware, type FirmwareHelp, type FirmwareSearch } from '../firmware/firmware-source';
import { firmwareStore as defaultFirmwareStore, type FirmwareStore } from '../firmware/firmware-store';
import { flashStore as defaultFlashStore, type FlashStore } from '../firmware/flash-store';
import { firmwareManifest } from '../firmware/manifest';
import { parseUf2, Uf2Error } from '../firmware/uf2';
import { BoardSetupError } from '../board/board-setup-error';
import { FlashPersistence } from './flash-persistence';
import { describeStorageFailure } from './storage-failure';
import type { VirtualPicoBoard } from '../board/virtual-pico/virtual-pico-board';
import { makeBoard } from '../board/make-board';
import { saveBeforeDispose } from './save-before-dispose';

/** The firmware the Virtual Pico boots, as the UI describes it. */
export interface ChosenFirmware {
  name: string;
  /** Where it came from: loaded in this browser (kept in IndexedDB), or the site's firmware/cache/ (a build that ships it, or the dev server). */
  origin: 'indexeddb' | 'site' | 'file';
  /** "MicroPython v1.28.0 (2026-04-06) on Raspberry Pi Pico with RP2040". */
  description: string;
  /** Boots, but the lab cannot fully understand it (CircuitPython, unknown, other version). */
  warning?: string;
  id: string;
}

export interface VirtualPicoSetupState {
  firmware: ChosenFirmware | undefined;
  /** Set when no firmware was found anywhere: how to get one. */
  help: FirmwareHelp | undefined;
  /** Sources that were there but unusable (shown as small print). */
  problems: readonly string[];
  /** Why the last file the user gave us was refused (their firmware is unchanged). */
  fileError: string | undefined;
  /** Work in progress, e.g. "Loading RPI_PICO.uf2…". */
  working: string | undefined;
  /** When the flash was last saved in this browser (ms since epoch). */
  flashSavedAt: number | undefined;
  /** The board booted from a flash image saved earlier (files kept). */
  flashRestored: boolean;
  /** A saving problem (storage full, …). */
  storageError: string | undefined;
}

interface LoadedFirmware {
  name: string;
  bytes: Uint8Array;
  id: string;
  origin: ChosenFirmware['origin'];
}

export interface VirtualPicoSetupOptions {
  firmwareStore?: FirmwareStore;
  flashStore?: FlashStore;
  find?: () => Promise<FirmwareSearch>;
}

const LIVE: readonly BoardStatus[] = ['ready', 'busy', 'bootsel', 'connecting'];

/**
 * Everything the Virtual Pico needs around the emulator: which firmware it
 * boots (loaded file → IndexedDB → dev server → help), its flash kept across
 * resets and reloads, "Load firmware…"/drop (BOOTSEL-style), and "Erase flash".
 */
export class VirtualPicoSetup {
  private current: VirtualPicoSetupState = {
    firmware: undefined,
    help: undefined,
    problems: [],
    fileError: undefined,
    working: undefined,
    flashSavedAt: undefined,
    flashRestored: false,
    storageError: undefined,
  };
  private readonly listeners = new Listeners<[VirtualPicoSetupState]>();
  private readonly firmwareStore: FirmwareStore;
  private readonly flashStore: FlashStore;
  private readonly find: () => Promise<FirmwareSearch>;
  /** The firmware the user gave in this session (also when storing it failed). */
  private loaded: LoadedFirmware | undefined;
  private firmware: LoadedFirmware | undefined;
  private board: VirtualPicoBoard | undefined;
  private persistence: FlashPersistence | undefined;

  /** Set by the app: false while a program runs, so saves wait for the end of the run. */
  isIdle: () => boolean = () => true;

  constructor(options: VirtualPicoSetupOptions = {}) {
    this.firmwareStore = options.firmwareStore ?? defaultFirmwareStore;
    this.flashStore = options.flashStore ?? defaultFlashStore;
    // A built site is a hosted lab: its learners have no project folder to run a command in.
    this.find = options.find ?? (() => findFirmware({ store: this.firmwareStore, hosted: import.meta.env.PROD }));
  }

  get state(): VirtualPicoSetupState {
    return this.current;
  }

  onState(listener: (state: VirtualPicoSetupState) => void): () => void {
    return this.listeners.add(listener);
  }

  /**
   * The board-registry entry's create(): finds firmware and its saved flash, and
   * returns a board that keeps its flash. Throws BoardSetupError when there is no firmware.
   */
  async createBoard(): Promise<VirtualPicoBoard> {
    this.update({ working: 'Looking for firmware…', fileError: undefined });
    let firmware = this.loaded;
    let problems: string[] = [];
    if (!firmware) {
      const search = await this.find();
      problems = search.problems;
      if (!search.found) {
        this.update({ firmware: undefined, help: search.help, problems, working: undefined });
        throw new BoardSetupError(
          'No firmware yet: load a MicroPython .uf2 (see below), or use the browser board meanwhile.',
        );
      }
      const f = search.found;
      firmware = { name: f.name, bytes: f.bytes, id: f.id, origin: f.origin };
    }
    let flash: Uint8Array | null = null;
    try {
      flash = await this.flashStore.load(firmware.id);
    } catch (error) {
      problems.push(`The saved files could not be read, so the board starts clean: ${messageOf(error)}`);
    }
    const board = saveBeforeDispose(
      await makeBoard['virtual-pico']({ firmware: firmware.bytes, ...(flash ? { flash } : {}) }),
      async () => {
        if (this.board === board) await this.persistence?.flush();
        this.detach(board);
      },
    );
    this.attach(board, firmware);
    this.update({
      help: undefined,
      problems,
      working: undefined,
      flashRestored: flash !== null,
      flashSavedAt: undefined,
    });
    return board;
  }

  /**
   * A .uf2 from "Load firmware…" or a drop. A bad file leaves everything as it
   * was and says why (state.fileError); a good one is kept in IndexedDB and
   * programmed into the live board like a BOOTSEL copy (its files stay), or —
   * with no live Virtual Pico — `startBoard` is called to create one.
   * Resolves true when the firmware was accepted; `onAccepted` is called once the file is known
   * good, just before the board restarts with it.
   */
  async loadFile(
    name: string,
    bytes: Uint8Array,
    startBoard: () => Promise<void>,
    onAccepted: () => void = () => undefined,
  ): Promise<boolean> {
    this.update({ fileError: undefined, working: `Checking ${name}…` });
    try {
      parseUf2(bytes);
    } catch (error) {
      const why = error instanceof Uf2Error ? error.message : `it could not be read (${messageOf(error)})`;
      this.update({ fileError: `${name} was not loaded: ${why}`, working: undefined });
      return false;
    }
    const id = await firmwareId(bytes);
    const loaded: LoadedFirmware = { name, bytes: bytes.slice(), id, origin: 'indexeddb' };
    try {
      await this.firmwareStore.save(name, bytes);
    } catch (error) {
      loaded.origin = 'file';
      this.update({
        storageError:
          `${name} is used, but could not be kept for the next visit ` +
          `(${describeStorageFailure(error)}): load it again next time.`,
      });
    }
    this.loaded = loaded;
    const board = this.board;
    this.update({ working: `Programming ${name}…`, help: undefined });
    onAccepted();
    try {
      if (board && LIVE.includes(board.status)) {
        await this.persistence?.flush();
        this.firmware = loaded;
        this.persistence?.setFirmwareId(id);
        this.update({ firmware: this.describe(loaded) });
        await board.loadFirmware(bytes);
      } else {
        await startBoard();
      }
    } catch {
      // The file itself was fine; booting it failed, and the board's status says why.
    }
    this.update({ working: undefined });
    return true;
  }

  /** A file that never got as far as loadFile (e.g. unreadable): say so where the firmware is shown. */
  refuseFile(name: string, why: string): void {
    this.update({ fileError: `${name} was not loaded: ${why}`, working: undefined });
  }

  /** "Erase flash": the current firmware on a wiped filesystem, and the saved copy forgotten. */
  async eraseFlash(): Promise<void> {
    const board = this.board;
    const firmware = this.firmware;
    const persistence = this.persistence;
    if (!board || !firmware || !persistence) throw new Error('There is no Virtual Pico to erase.');
    this.update({ working: 'Erasing flash…' });
    try {
      await persistence.withoutSaving(async () => {
        await this.flashStore.erase(firmware.id);
        await board.eraseFlash(firmware.bytes);
      });
      this.update({ flashRestored: false, flashSavedAt: undefined, working: undefined });
    } catch (error) {
      this.update({ working: undefined, storageError: `Erase flash failed: ${messageOf(error)}` });
    }
  }

  /** Saves the flash now (tests and "before you go" moments). */
  async saveNow(): Promise<void> {
    await this.persistence?.flush();
  }

  private attach(board: VirtualPicoBoard, firmware: LoadedFirmware): void {
    if (this.board) this.detach(this.board);
    this.board = board;
    this.firmware = firmware;
    this.persistence = new FlashPersistence(board, {
      store: this.flashStore,
      firmwareId: firmware.id,
      isIdle: () => this.isIdle(),
      onSaved: (at) => this.update({ flashSavedAt: at, storageError: undefined }),
      onError: (message) => this.update({ storageError: message }),
    });
    this.update({ firmware: this.describe(firmware) });
  }

  private detach(board: VirtualPicoBoard): void {
    if (this.board !== board) return;
    this.persistence?.dispose();
    this.persistence = undefined;
    this.board = undefined;
  }

  private describe(firmware: LoadedFirmware): ChosenFirmware {
    const { info } = parseUf2(firmware.bytes);
    const chosen: ChosenFirmware = {
      name: firmware.name,
      origin: firmware.origin,
      description: describeFirmware(info),
      id: firmware.id,
    };
    const warning = firmwareWarning(info, firmwareManifest.versionPrefix, firmwareManifest.boardName);
    if (warning) chosen.warning = warning;
    return chosen;
  }

  private update(patch: Partial<VirtualPicoSetupState>): void {
    this.current = { ...this.current, ...patch };
    this.listeners.emit(this.current);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The app's one Virtual Pico setup (the board registry and the firmware panel share it). */
export const virtualPicoSetup = new VirtualPicoSetup();
