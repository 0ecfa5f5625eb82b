// Node entry of the interpreter worker (worker_threads), for the CLI and tests.
import { parentPort } from 'node:worker_threads';
import { serveMicroPython } from './wasm-worker-core';

if (!parentPort) throw new Error('wasm-worker-node must run in a worker thread');
const port = parentPort;
serveMicroPython({
  post: (message, transfer) => port.postMessage(message, (transfer ?? []) as never),
  listen: (handler) => port.on('message', handler),
});
