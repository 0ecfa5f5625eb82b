import type { HeapObject, HeapSnapshot } from './heap-snapshot';

/** MicroPython's file objects (vfs_lfsx_file.c on a Pico, vfs_posix_file.c elsewhere). */
const FILE_TYPES = new Set(['TextIOWrapper', 'FileIO']);

/**
 * The littlefs files still open in a snapshot: on a Pico a file object's second word points at
 * its filesystem while the file is open, and close() sets it to NULL (measured on v1.22.2 and
 * v1.28.0). What was written to such a file sits in its buffer until close() or flush(), so a
 * hard reset loses it. (Elsewhere the second word is a file descriptor: never counted here.)
 */
export function openFlashFiles(snapshot: HeapSnapshot): HeapObject[] {
  const addresses = new Set(snapshot.objects.map((o) => Number.parseInt(o.address, 16)));
  return snapshot.objects.filter((o) => {
    const vfs = o.rawWords?.[1];
    return FILE_TYPES.has(o.type) && vfs !== undefined && addresses.has(Number.parseInt(vfs, 16));
  });
}
