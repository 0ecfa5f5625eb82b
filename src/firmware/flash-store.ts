import { FLASH_SIZE } from './flash-layout';
import { keyValueStore, type KeyValueStore } from './idb';

/**
 * The virtual Pico's flash (firmware + littlefs filesystem) saved per
 * firmware identity, so files written by a program survive a page reload,
 * and a different firmware never sees another one's filesystem.
 */
export interface StoredFlash {
  firmwareId: string;
  flash: Uint8Array;
  savedAt: string;
}

export interface FlashStore {
  /** The saved 2 MiB flash for this firmware, or null (fresh board: start from the UF2). */
  load(firmwareId: string): Promise<Uint8Array | null>;
  /** Saves a copy of the flash (must be exactly 2 MiB). */
  save(firmwareId: string, flash: Uint8Array): Promise<void>;
  /** "Erase flash": forgets the saved flash, so the board restarts clean from its firmware. */
  erase(firmwareId: string): Promise<void>;
  /** Forgets the saved flash of every firmware. */
  eraseAll(): Promise<void>;
  /** Firmware ids that have a saved flash. */
  list(): Promise<string[]>;
}

export function createFlashStore(kv: KeyValueStore<StoredFlash> = keyValueStore('flash')): FlashStore {
  return {
    async load(firmwareId) {
      const stored = await kv.get(firmwareId);
      // A record of the wrong size (older format, corruption) is treated as absent, never booted.
      return stored && stored.flash instanceof Uint8Array && stored.flash.length === FLASH_SIZE ? stored.flash : null;
    },
    async save(firmwareId, flash) {
      if (flash.length !== FLASH_SIZE) {
        throw new RangeError(`flash image must be ${FLASH_SIZE} bytes, got ${flash.length}`);
      }
      await kv.put(firmwareId, { firmwareId, flash: flash.slice(), savedAt: new Date().toISOString() });
    },
    erase: (firmwareId) => kv.delete(firmwareId),
    eraseAll: () => kv.clear(),
    list: () => kv.keys(),
  };
}

/** The app's flash store (IndexedDB). */
export const flashStore: FlashStore = createFlashStore();
