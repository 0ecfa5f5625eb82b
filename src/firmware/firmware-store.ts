import { firmwareId } from './firmware-id';
import type { FirmwareInfo } from './firmware-info';
import { keyValueStore, type KeyValueStore } from './idb';
import { parseUf2 } from './uf2';

/** The .uf2 the user loaded into the app (file picker or drop), kept across reloads. */
export interface StoredFirmware {
  /** File name as picked, e.g. "RPI_PICO-20260406-v1.28.0.uf2". */
  name: string;
  bytes: Uint8Array;
  info: FirmwareInfo;
  /** sha256 of `bytes`; keys the saved flash image in flash-store. */
  id: string;
  savedAt: string;
}

const KEY = 'current';

export interface FirmwareStore {
  /** The stored firmware, or null when the user has not loaded one. */
  load(): Promise<StoredFirmware | null>;
  /**
   * Validates (throws Uf2Error for a bad file, storing nothing) and stores the firmware, replacing the
   * previous one.
   */
  save(name: string, bytes: Uint8Array): Promise<StoredFirmware>;
  /** Forgets the stored firmware. */
  clear(): Promise<void>;
}

export function createFirmwareStore(kv: KeyValueStore<StoredFirmware> = keyValueStore('firmware')): FirmwareStore {
  return {
    async load() {
      return (await kv.get(KEY)) ?? null;
    },
    async save(name, bytes) {
      const { info } = parseUf2(bytes);
      const copy = bytes.slice();
      const record: StoredFirmware = {
        name,
        bytes: copy,
        info,
        id: await firmwareId(copy),
        savedAt: new Date().toISOString(),
      };
      await kv.put(KEY, record);
      return record;
    },
    clear: () => kv.delete(KEY),
  };
}

/** The app's firmware store (IndexedDB). */
export const firmwareStore: FirmwareStore = createFirmwareStore();
