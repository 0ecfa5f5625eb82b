/**
 * Rewrites a WebAssembly binary so that its linear memory is imported as a
 * *shared* memory (`env.memory`) instead of being defined by the module.
 *
 * Why: a Python loop in the worker never returns to JavaScript, so a Ctrl-C
 * posted to the worker is never read. With the memory shared, the main thread
 * can write MicroPython's "pending KeyboardInterrupt" flags straight into the
 * interpreter's state while the loop runs; the VM checks them between bytecodes.
 *
 * Only the module header is touched: the memory section is removed and one
 * import appended, so memory index 0 (used by the code, data segments and the
 * `memory` export) now names the imported memory. Function indices are unchanged
 * because only function imports shift them.
 */

const SECTION_IMPORT = 2;
const SECTION_MEMORY = 5;
const KIND_FUNC = 0;
const KIND_TABLE = 1;
const KIND_MEMORY = 2;
const KIND_GLOBAL = 3;
const KIND_TAG = 4;
/** Limits flag: shared, with a maximum (the threads proposal requires one). */
const LIMITS_SHARED_MAX = 0x03;
/** 2 GiB in 64 KiB pages: the default maximum when the module declares none. */
export const DEFAULT_MAX_PAGES = 32768;

export interface SharedMemoryBinary {
  /** The rewritten module. */
  binary: Uint8Array<ArrayBuffer>;
  /** The memory's size in pages, taken from the original definition. */
  initial: number;
  maximum: number;
}

/** Thrown when the binary is not the kind this rewrite understands; callers fall back to the unshared memory. */
export class WasmRewriteError extends Error {
  override name = 'WasmRewriteError';
}

class Reader {
  pos: number;
  constructor(
    readonly bytes: Uint8Array,
    start = 0,
  ) {
    this.pos = start;
  }
  byte(): number {
    if (this.pos >= this.bytes.length) throw new WasmRewriteError('unexpected end of the wasm binary');
    return this.bytes[this.pos++];
  }
  u32(): number {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
    }
    throw new WasmRewriteError('malformed LEB128 number in the wasm binary');
  }
  skip(n: number): void {
    this.pos += n;
    if (this.pos > this.bytes.length) throw new WasmRewriteError('unexpected end of the wasm binary');
  }
  limits(): { flags: number; min: number; max?: number } {
    const flags = this.byte();
    if (flags & ~0x07) throw new WasmRewriteError(`unknown limits flags 0x${flags.toString(16)}`);
    if (flags & 0x04) throw new WasmRewriteError('64-bit memories are not supported');
    const min = this.u32();
    const max = flags & 0x01 ? this.u32() : undefined;
    return { flags, min, max };
  }
}

function leb(value: number): number[] {
  const out: number[] = [];
  do {
    let b = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) b |= 0x80;
    out.push(b);
  } while (value > 0);
  return out;
}

function name(text: string): number[] {
  const bytes = new TextEncoder().encode(text);
  return [...leb(bytes.length), ...bytes];
}

interface Section {
  id: number;
  /** The whole section, header included. */
  start: number;
  end: number;
  /** The payload. */
  bodyStart: number;
}

function sections(bytes: Uint8Array): Section[] {
  const magic = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  if (bytes.length < 8 || magic.some((b, i) => bytes[i] !== b))
    throw new WasmRewriteError('not a version-1 wasm binary');
  const out: Section[] = [];
  const r = new Reader(bytes, 8);
  while (r.pos < bytes.length) {
    const start = r.pos;
    const id = r.byte();
    const size = r.u32();
    const bodyStart = r.pos;
    r.skip(size);
    out.push({ id, start, end: r.pos, bodyStart });
  }
  return out;
}

/** Skips one import entry and returns its kind. */
function skipImport(r: Reader): number {
  r.skip(r.u32()); // module name
  r.skip(r.u32()); // field name
  const kind = r.byte();
  switch (kind) {
    case KIND_FUNC:
      r.u32();
      break;
    case KIND_TABLE:
      r.byte();
      r.limits();
      break;
    case KIND_MEMORY:
      r.limits();
      break;
    case KIND_GLOBAL:
      r.byte();
      r.byte();
      break;
    case KIND_TAG:
      r.byte();
      r.u32();
      break;
    default:
      throw new WasmRewriteError(`unknown import kind ${kind}`);
  }
  return kind;
}

/**
 * Returns the module with its single defined memory turned into the import
 * `env.memory` (shared, with a maximum: the module's own, else `defaultMaxPages`).
 */
export function importSharedMemory(original: Uint8Array, defaultMaxPages = DEFAULT_MAX_PAGES): SharedMemoryBinary {
  const all = sections(original);
  const memory = all.filter((s) => s.id === SECTION_MEMORY);
  if (memory.length !== 1) throw new WasmRewriteError('the module defines no memory of its own');
  const mr = new Reader(original, memory[0].bodyStart);
  if (mr.u32() !== 1) throw new WasmRewriteError('the module defines more than one memory');
  const limits = mr.limits();
  if (limits.flags & 0x02) throw new WasmRewriteError('the module memory is already shared');
  const initial = limits.min;
  const maximum = limits.max ?? Math.max(defaultMaxPages, initial);

  const memoryImport = [
    ...name('env'),
    ...name('memory'),
    KIND_MEMORY,
    LIMITS_SHARED_MAX,
    ...leb(initial),
    ...leb(maximum),
  ];
  const imports = all.find((s) => s.id === SECTION_IMPORT);
  let importBody: number[];
  if (imports) {
    const r = new Reader(original.subarray(0, imports.end), imports.bodyStart);
    const count = r.u32();
    const entriesStart = r.pos;
    for (let i = 0; i < count; i++) {
      if (skipImport(r) === KIND_MEMORY) throw new WasmRewriteError('the module already imports a memory');
    }
    importBody = [...leb(count + 1), ...original.subarray(entriesStart, imports.end), ...memoryImport];
  } else {
    importBody = [...leb(1), ...memoryImport];
  }
  const importSection = [SECTION_IMPORT, ...leb(importBody.length), ...importBody];

  // Reassemble: every section as it was, minus the memory section, with the new
  // import section where the old one was (or before the first section that must follow it).
  const parts: Uint8Array[] = [original.subarray(0, 8)];
  let importWritten = false;
  for (const s of all) {
    if (s.id === SECTION_MEMORY) continue;
    if (s.id === SECTION_IMPORT) {
      parts.push(Uint8Array.from(importSection));
      importWritten = true;
      continue;
    }
    // Import comes after type (1) and before every other known section (custom sections, id 0, may sit anywhere).
    if (!importWritten && s.id !== 0 && s.id !== 1) {
      parts.push(Uint8Array.from(importSection));
      importWritten = true;
    }
    parts.push(original.subarray(s.start, s.end));
  }
  if (!importWritten) parts.push(Uint8Array.from(importSection));
  const binary = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    binary.set(p, at);
    at += p.length;
  }
  return { binary, initial, maximum };
}
