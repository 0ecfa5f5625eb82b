import { readFile } from 'node:fs/promises';
import { BoardSetupError } from '../board/board-setup-error';

/**
 * Reads FILE.py as MicroPython wants it: UTF-8 without a byte-order mark (MicroPython
 * takes a BOM for part of the first name). Anything else is refused with a one-line
 * reason rather than silently altered.
 */
export async function readProgram(path: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new BoardSetupError(`cannot read ${path}: ${reason}`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    const where = at < 0 ? '' : ` (byte 0x${bytes[at].toString(16).padStart(2, '0')} at offset ${at})`;
    throw new BoardSetupError(`${path} is not UTF-8 text${where}: save it as UTF-8`);
  }
}

/** Where the first malformed UTF-8 sequence starts (-1 if only the finer rules, e.g. overlong forms, are broken). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const lead = bytes[i];
    const more =
      lead < 0x80
        ? 0
        : lead >= 0xc2 && lead < 0xe0
          ? 1
          : lead >= 0xe0 && lead < 0xf0
            ? 2
            : lead >= 0xf0 && lead < 0xf5
              ? 3
              : -1;
    if (more < 0) return i;
    for (let k = 1; k <= more; k++) if (i + k >= bytes.length || (bytes[i + k] & 0xc0) !== 0x80) return i;
    i += more + 1;
  }
  return -1;
}
