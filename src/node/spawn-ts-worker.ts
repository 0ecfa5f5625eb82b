import { Worker } from 'node:worker_threads';

const bootstrap = new URL('./ts-worker-bootstrap.mjs', import.meta.url);

/** A worker_threads Worker running a TypeScript entry module (Node only: CLI and tests). */
export function spawnTsWorker(entry: URL, workerData: Record<string, unknown> = {}): Worker {
  return new Worker(bootstrap, { workerData: { ...workerData, entry: entry.href } });
}
