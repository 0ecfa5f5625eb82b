import type { Board, BoardInfo, BoardStatus, MemoryOptions } from './board';
import { Listeners } from '../util/listeners';
import type { MemoryImage } from '../memory/memory-image';

/** Status and listener bookkeeping shared by every board. */
export abstract class BoardBase implements Board {
  abstract readonly info: BoardInfo;
  private _status: BoardStatus = 'disconnected';
  private _detail = '';
  protected readonly dataListeners = new Listeners<[Uint8Array]>();
  private readonly statusListeners = new Listeners<[BoardStatus, string]>();

  get status(): BoardStatus {
    return this._status;
  }

  get statusDetail(): string {
    return this._detail;
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    return this.dataListeners.add(listener);
  }

  onStatus(listener: (status: BoardStatus, detail: string) => void): () => void {
    return this.statusListeners.add(listener);
  }

  protected setStatus(status: BoardStatus, detail = ''): void {
    if (status === this._status && detail === this._detail) return;
    this._status = status;
    this._detail = detail;
    this.statusListeners.emit(status, detail);
  }

  protected emitData(bytes: Uint8Array): void {
    if (bytes.length) this.dataListeners.emit(bytes);
  }

  abstract connect(): Promise<void>;
  abstract write(bytes: Uint8Array): void;
  abstract reset(): Promise<void>;
  memory?(options?: MemoryOptions): Promise<MemoryImage>;
  abstract dispose(): Promise<void>;
}
