/**
 * The one tiny IndexedDB wrapper for the lab's browser storage: a promise
 * key/value API over object stores of one database. All IndexedDB code lives
 * here so the stores stay readable.
 */
const DB_NAME = 'pico-heap-lab-firmware';
const DB_VERSION = 2;
/** Every object store of the database; adding one means bumping DB_VERSION. */
const STORES = ['firmware', 'flash', 'files'] as const;
export type StoreName = (typeof STORES)[number];

/** IndexedDB is missing (Node, or a browser in a mode that blocks storage). */
export class StorageUnavailableError extends Error {
  constructor(detail: string) {
    super(`Browser storage (IndexedDB) is not available: ${detail}`);
    this.name = 'StorageUnavailableError';
  }
}

let opening: Promise<IDBDatabase> | undefined;

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

function openDb(): Promise<IDBDatabase> {
  if (typeof indexedDB === 'undefined') return Promise.reject(new StorageUnavailableError('no indexedDB here'));
  opening ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = () => {
      for (const name of STORES)
        if (!request.result.objectStoreNames.contains(name)) request.result.createObjectStore(name);
    };
    request.onsuccess = () => {
      const db = request.result;
      // Another tab upgrading the schema: let it, and reopen next time.
      db.onversionchange = () => {
        db.close();
        opening = undefined;
      };
      resolve(db);
    };
    request.onerror = () => reject(new StorageUnavailableError(request.error?.message ?? 'open failed'));
    request.onblocked = () => reject(new StorageUnavailableError('the database is blocked by another tab; close it'));
  }).catch((error: unknown) => {
    opening = undefined;
    throw error;
  });
  return opening;
}

async function run<T>(
  store: StoreName,
  mode: IDBTransactionMode,
  op: (s: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  const db = await openDb();
  const tx = db.transaction(store, mode);
  const result = promised(op(tx.objectStore(store)));
  // Resolve only once the transaction committed, so a "saved" value really is on disk.
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted (storage full?)'));
  });
  return result;
}

/** Promise key/value access to one object store. */
export interface KeyValueStore<T> {
  get(key: string): Promise<T | undefined>;
  put(key: string, value: T): Promise<void>;
  delete(key: string): Promise<void>;
  clear(): Promise<void>;
  keys(): Promise<string[]>;
}

export function keyValueStore<T>(store: StoreName): KeyValueStore<T> {
  return {
    get: (key) => run(store, 'readonly', (s) => s.get(key) as IDBRequest<T | undefined>),
    put: async (key, value) => void (await run(store, 'readwrite', (s) => s.put(value, key))),
    delete: async (key) => void (await run(store, 'readwrite', (s) => s.delete(key))),
    clear: async () => void (await run(store, 'readwrite', (s) => s.clear())),
    keys: async () => (await run(store, 'readonly', (s) => s.getAllKeys())).map(String),
  };
}
