// The wasm rewrite that gives the browser-wasm board a shared memory, on the real MicroPython binary.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import { importSharedMemory, WasmRewriteError } from '../../src/board/wasm/shared-memory-binary';

const wasmPath = createRequire(import.meta.url).resolve(
  '@micropython/micropython-webassembly-pyscript/micropython.wasm',
);
const original = new Uint8Array(readFileSync(wasmPath));

describe('importSharedMemory', () => {
  test('the MicroPython module imports env.memory (shared) instead of defining it and still exports it', async () => {
    const before = await WebAssembly.compile(original);
    const { binary, initial, maximum } = importSharedMemory(original);
    const after = await WebAssembly.compile(binary);
    expect(WebAssembly.Module.imports(before).filter((i) => i.kind === 'memory')).toEqual([]);
    expect(WebAssembly.Module.imports(after).filter((i) => i.kind === 'memory')).toEqual([
      { module: 'env', name: 'memory', kind: 'memory' },
    ]);
    expect(WebAssembly.Module.exports(after)).toEqual(WebAssembly.Module.exports(before));
    // Same functions, same order: only the memory moved.
    expect(WebAssembly.Module.imports(after).filter((i) => i.kind !== 'memory')).toEqual(
      WebAssembly.Module.imports(before),
    );
    expect(initial).toBeGreaterThan(0);
    expect(maximum).toBeGreaterThanOrEqual(initial);
    // It links against a shared memory of those limits, and not against an unshared one.
    const memory = new WebAssembly.Memory({ initial, maximum, shared: true });
    expect(memory.buffer).toBeInstanceOf(SharedArrayBuffer);
    const env = Object.fromEntries(
      WebAssembly.Module.imports(after)
        .filter((i) => i.kind === 'function')
        .map((i) => [i.name, () => 0]),
    );
    const instance = await WebAssembly.instantiate(after, { env: { ...env, memory }, wasi_snapshot_preview1: env });
    expect(instance.exports.memory).toBe(memory);
    await expect(
      WebAssembly.instantiate(after, {
        env: { ...env, memory: new WebAssembly.Memory({ initial }) },
        wasi_snapshot_preview1: env,
      }),
    ).rejects.toThrow();
  });

  test('a module that defines no memory is refused with a clear error', () => {
    // The smallest valid module: header only.
    const empty = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    expect(() => importSharedMemory(empty)).toThrow(new WasmRewriteError('the module defines no memory of its own'));
  });

  test('bytes that are not wasm, or a truncated module, are refused', () => {
    expect(() => importSharedMemory(new TextEncoder().encode('not a wasm module'))).toThrow(WasmRewriteError);
    expect(() => importSharedMemory(original.subarray(0, 1000))).toThrow(WasmRewriteError);
  });

  test('a module without imports gets an import section in the right place', async () => {
    // (module (memory 1 2) (export "memory" (memory 0)))
    const tiny = new Uint8Array([
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x05, 0x04, 0x01, 0x01, 0x01, 0x02, 0x07, 0x0a, 0x01, 0x06, 0x6d,
      0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00,
    ]);
    const { binary, initial, maximum } = importSharedMemory(tiny);
    expect([initial, maximum]).toEqual([1, 2]);
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 2, shared: true });
    const { instance } = await WebAssembly.instantiate(binary, { env: { memory } });
    expect(instance.exports.memory).toBe(memory);
  });
});
