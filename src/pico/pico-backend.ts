import type { HostStats, HostStatus, SnapshotRegions } from './host-types';

/**
 * The Virtual Pico's emulator as the board sees it: the same operations
 * whether the PicoHost runs in this thread (Node) or in a Web Worker (browser).
 */
export interface PicoBackend {
  /** Serial bytes from the firmware; returns an unsubscribe function. */
  onData(listener: (bytes: Uint8Array) => void): () => void;
  onStatus(listener: (status: HostStatus, detail: string) => void): () => void;
  /** Boots the given flash (a parsed UF2 or a saved image). */
  start(flash: Uint8Array): Promise<void>;
  write(bytes: Uint8Array): void;
  pause(): Promise<void>;
  resume(): Promise<void>;
  powerCycle(): Promise<void>;
  loadFirmware(image: Uint8Array, endOffset: number): Promise<void>;
  replaceFlash(flash: Uint8Array): Promise<void>;
  snapshot(includeFlash: boolean): Promise<SnapshotRegions>;
  getFlash(): Promise<Uint8Array>;
  stats(): Promise<HostStats>;
  dispose(): Promise<void>;
}
