import { BoardSetupError } from '../board/board-setup-error';
import { makeBoard } from '../board/make-board';
import type { UsbPicoBoard } from '../board/usb-pico/usb-pico-board';
import {
  RASPBERRY_PI_VENDOR_ID,
  describePort,
  webSerial,
  type SerialLike,
  type SerialPortLike,
} from '../board/usb-pico/web-serial';
import { Listeners } from '../util/listeners';

/** The USB Pico's port as its strip shows it. */
export interface UsbPicoSetupState {
  /** The port the lab will open ("Raspberry Pi 2E8A:0005"), once chosen or granted before. */
  port: string | undefined;
  /** Why the last choice failed (cancelled, no Web Serial…), to show beside the button. */
  problem: string | undefined;
}

export const NO_WEB_SERIAL =
  'This browser has no Web Serial, which a USB Pico needs: Chrome, Edge or Opera on a computer have it. ' +
  'The Virtual Pico and MicroPython in the browser work here.';

export const CHOOSE_PORT = 'Click \u201cConnect a USB Pico\u201d and choose your Pico in the browser\u2019s list.';

/**
 * Which serial port the USB Pico board uses: one the learner picks in the browser's chooser (which
 * needs a click, so the strip's button calls choosePort()), or one this site was allowed before
 * (getPorts), which reconnects without asking. The registry's create() opens it.
 */
export class UsbPicoSetup {
  private port: SerialPortLike | undefined;
  private current: UsbPicoSetupState = { port: undefined, problem: undefined };
  private readonly listeners = new Listeners<[UsbPicoSetupState]>();

  constructor(private readonly serial: () => SerialLike | undefined = webSerial) {}

  get state(): UsbPicoSetupState {
    return this.current;
  }

  onState(listener: (state: UsbPicoSetupState) => void): () => void {
    return this.listeners.add(listener);
  }

  /** Why a USB Pico cannot be used in this browser, or undefined. */
  unavailableReason(): string | undefined {
    return this.serial() ? undefined : NO_WEB_SERIAL;
  }

  /**
   * Opens the browser's port chooser (call it from a click: browsers allow the chooser only then),
   * showing Raspberry Pi boards, or every serial port with `all`. False when the learner closed it.
   */
  async choosePort({ all = false }: { all?: boolean } = {}): Promise<boolean> {
    const serial = this.serial();
    if (!serial) {
      this.update({ problem: NO_WEB_SERIAL });
      return false;
    }
    try {
      this.port = await serial.requestPort(all ? {} : { filters: [{ usbVendorId: RASPBERRY_PI_VENDOR_ID }] });
    } catch (error) {
      const name = (error as { name?: string }).name;
      this.update({
        problem:
          name === 'NotFoundError'
            ? 'No port was chosen. Is the Pico plugged in? If it is not listed, try \u201cshow all ports\u201d.'
            : name === 'SecurityError'
              ? 'The browser refused to show its port list here (the page must be served over https or from localhost).'
              : `The browser could not show its port list: ${(error as Error).message}`,
      });
      return false;
    }
    this.update({ port: describePort(this.port), problem: undefined });
    return true;
  }

  /** The registry entry's create(): a board on the chosen port, or on one allowed before. */
  async createBoard(): Promise<UsbPicoBoard> {
    const serial = this.serial();
    if (!serial) throw new BoardSetupError(NO_WEB_SERIAL, 'port');
    const port = this.port ?? (await this.grantedPort(serial));
    if (!port) throw new BoardSetupError(CHOOSE_PORT, 'port');
    this.port = port;
    this.update({ port: describePort(port) });
    return makeBoard['usb-pico'](port);
  }

  /** Forgets the port: the next connect asks again. */
  forgetPort(): void {
    this.port = undefined;
    this.update({ port: undefined, problem: undefined });
  }

  /** A port this site may open without asking: a Raspberry Pi one first. */
  private async grantedPort(serial: SerialLike): Promise<SerialPortLike | undefined> {
    const ports = await serial.getPorts().catch(() => [] as SerialPortLike[]);
    return ports.find((p) => p.getInfo().usbVendorId === RASPBERRY_PI_VENDOR_ID) ?? ports[0];
  }

  private update(change: Partial<UsbPicoSetupState>): void {
    this.current = { ...this.current, ...change };
    this.listeners.emit(this.current);
  }
}

/** The one setup the app uses. */
export const usbPicoSetup = new UsbPicoSetup();
