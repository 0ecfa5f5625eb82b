/**
 * A stand-in for the browser's Web Serial (navigator.serial) in a Playwright page, whose one port
 * is backed by a real MicroPython board running in the test process: the Virtual Pico (or the
 * MicroPython WebAssembly build). The page's bytes go to the board's REPL and the board's bytes
 * come back, so everything above the port — the chooser, raw-paste, the probe, memory reads over
 * the REPL, the views — runs against real MicroPython. The test can unplug the port at any moment,
 * make the chooser answer "cancel", or have the port answer garbage, and counts the traffic.
 */
import type { Page } from 'playwright-core';
import type { Board } from '../../src/board/board';

export interface FakeSerialOptions {
  /** The chooser's answer: pick the fake Pico, or close the list without a choice. */
  chooser?: 'pick' | 'cancel';
  /** Instead of a board, the port answers every write with these bytes (not a MicroPython). */
  garbage?: Uint8Array;
  /** The first open fails as when another program (Thonny, a terminal) holds the port. */
  busyOnce?: boolean;
  /** Each hand-over of the board's bytes to the page waits this long (a slow link, to watch progress). */
  latencyMs?: number;
}

export interface Traffic {
  /** Bytes page → board and board → page. */
  toBoard: number;
  fromBoard: number;
  /** Writes the page made (each a USB transfer or more). */
  writes: number;
  /** Memory read requests ('R' + 12 hex digits) seen in the page's writes. */
  memoryRequests: number;
}

/** The page side, as an init script (runs before the app in every document). */
function pageSide(): void {
  interface HostCall {
    (op: 'open' | 'close'): Promise<string>;
    (op: 'write', bytes: number[]): Promise<string>;
  }
  const host = (window as unknown as { __fakeSerialHost: HostCall }).__fakeSerialHost;
  const lost = () => new DOMException('The device has been lost.', 'NetworkError');

  class FakePort extends EventTarget {
    readable: ReadableStream<Uint8Array> | null = null;
    writable: WritableStream<Uint8Array> | null = null;
    controller: ReadableStreamDefaultController<Uint8Array> | undefined;
    plugged = true;

    getInfo() {
      return { usbVendorId: 0x2e8a, usbProductId: 0x0005 };
    }

    async open(options: { baudRate: number }) {
      if (!options || !options.baudRate) throw new TypeError('baudRate is required');
      if (this.readable) throw new DOMException('The port is already open.', 'InvalidStateError');
      if (!this.plugged) throw lost();
      const answer = await host('open');
      if (answer === 'busy') throw new DOMException('Failed to open serial port.', 'NetworkError');
      this.readable = new ReadableStream<Uint8Array>({ start: (c) => void (this.controller = c) });
      this.writable = new WritableStream<Uint8Array>({
        write: async (chunk) => {
          if (!this.plugged) throw lost();
          await host('write', Array.from(chunk));
        },
      });
    }

    async close() {
      try {
        this.controller?.close();
      } catch {
        /* already errored by an unplug */
      }
      this.readable = null;
      this.writable = null;
      this.controller = undefined;
      await host('close');
    }
  }

  const port = new FakePort();
  const serial = new EventTarget() as EventTarget & Record<string, unknown>;
  let granted = false;
  serial.requestPort = async () => {
    const state = (window as unknown as { __fakeSerial: { chooser: string } }).__fakeSerial;
    if (state.chooser === 'cancel' || !port.plugged)
      throw new DOMException('No port selected by the user.', 'NotFoundError');
    granted = true;
    return port;
  };
  serial.getPorts = async () => (granted && port.plugged ? [port] : []);
  Object.defineProperty(navigator, 'serial', { value: serial, configurable: true });
  (window as unknown as Record<string, unknown>).__fakeSerial = {
    chooser: 'pick',
    push(bytes: number[]) {
      try {
        port.controller?.enqueue(new Uint8Array(bytes));
      } catch {
        /* the stream was closed or errored meanwhile */
      }
    },
    unplug() {
      port.plugged = false;
      try {
        port.controller?.error(lost());
      } catch {
        /* not open */
      }
      port.dispatchEvent(new Event('disconnect'));
      serial.dispatchEvent(new Event('disconnect'));
    },
    plugIn() {
      port.readable = null;
      port.writable = null;
      port.controller = undefined;
      port.plugged = true;
      serial.dispatchEvent(new Event('connect'));
    },
  };
}

/**
 * Installs the stand-in in `page` (before it loads the app) with `board` behind its port. The
 * board is connected already; the test keeps it and disposes it.
 */
export async function installFakeSerial(page: Page, board: Board | undefined, options: FakeSerialOptions = {}) {
  const traffic: Traffic = { toBoard: 0, fromBoard: 0, writes: 0, memoryRequests: 0 };
  let open = false;
  let busy = options.busyOnce ?? false;
  /** Called with each write before it reaches the board: return true to unplug instead. */
  let unplugWhen: ((text: string) => boolean) | undefined;
  let queue: number[] = [];
  let flushing = false;

  const flush = async () => {
    if (flushing) return;
    flushing = true;
    try {
      while (queue.length && open) {
        if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
        const bytes = queue;
        queue = [];
        traffic.fromBoard += bytes.length;
        await page
          .evaluate(
            (b) => (window as unknown as { __fakeSerial: { push(b: number[]): void } }).__fakeSerial.push(b),
            bytes,
          )
          .catch(() => undefined);
      }
    } finally {
      flushing = false;
    }
  };
  const fromBoard = (bytes: Uint8Array) => {
    if (!open) return;
    for (const b of bytes) queue.push(b);
    void flush();
  };
  board?.onData(fromBoard);

  const unplug = async () => {
    open = false;
    queue = [];
    await page.evaluate(() => (window as unknown as { __fakeSerial: { unplug(): void } }).__fakeSerial.unplug());
  };

  await page.exposeBinding('__fakeSerialHost', async (_source, op: string, data?: number[]) => {
    if (op === 'open') {
      if (busy) {
        busy = false;
        return 'busy';
      }
      open = true;
      return 'ok';
    }
    if (op === 'close') {
      open = false;
      return 'ok';
    }
    const bytes = new Uint8Array(data ?? []);
    const text = String.fromCharCode(...bytes);
    traffic.writes++;
    traffic.toBoard += bytes.length;
    traffic.memoryRequests += (text.match(/R[0-9a-f]{12}/g) ?? []).length;
    if (unplugWhen?.(text)) {
      unplugWhen = undefined;
      await unplug();
      return 'ok';
    }
    if (options.garbage) fromBoard(options.garbage);
    else board?.write(bytes);
    return 'ok';
  });
  // Under tsx (scripts, not vitest) functions carry esbuild's __name() helper: give the page one.
  await page.addInitScript('globalThis.__name = globalThis.__name || ((f) => f);');
  await page.addInitScript(pageSide);
  if (options.chooser) {
    await page.addInitScript((answer) => {
      // Runs after pageSide: the chooser's answer for this page.
      (window as unknown as { __fakeSerial: { chooser: string } }).__fakeSerial.chooser = answer;
    }, options.chooser);
  }

  return {
    traffic,
    /** Pulls the cable now. */
    unplug,
    /** Pulls the cable at the first write `when` says yes to (a memory read, a program's text…). */
    unplugWhen(when: (text: string) => boolean) {
      unplugWhen = when;
    },
    /** Plugs the board in again (a real unplug power-cycles a Pico: the board resets). */
    async plugIn() {
      await board?.reset();
      await page.evaluate(() => (window as unknown as { __fakeSerial: { plugIn(): void } }).__fakeSerial.plugIn());
    },
    resetTraffic() {
      Object.assign(traffic, { toBoard: 0, fromBoard: 0, writes: 0, memoryRequests: 0 });
    },
  };
}
