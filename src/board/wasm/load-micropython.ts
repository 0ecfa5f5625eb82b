import { loadMicroPython } from '@micropython/micropython-webassembly-pyscript';

/** The parts of the pyscript build's API this project uses. */
export interface MicroPythonWasm {
  runPython(code: string): unknown;
  replInit(): void;
  replProcessChar(chr: number): number;
  _module: { _mp_sched_keyboard_interrupt(): void };
}

export interface LoadedMicroPython {
  mp: MicroPythonWasm;
  /** The module's linear memory (its `buffer` changes when the heap grows: re-read it). */
  memory: WebAssembly.Memory;
}

export interface LoadOptions {
  /** MicroPython GC heap size in bytes (the Pico's is ~240 KB). */
  heapsize: number;
  pystack?: number;
  /** Bytes the interpreter prints (stdout and stderr share the REPL stream). */
  output: (bytes: Uint8Array) => void;
  /** Where the .wasm lives (browser builds pass the bundled asset URL). */
  url?: string;
}

/**
 * Loads the official MicroPython WebAssembly build and hands back its linear
 * memory as well. The module does not export its heap views (touching
 * `HEAPU8` aborts it), so we take the `memory` export from the instance as it
 * is created: the only way to read a whole region at memcpy speed.
 */
export async function loadMicroPythonWithMemory(options: LoadOptions): Promise<LoadedMicroPython> {
  let memory: WebAssembly.Memory | undefined;
  const wasm = WebAssembly as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const originals = { instantiate: wasm.instantiate, instantiateStreaming: wasm.instantiateStreaming };
  const capture = (result: unknown) => {
    const r = result as { instance?: WebAssembly.Instance; exports?: WebAssembly.Exports };
    const exports = r.instance?.exports ?? r.exports;
    if (exports?.memory instanceof WebAssembly.Memory) memory = exports.memory;
    return result;
  };
  wasm.instantiate = (...args) => originals.instantiate.apply(WebAssembly, args).then(capture);
  if (originals.instantiateStreaming) {
    wasm.instantiateStreaming = (...args) => originals.instantiateStreaming.apply(WebAssembly, args).then(capture);
  }
  try {
    const mp = (await loadMicroPython({
      heapsize: options.heapsize,
      pystack: options.pystack ?? 2048,
      url: options.url,
      linebuffer: false,
      stdout: options.output,
      stderr: options.output,
    })) as unknown as MicroPythonWasm;
    if (!memory) throw new Error('MicroPython WebAssembly module loaded without an exported memory');
    return { mp, memory };
  } finally {
    wasm.instantiate = originals.instantiate;
    if (originals.instantiateStreaming) wasm.instantiateStreaming = originals.instantiateStreaming;
  }
}
