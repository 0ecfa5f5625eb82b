import { keyValueStore, type KeyValueStore } from '../firmware/idb';

/**
 * The browser board's files (a file-archive.ts archive) kept in IndexedDB, as the Virtual Pico's
 * flash is, so a program's files survive a reload; "Erase flash…" forgets them.
 */
export interface StoredFiles {
  archive: Uint8Array;
  savedAt: string;
}

export interface BoardFilesStore {
  load(boardId: string): Promise<Uint8Array | null>;
  save(boardId: string, archive: Uint8Array): Promise<void>;
  erase(boardId: string): Promise<void>;
}

export function createBoardFilesStore(kv: KeyValueStore<StoredFiles> = keyValueStore('files')): BoardFilesStore {
  return {
    async load(boardId) {
      const stored = await kv.get(boardId);
      return stored && stored.archive instanceof Uint8Array ? stored.archive : null;
    },
    save: (boardId, archive) => kv.put(boardId, { archive: archive.slice(), savedAt: new Date().toISOString() }),
    erase: (boardId) => kv.delete(boardId),
  };
}

/** The app's store for board files (IndexedDB). */
export const boardFilesStore: BoardFilesStore = createBoardFilesStore();
