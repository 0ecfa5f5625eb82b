import { Listeners } from '../../util/listeners';
import { BAUD_RATE, type SerialPortLike } from './web-serial';

/** Why a link ended. */
export type LinkEnd = { reason: 'unplugged' | 'closed' | 'failed'; message: string };

/**
 * One open serial port: a read loop that hands on every chunk, a write queue that sends in order,
 * and one `ended` report however the link goes (unplugged, closed by us, a read or write error).
 */
export class SerialLink {
  private readonly data = new Listeners<[Uint8Array]>();
  private readonly endListeners = new Listeners<[LinkEnd]>();
  private reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  private writer: WritableStreamDefaultWriter<Uint8Array> | undefined;
  private writes: Promise<void> = Promise.resolve();
  private end: LinkEnd | undefined;
  private closing = false;

  private constructor(private readonly port: SerialPortLike) {}

  /**
   * Opens `port`. Rejects with a sentence a learner can act on when the port is held by another
   * program (or another tab) or cannot be opened.
   */
  static async open(port: SerialPortLike): Promise<SerialLink> {
    try {
      await port.open({ baudRate: BAUD_RATE });
    } catch (error) {
      throw new Error(openFailure(error), { cause: error });
    }
    const link = new SerialLink(port);
    link.start();
    return link;
  }

  get ended(): LinkEnd | undefined {
    return this.end;
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    return this.data.add(listener);
  }

  /** Called once, when the link ends. */
  onEnd(listener: (end: LinkEnd) => void): () => void {
    return this.endListeners.add(listener);
  }

  /** Queues bytes for the port; after the link ended they are dropped (the end was reported). */
  write(bytes: Uint8Array): void {
    if (this.end || !this.writer || bytes.length === 0) return;
    const writer = this.writer;
    const copy = bytes.slice();
    this.writes = this.writes.then(
      () => writer.write(copy),
      () => undefined,
    );
    this.writes.catch((error: unknown) => this.finish(lost(error)));
  }

  /** Closes the port (waits for queued writes, briefly). */
  async close(): Promise<void> {
    if (this.end) return;
    this.closing = true;
    await Promise.race([this.writes.catch(() => undefined), delay(500)]);
    this.finish({ reason: 'closed', message: 'closed' });
    await this.reader?.cancel().catch(() => undefined);
    this.reader?.releaseLock();
    await this.writer?.close().catch(() => undefined);
    this.writer?.releaseLock();
    await this.port.close().catch(() => undefined);
  }

  private start(): void {
    this.writer = this.port.writable?.getWriter();
    this.reader = this.port.readable?.getReader();
    this.port.addEventListener('disconnect', () => this.finish(UNPLUGGED));
    void this.readLoop();
  }

  private async readLoop(): Promise<void> {
    const reader = this.reader;
    if (!reader) return this.finish({ reason: 'failed', message: 'the port cannot be read' });
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        if (value?.length) this.data.emit(value);
      }
      this.finish(this.closing ? { reason: 'closed', message: 'closed' } : UNPLUGGED);
    } catch (error) {
      this.finish(this.closing ? { reason: 'closed', message: 'closed' } : lost(error));
    }
  }

  private finish(end: LinkEnd): void {
    if (this.end) return;
    this.end = end;
    this.endListeners.emit(end);
  }
}

const UNPLUGGED: LinkEnd = { reason: 'unplugged', message: 'the Pico was unplugged or restarted' };

/** A read or write that failed: a lost device (unplugged, reset) or something else. */
function lost(error: unknown): LinkEnd {
  const name = (error as { name?: string })?.name;
  if (name === 'NetworkError' || name === 'NotFoundError') return UNPLUGGED;
  return { reason: 'failed', message: `the serial port failed: ${(error as Error)?.message ?? String(error)}` };
}

function openFailure(error: unknown): string {
  const name = (error as { name?: string })?.name;
  if (name === 'InvalidStateError') return 'the port is already open in this page';
  if (name === 'NetworkError') {
    return (
      'another program is using the port (Thonny, a terminal, mpremote, or another tab of the lab): ' +
      'close it there, then click Reconnect'
    );
  }
  return `the port could not be opened: ${(error as Error)?.message ?? String(error)}`;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
