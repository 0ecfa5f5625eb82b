import type { HostStats, HostStatus, SnapshotRegions } from './host-types';

/** Calls that expect an answer carry an `id`; the worker replies with the same id. */
export type WorkerRequest =
  | { type: 'start'; id: number; flash: Uint8Array }
  | { type: 'pause'; id: number }
  | { type: 'resume'; id: number }
  | { type: 'powerCycle'; id: number }
  | { type: 'loadFirmware'; id: number; image: Uint8Array; endOffset: number }
  | { type: 'replaceFlash'; id: number; flash: Uint8Array }
  | { type: 'snapshot'; id: number; includeFlash: boolean }
  | { type: 'getFlash'; id: number }
  | { type: 'stats'; id: number }
  | { type: 'dispose'; id: number };

/** Fire-and-forget serial input (batched per microtask on the page side). */
export interface WorkerWrite {
  type: 'write';
  bytes: Uint8Array;
}

export type WorkerInbound = WorkerRequest | WorkerWrite;

export type WorkerResult = undefined | SnapshotRegions | Uint8Array | HostStats;

export type WorkerOutbound =
  | { type: 'data'; bytes: Uint8Array }
  | { type: 'status'; status: HostStatus; detail: string }
  | { type: 'warning'; message: string }
  | { type: 'reply'; id: number; result?: WorkerResult; error?: string };
