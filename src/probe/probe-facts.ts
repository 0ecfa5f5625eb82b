import { lastLine } from '../repl/traceback';

/** What the probe learns from the board that memory alone cannot tell. */
export interface ProbeFacts {
  implementation: {
    name: string;
    /** "1.27.0" */
    version: string;
    machine: string;
    build: string;
  };
  platform: string;
  /** 32 on the Pico (single-precision floats), 64 on the WebAssembly build. */
  floatBits: 32 | 64;
  /** Built-in type name → address of the type object (id(list), …). */
  types: Record<string, number>;
  /** id(globals()): address of __main__'s dict (inside mp_state_ctx). */
  globals: number;
  /**
   * gc.mem_free() as the board reported it. On the pyscript WebAssembly build
   * (MICROPY_GC_SPLIT_HEAP_AUTO) this adds the "max new split" the heap could
   * still grow by, so it is far larger than the free bytes in the pool.
   */
  memFree: number;
  memAlloc: number;
}

/** The probe's reply could not be understood. `reply` holds what arrived. */
export class ProbeError extends Error {
  constructor(
    message: string,
    readonly reply: string,
  ) {
    super(message);
    this.name = 'ProbeError';
  }
}

const MARKER = 'HEAPLAB-PROBE ';
const REQUIRED_TYPES = ['list', 'tuple', 'dict', 'str', 'type', 'function'];

const isAddress = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0 && v < 2 ** 32;

/**
 * Parses the probe's stdout (plus stderr, for a clearer error) into facts.
 * Throws ProbeError saying exactly what is wrong: no reply line, a traceback,
 * a cut-off line, or a field that is missing or of the wrong kind.
 */
export function parseProbeReply(stdout: string, stderr = ''): ProbeFacts {
  const line = stdout.split(/\r?\n/).find((l) => l.startsWith(MARKER));
  if (!line) {
    if (stderr.trim()) throw new ProbeError(`the heap probe failed on the board: ${lastLine(stderr)}`, stdout + stderr);
    throw new ProbeError(
      stdout.trim() ? 'the heap probe printed no facts line (reply garbled?)' : 'the heap probe printed nothing',
      stdout,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(line.slice(MARKER.length));
  } catch {
    throw new ProbeError('the heap probe reply is cut off or garbled (not valid JSON)', line);
  }
  const fail = (what: string): never => {
    throw new ProbeError(`the heap probe reply is incomplete: ${what}`, line);
  };
  if (typeof raw !== 'object' || raw === null) return fail('not an object');
  const r = raw as Record<string, unknown>;
  if (r.probe !== 1) fail('unknown probe format version');
  const impl = r.implementation as Record<string, unknown> | undefined;
  if (!impl || typeof impl.name !== 'string') fail('implementation.name missing');
  const version = impl!.version;
  if (!Array.isArray(version) || version.length < 2 || !version.every((n) => Number.isInteger(n))) {
    fail('implementation.version missing');
  }
  const types = r.types as Record<string, unknown> | undefined;
  if (!types || typeof types !== 'object') return fail('types missing');
  const typeTable: Record<string, number> = {};
  for (const [k, v] of Object.entries(types)) {
    if (!isAddress(v)) fail(`types.${k} is not an address`);
    typeTable[k] = v as number;
  }
  for (const k of REQUIRED_TYPES) if (!(k in typeTable)) fail(`types.${k} missing`);
  if (!isAddress(r.globals)) fail('globals is not an address');
  if (r.floatBits !== 32 && r.floatBits !== 64) fail('floatBits must be 32 or 64');
  if (!Number.isInteger(r.memFree) || !Number.isInteger(r.memAlloc)) fail('memFree/memAlloc missing');
  return {
    implementation: {
      name: impl!.name as string,
      version: (version as number[]).join('.'),
      machine: typeof impl!.machine === 'string' ? impl!.machine : '',
      build: typeof impl!.build === 'string' ? impl!.build : '',
    },
    platform: typeof r.platform === 'string' ? r.platform : '',
    floatBits: r.floatBits as 32 | 64,
    types: typeTable,
    globals: r.globals as number,
    memFree: r.memFree as number,
    memAlloc: r.memAlloc as number,
  };
}
