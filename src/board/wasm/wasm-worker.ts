/// <reference lib="webworker" />
// Browser entry of the interpreter worker (bundled by Vite).
import wasmUrl from '@micropython/micropython-webassembly-pyscript/micropython.wasm?url';
import { serveMicroPython } from './wasm-worker-core';
import type { ToWasmWorker } from './wasm-messages';

const scope = self as unknown as DedicatedWorkerGlobalScope;
serveMicroPython({
  post: (message, transfer) => scope.postMessage(message, transfer ?? []),
  listen: (handler) => {
    scope.onmessage = (e: MessageEvent<ToWasmWorker>) => {
      const msg = e.data;
      handler(msg.t === 'init' ? { ...msg, wasmUrl: msg.wasmUrl ?? wasmUrl } : msg);
    };
  },
});
