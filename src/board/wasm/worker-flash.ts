import { validArchivePath, type ArchiveEntry } from './file-archive';

/**
 * The browser board's files behave like a Pico's flash filesystem: the size of the RPI_PICO
 * build's littlefs (352 blocks of 4 KiB; measured with os.statvfs('/') on v1.28.0), ENOSPC when
 * it is full, os.statvfs() telling the same numbers, and the files kept between sessions (see
 * file-archive.ts). The interpreter's files live in Emscripten's in-memory filesystem (MEMFS);
 * this counts what they would take on the Pico and refuses a write that does not fit.
 */
export const PICO_FS_BLOCK_BYTES = 4096;
export const PICO_FS_BLOCKS = 352;
/** A directory is a littlefs metadata pair; the root's pair is always there. */
const DIR_BLOCKS = 2;
/** littlefs keeps a small file inside its directory's metadata, taking no block of its own. */
const INLINE_MAX_BYTES = 512;
const ENOSPC = 28;
/** Emscripten's own folders at the root: not part of the learner's filesystem. */
const SYSTEM_DIRS = new Set(['dev', 'proc', 'tmp', 'home']);

interface MemfsNode {
  mode: number;
  usedBytes?: number;
  contents?: unknown;
  mtime: number;
}

interface StatFs {
  bsize: number;
  frsize: number;
  blocks: number;
  bfree: number;
  bavail: number;
}

/** The MEMFS operations this module wraps (Emscripten shares one table per kind of node). */
interface MemfsOpsTable {
  dir: {
    node: {
      mknod: (parent: unknown, name: string, mode: number, dev: number) => unknown;
      readdir: (node: unknown) => string[];
      statfs?: () => StatFs;
    };
  };
  file: {
    node: { setattr: (node: MemfsNode, attr: { size?: number }) => void; statfs?: () => StatFs };
    stream: {
      write: (
        stream: { node: MemfsNode },
        buffer: Uint8Array,
        offset: number,
        length: number,
        position: number,
        canOwn?: boolean,
      ) => number;
    };
  };
}

/** The parts of Emscripten's FS this module uses. */
export interface FlashFs {
  root: unknown;
  filesystems: { MEMFS: { ops_table: MemfsOpsTable } };
  ErrnoError: new (errno: number) => Error;
  isDir(mode: number): boolean;
  isFile(mode: number): boolean;
  readdir(path: string): string[];
  stat(path: string): { mode: number; size: number; mtime: Date | number };
  readFile(path: string): Uint8Array;
  writeFile(path: string, data: Uint8Array): void;
  mkdir(path: string): void;
  utime(path: string, atime: number, mtime: number): void;
}

const blocksFor = (bytes: number) => (bytes <= INLINE_MAX_BYTES ? 0 : Math.ceil(bytes / PICO_FS_BLOCK_BYTES));

/** The learner's files and folders ('/' minus Emscripten's own), parents first. */
function* walk(fs: FlashFs, dir = ''): Generator<{ path: string; mode: number; size: number; mtime: number }> {
  for (const name of fs.readdir(dir || '/')) {
    if (name === '.' || name === '..' || (dir === '' && SYSTEM_DIRS.has(name))) continue;
    const path = dir ? `${dir}/${name}` : name;
    const stat = fs.stat(`/${path}`);
    const mtime = stat.mtime instanceof Date ? stat.mtime.getTime() : stat.mtime;
    if (fs.isDir(stat.mode)) {
      yield { path, mode: stat.mode, size: 0, mtime };
      yield* walk(fs, path);
    } else if (fs.isFile(stat.mode)) yield { path, mode: stat.mode, size: stat.size, mtime };
  }
}

/** Blocks the learner's filesystem takes now, as littlefs on a Pico would count them. */
export function usedBlocks(fs: FlashFs): number {
  let used = DIR_BLOCKS;
  for (const entry of walk(fs)) used += fs.isDir(entry.mode) ? DIR_BLOCKS : blocksFor(entry.size);
  return used;
}

/**
 * Makes the filesystem a Pico-sized flash: a write, truncate or mkdir that would need more blocks
 * than are free fails with ENOSPC (MicroPython raises OSError 28), and statvfs reports the Pico's
 * geometry. Returns a switch to lift the limit while saved files are put back.
 */
export function installFlashLimit(fs: FlashFs, blocks = PICO_FS_BLOCKS): { suspend: (on: boolean) => void } {
  const table = fs.filesystems.MEMFS.ops_table;
  let suspended = false;
  const claim = (extraBlocks: number) => {
    if (suspended || extraBlocks <= 0) return;
    if (usedBlocks(fs) + extraBlocks > blocks) throw new fs.ErrnoError(ENOSPC);
  };

  const write = table.file.stream.write;
  table.file.stream.write = (stream, buffer, offset, length, position, canOwn) => {
    const before = stream.node.usedBytes ?? 0;
    claim(blocksFor(Math.max(before, position + length)) - blocksFor(before));
    return write(stream, buffer, offset, length, position, canOwn);
  };

  const setattr = table.file.node.setattr;
  table.file.node.setattr = (node, attr) => {
    if (attr.size !== undefined) claim(blocksFor(attr.size) - blocksFor(node.usedBytes ?? 0));
    setattr(node, attr);
  };

  const mknod = table.dir.node.mknod;
  table.dir.node.mknod = (parent, name, mode, dev) => {
    if (fs.isDir(mode)) claim(DIR_BLOCKS);
    return mknod(parent, name, mode, dev);
  };

  // os.listdir('/') shows the learner's files only, as on a Pico (Emscripten's folders still work by name).
  const readdir = table.dir.node.readdir;
  table.dir.node.readdir = (node) => {
    const names = readdir(node);
    return node === fs.root ? names.filter((name) => !SYSTEM_DIRS.has(name)) : names;
  };

  // os.statvfs(): the Pico's geometry and what is free on it (Emscripten asks the node's ops).
  const statfs = (): StatFs => {
    const free = Math.max(0, blocks - usedBlocks(fs));
    return { bsize: PICO_FS_BLOCK_BYTES, frsize: PICO_FS_BLOCK_BYTES, blocks, bfree: free, bavail: free };
  };
  table.dir.node.statfs = statfs;
  table.file.node.statfs = statfs;

  return { suspend: (on) => void (suspended = on) };
}

/** Every file and folder of the learner's filesystem, to keep. */
export function exportFiles(fs: FlashFs): ArchiveEntry[] {
  const entries: ArchiveEntry[] = [];
  for (const { path, mode, mtime } of walk(fs)) {
    if (fs.isDir(mode)) entries.push({ path, mtime });
    else entries.push({ path, mtime, data: fs.readFile(`/${path}`).slice() });
  }
  return entries;
}

/** Puts kept files back (before the interpreter's first prompt). Entries that cannot be written are skipped. */
export function importFiles(fs: FlashFs, entries: readonly ArchiveEntry[]): number {
  let restored = 0;
  for (const entry of entries) {
    if (!validArchivePath(entry.path) || SYSTEM_DIRS.has(entry.path.split('/')[0])) continue;
    try {
      if (entry.data) fs.writeFile(`/${entry.path}`, entry.data);
      else fs.mkdir(`/${entry.path}`);
      fs.utime(`/${entry.path}`, entry.mtime, entry.mtime);
      restored++;
    } catch {
      /* e.g. a folder that already exists */
    }
  }
  return restored;
}
