// Runs src/pico/pico-worker.ts in a Node worker thread: `self` becomes the thread's parent port,
// which is all a dedicated worker's scope is to pico-worker.ts (postMessage with a transfer list,
// onmessage). TypeScript is loaded through tsx (a dev dependency). Plain JS so Node can start it.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
globalThis.self = {
  postMessage: (message, transfer = []) => parentPort.postMessage(message, transfer),
  set onmessage(listener) {
    parentPort.on('message', (data) => listener({ data }));
  },
};
await import('../../src/pico/pico-worker.ts');
