import { Worker as NodeWorker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('./node-worker-entry.mjs', import.meta.url));

/**
 * The real src/pico/pico-worker.ts in a Node worker thread, behind the part of the Web Worker API
 * that WorkerBackend uses, so the page ↔ worker protocol (batching, transfers, ordering) runs in
 * Node tests. `exited` resolves when the thread has ended.
 */
export function startPicoWorker(): { worker: Worker; exited: Promise<number> } {
  const thread = new NodeWorker(ENTRY);
  const exited = new Promise<number>((resolve) => thread.once('exit', resolve));
  const adapter = {
    onmessage: null as ((event: MessageEvent) => void) | null,
    onerror: null as ((event: ErrorEvent) => void) | null,
    postMessage(message: unknown, transfer: Transferable[] = []) {
      thread.postMessage(message, transfer as ArrayBuffer[]);
    },
    terminate() {
      void thread.terminate();
    },
  };
  thread.on('message', (data: unknown) => adapter.onmessage?.({ data } as MessageEvent));
  thread.on('error', (error) => adapter.onerror?.({ message: error.message } as ErrorEvent));
  return { worker: adapter as unknown as Worker, exited };
}
