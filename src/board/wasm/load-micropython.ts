import { loadMicroPython } from '@micropython/micropython-webassembly-pyscript';
import { importSharedMemory } from './shared-memory-binary';
import { allowSharedViewsInTextDecoder } from './shared-text-decoder';
import type { FlashFs } from './worker-flash';
import type { StdinModule } from './worker-stdin';

/** The parts of the pyscript build's API this project uses. */
export interface MicroPythonWasm {
  runPython(code: string): unknown;
  replInit(): void;
  replProcessChar(chr: number): number;
  _module: { _mp_sched_keyboard_interrupt(): void; _mp_hal_get_interrupt_char(): number };
  /** Emscripten's file layer (stdin is its file descriptor 0; the learner's files live in it). */
  FS: StdinModule['FS'] & FlashFs;
}

export interface LoadedMicroPython {
  mp: MicroPythonWasm;
  /** The module's linear memory (its `buffer` changes when the heap grows: re-read it). */
  memory: WebAssembly.Memory;
  /** True when `memory` is a shared memory (its buffer is a SharedArrayBuffer). */
  shared: boolean;
  /** Why the memory is not shared although it was asked for. */
  sharedFailure?: string;
}

export interface LoadOptions {
  /** MicroPython GC heap size in bytes (the Pico's is ~240 KB). */
  heapsize: number;
  pystack?: number;
  /** Bytes the interpreter prints (stdout and stderr share the REPL stream). */
  output: (bytes: Uint8Array) => void;
  /** Where the .wasm lives (browser builds pass the bundled asset URL). */
  url?: string;
  /**
   * Rewrite the module to import a shared memory, so another thread can raise
   * KeyboardInterrupt inside a running loop. Falls back to the module's own
   * memory (`shared: false`) if the rewrite or the instantiation fails.
   */
  sharedMemory?: boolean;
}

type WasmSource = BufferSource | WebAssembly.Module;
type Imports = Record<string, Record<string, unknown>>;

/**
 * Loads the official MicroPython WebAssembly build and hands back its linear
 * memory as well. The module does not export its heap views (touching
 * `HEAPU8` aborts it), so we take the `memory` export from the instance as it
 * is created: the only way to read a whole region at memcpy speed. The same
 * interception swaps in the shared-memory binary when asked to.
 */
export async function loadMicroPythonWithMemory(options: LoadOptions): Promise<LoadedMicroPython> {
  let memory: WebAssembly.Memory | undefined;
  let shared = false;
  let sharedFailure: string | undefined;
  const wasm = WebAssembly as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const originals = { instantiate: wasm.instantiate, instantiateStreaming: wasm.instantiateStreaming };
  const capture = (result: unknown) => {
    const r = result as { instance?: WebAssembly.Instance; exports?: WebAssembly.Exports };
    const exports = r.instance?.exports ?? r.exports;
    if (exports?.memory instanceof WebAssembly.Memory) memory = exports.memory;
    return result;
  };
  const plain = (source: unknown, imports: unknown) => originals.instantiate.call(WebAssembly, source, imports);
  const instantiateShared = async (source: WasmSource, imports: Imports) => {
    if (source instanceof WebAssembly.Module) return plain(source, imports); // no bytes to rewrite
    try {
      const bytes =
        source instanceof ArrayBuffer
          ? new Uint8Array(source)
          : new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
      const rewritten = importSharedMemory(bytes);
      const mem = new WebAssembly.Memory({ initial: rewritten.initial, maximum: rewritten.maximum, shared: true });
      const result = await plain(rewritten.binary, {
        ...imports,
        env: Object.assign(imports.env ?? {}, { memory: mem }),
      });
      allowSharedViewsInTextDecoder();
      shared = true;
      return result;
    } catch (e) {
      sharedFailure = (e as Error).message;
      delete imports.env?.memory;
      return plain(source, imports);
    }
  };
  wasm.instantiate = (source, imports) =>
    (options.sharedMemory ? instantiateShared(source as WasmSource, imports as Imports) : plain(source, imports)).then(
      capture,
    );
  if (originals.instantiateStreaming) {
    wasm.instantiateStreaming = options.sharedMemory
      ? async (response, imports) => {
          const res = await (response as Promise<Response>);
          if (!res.ok) throw new Error(`could not fetch ${res.url}: HTTP ${res.status}`);
          return capture(await instantiateShared(await res.arrayBuffer(), imports as Imports));
        }
      : (...args) => originals.instantiateStreaming.apply(WebAssembly, args).then(capture);
  }
  try {
    const mp = (await loadMicroPython({
      heapsize: options.heapsize,
      pystack: options.pystack ?? 2048,
      url: options.url,
      linebuffer: false,
      stdout: options.output,
      stderr: options.output,
    })) as MicroPythonWasm;
    if (!memory) throw new Error('MicroPython WebAssembly module loaded without an exported memory');
    return { mp, memory, shared, sharedFailure };
  } finally {
    wasm.instantiate = originals.instantiate;
    if (originals.instantiateStreaming) wasm.instantiateStreaming = originals.instantiateStreaming;
  }
}
