import { USBCDC, type RP2040 } from 'rp2040js';

/**
 * The firmware's USB CDC serial port, seen from the host side.
 *
 * Enumeration is rp2040js's `USBCDC`; the data path is replaced because of two
 * measured problems (docs/architecture.md#usb-cdc-serial): its 512-byte FIFO silently drops bytes beyond
 * 512, and with nothing queued it answers each OUT request at once with a
 * zero-length packet, which keeps an idle REPL busy. Here input waits in an
 * unbounded host-side queue and an OUT request is held until bytes are queued;
 * the device pulls at most one packet per request, which is USB's own flow control.
 */
export class UsbSerial {
  /** Called (inside the run loop) with every IN packet the firmware sends. */
  onData?: (bytes: Uint8Array) => void;
  /** Called once the host side has configured the device and raised DTR. */
  onConnected?: () => void;

  private readonly cdc: USBCDC;
  private readonly queue: Uint8Array[] = [];
  private queueHead = 0; // read offset into queue[0]
  private queuedBytes = 0;
  private heldRequest: { endpoint: number; size: number } | null = null;
  private connectedFlag = false;

  constructor(rp2040: RP2040) {
    const cdc = new USBCDC(rp2040.usbCtrl);
    this.cdc = cdc;
    cdc.onSerialData = (bytes) => this.onData?.(bytes);
    cdc.onDeviceConnected = () => {
      this.connectedFlag = true;
      this.onConnected?.();
    };
    const usb = rp2040.usbCtrl;
    usb.onEndpointRead = (endpoint: number, size: number) => {
      if (endpoint !== this.outEndpoint) return;
      if (this.queuedBytes === 0) {
        this.heldRequest = { endpoint, size };
        return;
      }
      usb.endpointReadDone(endpoint, this.take(size));
    };
  }

  get connected(): boolean {
    return this.connectedFlag;
  }

  /** Bytes written by the host that the firmware has not pulled yet. */
  get pendingInput(): number {
    return this.queuedBytes;
  }

  /** True while the firmware has an OUT buffer armed that waits for input. */
  get waitingForInput(): boolean {
    return this.heldRequest !== null;
  }

  /**
   * Queues host → device bytes; answers a held OUT request at once. Before the device is
   * configured there is no port to write to (a Pico re-enumerating after a reset or new
   * firmware): bytes written then are lost, as they would be on a real host, rather than reach
   * the new firmware later (a stale keystroke would flush its held banner behind the lab's back).
   */
  write(bytes: Uint8Array): void {
    if (bytes.length === 0 || !this.connectedFlag) return;
    this.queue.push(bytes.slice());
    this.queuedBytes += bytes.length;
    const held = this.heldRequest;
    if (held) {
      this.heldRequest = null;
      this.cdc.usb.endpointReadDone(held.endpoint, this.take(held.size));
    }
  }

  private get outEndpoint(): number {
    // `outEndpoint` is private in rp2040js's typings; it is a plain field.
    return (this.cdc as unknown as { outEndpoint: number }).outEndpoint;
  }

  private take(size: number): Uint8Array {
    const n = Math.min(size, this.queuedBytes);
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const head = this.queue[0];
      const chunk = Math.min(n - filled, head.length - this.queueHead);
      out.set(head.subarray(this.queueHead, this.queueHead + chunk), filled);
      filled += chunk;
      this.queueHead += chunk;
      if (this.queueHead === head.length) {
        this.queue.shift();
        this.queueHead = 0;
      }
    }
    this.queuedBytes -= n;
    return out;
  }
}
