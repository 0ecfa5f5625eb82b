/** Messages between WasmBoard (main thread) and the interpreter's worker. */
export type ToWasmWorker =
  | { t: 'init'; heapsize: number; wasmUrl?: string }
  | { t: 'in'; seq: number; bytes: Uint8Array }
  | { t: 'mem'; id: number };

export type FromWasmWorker =
  | { t: 'ready' }
  | { t: 'out'; bytes: Uint8Array }
  | { t: 'ack'; seq: number }
  | { t: 'mem'; id: number; buffer: ArrayBuffer }
  | { t: 'fatal'; message: string };

/** The two calls a worker endpoint needs, in the browser and in Node alike. */
export interface WorkerEndpoint {
  post(message: FromWasmWorker, transfer?: Transferable[]): void;
  listen(handler: (message: ToWasmWorker) => void): void;
}
