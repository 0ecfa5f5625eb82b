// Starts a TypeScript module in a worker thread: registers tsx's loader in this
// thread, then imports the entry named in workerData.entry (a file URL).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
