/**
 * The part of the Web Serial API the USB Pico uses (Chrome, Edge and Opera on a computer have it;
 * Firefox and Safari do not). Typed here rather than from a package: a handful of members, and a
 * test stands in for all of them.
 */
export interface SerialPortInfoLike {
  usbVendorId?: number;
  usbProductId?: number;
}

export interface SerialPortLike extends EventTarget {
  open(options: { baudRate: number; bufferSize?: number }): Promise<void>;
  close(): Promise<void>;
  readonly readable: ReadableStream<Uint8Array> | null;
  readonly writable: WritableStream<Uint8Array> | null;
  getInfo(): SerialPortInfoLike;
}

export interface SerialLike extends EventTarget {
  requestPort(options?: { filters?: SerialPortInfoLike[] }): Promise<SerialPortLike>;
  getPorts(): Promise<SerialPortLike[]>;
}

/** Raspberry Pi's USB vendor id: MicroPython on a Pico (and a Pico 2) enumerates with it. */
export const RASPBERRY_PI_VENDOR_ID = 0x2e8a;
/** MicroPython's product id on the RP2040 and RP2350 (a CircuitPython board has others). */
export const MICROPYTHON_PRODUCT_ID = 0x0005;
/**
 * The baud rate is ignored by USB CDC (the data moves at USB speed), but open() requires one;
 * 115200 is what every MicroPython tool passes.
 */
export const BAUD_RATE = 115_200;

/** The browser's Web Serial, or undefined where the browser has none. */
export function webSerial(): SerialLike | undefined {
  const nav = globalThis.navigator as (Navigator & { serial?: SerialLike }) | undefined;
  return nav?.serial;
}

/** "Raspberry Pi 2E8A:0005", or "a serial port" when the port does not say. */
export function describePort(port: SerialPortLike): string {
  const { usbVendorId: vendor, usbProductId: product } = port.getInfo();
  if (vendor === undefined) return 'a serial port';
  const id = `${hex4(vendor)}:${product === undefined ? '????' : hex4(product)}`;
  return vendor === RASPBERRY_PI_VENDOR_ID ? `Raspberry Pi ${id}` : `USB device ${id}`;
}

function hex4(n: number): string {
  return n.toString(16).toUpperCase().padStart(4, '0');
}
