import { spawnTsWorker } from '../../node/spawn-ts-worker';
import { WasmBoard, type WasmBoardOptions, type WasmWorkerHandle } from './wasm-board';
import type { FromWasmWorker } from './wasm-messages';

/** The browser-wasm board for Node (CLI, tests): the interpreter runs in a worker thread. */
export function createNodeWasmBoard(options: Omit<WasmBoardOptions, 'spawn'> = {}): WasmBoard {
  return new WasmBoard({ ...options, spawn: spawnNodeWorker });
}

/** Starts the interpreter in a Node worker thread (what the browser board's page does with a Web Worker). */
export function spawnNodeWorker(): WasmWorkerHandle {
  const worker = spawnTsWorker(new URL('./wasm-worker-node.ts', import.meta.url));
  worker.unref();
  return {
    post: (message, transfer) => worker.postMessage(message, (transfer ?? []) as never),
    onMessage: (handler) => worker.on('message', (m: FromWasmWorker) => handler(m)),
    onError: (handler) => worker.on('error', handler),
    terminate: () => void worker.terminate(),
  };
}
