import { Listeners } from '../util/listeners';
import type { HostStatus } from './host-types';
import type { PicoBackend } from './pico-backend';
import { PicoHost, type PicoHostOptions } from './pico-host';

/** Runs the PicoHost in this thread, yielding to the event loop between slices (Node, tests, CLI). */
export class InlineBackend implements PicoBackend {
  private host: PicoHost | null = null;
  private readonly dataListeners = new Listeners<[Uint8Array]>();
  private readonly statusListeners = new Listeners<[HostStatus, string]>();

  constructor(private readonly options: Omit<PicoHostOptions, 'flash'>) {}

  /** The host itself, for tests and benchmarks that look inside. */
  get picoHost(): PicoHost | null {
    return this.host;
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    return this.dataListeners.add(listener);
  }

  onStatus(listener: (status: HostStatus, detail: string) => void): () => void {
    return this.statusListeners.add(listener);
  }

  async start(flash: Uint8Array): Promise<void> {
    this.host?.dispose();
    const host = new PicoHost({ ...this.options, flash });
    host.data.add((bytes) => this.dataListeners.emit(bytes));
    host.statusChanged.add((status, detail) => this.statusListeners.emit(status, detail));
    this.host = host;
    this.statusListeners.emit(host.status, host.statusDetail);
    host.start();
  }

  write(bytes: Uint8Array): void {
    this.host?.write(bytes);
  }

  async pause(): Promise<void> {
    this.required().pause();
  }

  async resume(): Promise<void> {
    this.required().resume();
  }

  async powerCycle(): Promise<void> {
    this.required().powerCycle();
  }

  async loadFirmware(image: Uint8Array, endOffset: number): Promise<void> {
    this.required().loadFirmware(image, endOffset);
  }

  async replaceFlash(flash: Uint8Array): Promise<void> {
    this.required().replaceFlash(flash);
  }

  async snapshot(includeFlash: boolean) {
    return this.required().snapshot(includeFlash);
  }

  async getFlash(): Promise<Uint8Array> {
    return this.required().getFlash();
  }

  async stats() {
    return this.required().stats();
  }

  async dispose(): Promise<void> {
    this.host?.dispose();
    this.host = null;
  }

  private required(): PicoHost {
    if (!this.host) throw new Error('The Virtual Pico has not been started.');
    return this.host;
  }
}
