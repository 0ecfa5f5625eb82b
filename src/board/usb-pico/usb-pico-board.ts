import type { BoardInfo } from '../board';
import { BoardBase } from '../board-base';
import { BOARD_WORDS } from '../board-words';
import { SerialLink, type LinkEnd } from './serial-link';
import { describePort, type SerialPortLike } from './web-serial';

export const USB_PICO_INFO: BoardInfo = {
  kind: 'usb-pico',
  label: BOARD_WORDS['usb-pico'].label,
  description: BOARD_WORDS['usb-pico'].description,
  // Only the Pico's own CPU can read its memory: the heap views ask it through the REPL.
  memoryAccess: 'repl',
};

const CTRL_B = 0x02;
const CTRL_C = 0x03;
const CTRL_D = 0x04;
/** How long a soft reset may take to come back to a prompt (ms); boot.py and main.py run first. */
const RESET_WAIT_MS = 8000;
const SOFT_REBOOT = 'soft reboot';
const PROMPT = '>>> ';

export const UNPLUGGED_DETAIL = 'The Pico was unplugged or restarted. Plug it in and click Reconnect.';

/**
 * A Raspberry Pi Pico on this computer's USB, through Web Serial: its REPL's bytes both ways,
 * status from the port (an unplugged board reports `disconnected` at once, so nothing waits for
 * it), and reset as MicroPython's soft reset (the heap and every variable go; files stay). Its
 * memory is read by its own CPU, through the REPL (BoardInfo.memoryAccess).
 */
export class UsbPicoBoard extends BoardBase {
  readonly info = USB_PICO_INFO;
  private link: SerialLink | undefined;

  constructor(readonly port: SerialPortLike) {
    super();
  }

  /** "Raspberry Pi 2E8A:0005". */
  get portName(): string {
    return describePort(this.port);
  }

  async connect(): Promise<void> {
    if (this.link && !this.link.ended) return;
    this.setStatus('connecting', `opening ${this.portName}`);
    let link: SerialLink;
    try {
      link = await SerialLink.open(this.port);
    } catch (error) {
      const message = (error as Error).message;
      this.setStatus('error', `Could not open the Pico's port: ${message}.`);
      throw error;
    }
    this.link = link;
    link.onData((bytes) => this.emitData(bytes));
    link.onEnd((end) => this.onEnd(link, end));
    this.setStatus('ready');
  }

  write(bytes: Uint8Array): void {
    this.link?.write(bytes);
  }

  /**
   * Soft reset: Ctrl-C twice stops a program, Ctrl-B leaves the raw REPL, Ctrl-D at the empty
   * prompt restarts MicroPython. Resolves once the prompt is back.
   */
  async reset(): Promise<void> {
    const link = this.link;
    if (!link || link.ended) throw new Error('the Pico is not connected');
    this.setStatus('connecting', 'soft reset');
    const back = this.waitForText((text) => {
      const at = text.indexOf(SOFT_REBOOT);
      return at >= 0 && text.indexOf(PROMPT, at) >= 0;
    }, RESET_WAIT_MS);
    link.write(new Uint8Array([CTRL_C, CTRL_C, CTRL_B]));
    await delay(50);
    link.write(new Uint8Array([CTRL_D]));
    const prompt = await back;
    if (link !== this.link || link.ended) return; // unplugged meanwhile: that status stands
    // No prompt: boot.py or main.py still runs (Stop interrupts it); the board is connected anyway.
    this.setStatus('ready', prompt ? '' : 'the Pico restarted, and its main.py may still be running');
  }

  async dispose(): Promise<void> {
    const link = this.link;
    this.link = undefined;
    await link?.close();
    this.setStatus('disconnected');
  }

  private onEnd(link: SerialLink, end: LinkEnd): void {
    if (link !== this.link) return;
    if (end.reason === 'closed') this.setStatus('disconnected');
    else if (end.reason === 'unplugged') this.setStatus('disconnected', UNPLUGGED_DETAIL);
    else this.setStatus('error', `${capitalise(end.message)}. Click Reconnect.`);
  }

  /** Resolves true once the board's text so far satisfies `done`, false after `ms` or if the link ends. */
  private waitForText(done: (text: string) => boolean, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      let text = '';
      const finish = (ok: boolean) => {
        clearTimeout(timer);
        offData();
        offStatus();
        resolve(ok);
      };
      const timer = setTimeout(() => finish(false), ms);
      const offData = this.onData((bytes) => {
        text += String.fromCharCode(...bytes);
        if (done(text)) finish(true);
      });
      const offStatus = this.onStatus((status) => {
        if (status === 'disconnected' || status === 'error') finish(false);
      });
    });
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
