import type { InterruptWords } from './interrupt-words';

/** Messages between WasmBoard (main thread) and the interpreter's worker. */
export type ToWasmWorker =
  /** `control`: present when shared memory is wanted and available (see shared-interrupt.ts). */
  /** `stdin`: the StdinRing's buffer, for keys typed while a program runs (with `control` only). */
  /** `files`: the learner's files to put back before the first prompt (a file-archive.ts archive). */
  | {
      t: 'init';
      heapsize: number;
      wasmUrl?: string;
      control?: SharedArrayBuffer;
      stdin?: SharedArrayBuffer;
      files?: Uint8Array;
    }
  | { t: 'in'; seq: number; bytes: Uint8Array }
  /** `limit`: copy only the addresses below it. */
  | { t: 'mem'; id: number; limit?: number }
  /** The learner's files now, as an archive (answered after any program still running). */
  | { t: 'files'; id: number };

export type FromWasmWorker =
  /**
   * `interrupt`: how to raise KeyboardInterrupt through shared memory; absent when that is not possible
   * (`sharedFailure` says why).
   */
  | {
      t: 'ready';
      interrupt?: { memory: SharedArrayBuffer; words: InterruptWords };
      sharedFailure?: string;
      /** Programs can read keys (input(), sys.stdin): the StdinRing is in use. */
      stdin: boolean;
    }
  | { t: 'out'; bytes: Uint8Array }
  | { t: 'ack'; seq: number }
  /** Still feeding message `seq` to the REPL (sent while input is being read, never while a program runs). */
  | { t: 'fed'; seq: number }
  | { t: 'mem'; id: number; buffer: ArrayBuffer }
  | { t: 'files'; id: number; archive: Uint8Array }
  /** The shared memory grew: its new buffer (sent before the ack of the message that grew it). */
  | { t: 'grown'; memory: SharedArrayBuffer }
  /** Saved files given to init that could not be read (the board starts without them). */
  | { t: 'files-lost'; message: string }
  | { t: 'fatal'; message: string };

/** The two calls a worker endpoint needs, in the browser and in Node alike. */
export interface WorkerEndpoint {
  post(message: FromWasmWorker, transfer?: Transferable[]): void;
  listen(handler: (message: ToWasmWorker) => void): void;
}
