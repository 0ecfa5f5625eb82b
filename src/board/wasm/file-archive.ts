/**
 * The browser board's files as one byte string (to keep in IndexedDB, as the Virtual Pico keeps
 * its flash image): directories and files with their paths relative to the filesystem's root.
 *
 * Format (little-endian): "PHLF", version u8 = 1, entry count u32, then per entry: kind u8
 * (1 directory, 2 file), path length u16, path (UTF-8), modified time f64 (ms), and for a file
 * its length u32 and bytes. Parents come before their children.
 */
export interface ArchiveEntry {
  /** "notes.txt", "data/log.csv": relative, "/"-separated, no "." or ".." parts. */
  path: string;
  /** File contents; absent for a directory. */
  data?: Uint8Array;
  /** Last modification (ms since epoch). */
  mtime: number;
}

const MAGIC = [0x50, 0x48, 0x4c, 0x46]; // "PHLF"
const VERSION = 1;
const DIR = 1;
const FILE = 2;
const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true });

export class ArchiveError extends Error {
  constructor(message: string) {
    super(`saved files unreadable: ${message}`);
    this.name = 'ArchiveError';
  }
}

/** True for a path an archive may hold. */
export function validArchivePath(path: string): boolean {
  const parts = path.split('/');
  return path.length > 0 && path.length < 4096 && parts.every((p) => p !== '' && p !== '.' && p !== '..');
}

export function encodeArchive(entries: readonly ArchiveEntry[]): Uint8Array {
  const paths = entries.map((e) => enc.encode(e.path));
  let size = 9;
  entries.forEach((e, i) => (size += 1 + 2 + paths[i].length + 8 + (e.data ? 4 + e.data.length : 0)));
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  out[4] = VERSION;
  view.setUint32(5, entries.length, true);
  let at = 9;
  entries.forEach((entry, i) => {
    if (!validArchivePath(entry.path)) throw new ArchiveError(`bad path "${entry.path}"`);
    out[at++] = entry.data ? FILE : DIR;
    view.setUint16(at, paths[i].length, true);
    out.set(paths[i], at + 2);
    at += 2 + paths[i].length;
    view.setFloat64(at, entry.mtime, true);
    at += 8;
    if (entry.data) {
      view.setUint32(at, entry.data.length, true);
      out.set(entry.data, at + 4);
      at += 4 + entry.data.length;
    }
  });
  return out;
}

/** The entries of an archive; throws ArchiveError (never anything else) when it is not one. */
export function decodeArchive(bytes: Uint8Array): ArchiveEntry[] {
  if (bytes.length < 9 || MAGIC.some((b, i) => bytes[i] !== b)) throw new ArchiveError('not a file archive');
  if (bytes[4] !== VERSION) throw new ArchiveError(`unknown archive version ${bytes[4]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(5, true);
  const entries: ArchiveEntry[] = [];
  const dirs = new Set<string>(['']);
  let at = 9;
  const need = (n: number) => {
    if (at + n > bytes.length) throw new ArchiveError('cut off');
  };
  for (let i = 0; i < count; i++) {
    need(3);
    const kind = bytes[at];
    const pathLength = view.getUint16(at + 1, true);
    at += 3;
    need(pathLength + 8);
    let path: string;
    try {
      path = dec.decode(bytes.subarray(at, at + pathLength));
    } catch {
      throw new ArchiveError('a path is not UTF-8');
    }
    at += pathLength;
    const mtime = view.getFloat64(at, true);
    at += 8;
    if (!validArchivePath(path)) throw new ArchiveError(`bad path "${path}"`);
    if (!dirs.has(path.split('/').slice(0, -1).join('/'))) throw new ArchiveError(`"${path}" comes before its folder`);
    if (kind === DIR) {
      dirs.add(path);
      entries.push({ path, mtime });
    } else if (kind === FILE) {
      need(4);
      const length = view.getUint32(at, true);
      at += 4;
      need(length);
      entries.push({ path, mtime, data: bytes.slice(at, at + length) });
      at += length;
    } else throw new ArchiveError(`unknown entry kind ${kind}`);
  }
  if (at !== bytes.length) throw new ArchiveError('trailing bytes');
  return entries;
}
