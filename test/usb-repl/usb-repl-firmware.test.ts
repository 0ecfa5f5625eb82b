/**
 * The project's own usb-repl test firmware (test/firmware-src/usb-repl) on real rp2040js 1.4.1, with
 * rp2040js's USBCDC helper as the USB host: enumeration, banner, echo, raw REPL, raw-paste of 20 KB,
 * Ctrl-C of a busy loop, soft reset, raw-paste refusal. The bytes checked are MicroPython's REPL protocol.
 */
import { crc32 } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { RP2040, USBCDC } from 'rp2040js';
import { buildUsbReplFirmware, type UsbReplFirmware } from '../support/build-usb-repl';
import { installRom, bootFromRom, hasValidBoot2 } from '../../src/pico/rom/index';
import { parseUf2 } from '../../src/firmware/uf2';

const BANNER = 'TestFirmware usb-repl v1; Pico Heap Lab test device\r\n>>> ';
const RAW_BANNER = 'raw REPL; CTRL-B to exit\r\n>';
const USBCDC_FIFO_SIZE = 512;

interface ClockInternals {
  nanos: number;
  nanosToNextAlarm: number;
  nextAlarm: object | null;
  tick(deltaNanos: number): void;
}

type BootPath = 'boot2-from-flash' | 'project-rom';

/** One emulated board: rp2040js + USBCDC host, run in slices of virtual time. */
class TestBoard {
  readonly mcu = new RP2040();
  readonly cdc: USBCDC;
  readonly clock: ClockInternals;
  connected = false;
  private received: number[] = [];
  private outgoing: number[] = [];
  instructions = 0;

  constructor(bin: Uint8Array, boot: BootPath) {
    this.clock = this.mcu.clock as unknown as ClockInternals;
    this.mcu.logger = { debug() {}, info() {}, warn() {}, error: (_c: string, m: string) => console.error(m) };
    this.cdc = new USBCDC(this.mcu.usbCtrl);
    this.cdc.onDeviceConnected = () => {
      this.connected = true;
    };
    this.cdc.onSerialData = (data) => {
      for (const b of data) this.received.push(b);
    };
    if (boot === 'project-rom') {
      installRom(this.mcu);
      this.mcu.flash.set(bin);
      bootFromRom(this.mcu);
    } else {
      this.mcu.flash.set(bin);
      this.mcu.core.PC = 0x10000000; // boot2 entered straight from XIP flash
    }
  }

  /** Queues bytes for the device; they reach USBCDC's FIFO only while it has room (it drops the rest). */
  send(data: string | Uint8Array): void {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
    for (const b of bytes) this.outgoing.push(b);
  }

  get pendingOutgoing(): number {
    return this.outgoing.length;
  }

  private feed(): void {
    const fifo = this.cdc.txFIFO;
    let n = 0;
    while (n < this.outgoing.length && fifo.itemCount < USBCDC_FIFO_SIZE) this.cdc.sendSerialByte(this.outgoing[n++]);
    if (n) this.outgoing.splice(0, n);
  }

  /** Runs `nanos` of virtual time (the clock jumps ahead while the core sleeps). */
  run(nanos: number): void {
    const { mcu, clock } = this;
    const core = mcu.core;
    const end = clock.nanos + nanos;
    const cycleNanos = 8;
    while (clock.nanos < end) {
      this.feed();
      for (let i = 0; i < 20_000 && clock.nanos < end; i++) {
        if (core.waiting) {
          const next = clock.nanosToNextAlarm;
          if (clock.nextAlarm === null) {
            clock.tick(end - clock.nanos); // nothing scheduled: idle until the slice ends
            break;
          }
          clock.tick(Math.max(0, Math.min(next, end - clock.nanos)));
        } else {
          clock.tick(core.executeInstruction() * cycleNanos);
          this.instructions++;
        }
      }
    }
  }

  /** Everything received so far, as latin1 text. */
  get text(): string {
    return Buffer.from(this.received).toString('latin1');
  }

  take(): string {
    const t = this.text;
    this.received = [];
    return t;
  }

  /** Runs until `done(received text)` holds; fails after `maxMs` of virtual time. */
  runUntil(done: (text: string) => boolean, maxMs = 2000, what = 'device output'): string {
    for (let t = 0; t < maxMs * 10; t++) {
      if (done(this.text)) return this.text;
      this.run(100_000);
    }
    throw new Error(`timed out after ${maxMs} ms (virtual) waiting for ${what}; got ${JSON.stringify(this.text)}`);
  }

  expectOutput(expected: string, maxMs = 2000): void {
    this.runUntil((t) => t.length >= expected.length, maxMs, JSON.stringify(expected));
    expect(this.take()).toBe(expected);
  }
}

let firmware: UsbReplFirmware;

beforeAll(async () => {
  firmware = await buildUsbReplFirmware();
});

/** Python-looking source of about `size` bytes, ending with a print whose output proves it all ran. */
function bigProgram(size: number): string {
  const lines: string[] = [];
  let total = 0;
  for (let i = 0; total < size - 40; i++) {
    const line = `value_${i} = ${(i * 7919) % 100003}  # padding line ${i} ${'x'.repeat(i % 23)}\n`;
    lines.push(line);
    total += line.length;
  }
  lines.push("print('paste complete')\n");
  return lines.join('');
}

function summary(program: string): string {
  const bytes = Buffer.from(program, 'latin1');
  const crc = crc32(bytes).toString(16).padStart(8, '0');
  let lines = bytes.filter((b) => b === 0x0a).length;
  if (bytes.length && bytes[bytes.length - 1] !== 0x0a) lines++;
  return `len=${bytes.length} crc32=${crc} lines=${lines}\r\n`;
}

/** Boots to the friendly prompt, then enters the raw REPL the way mpremote does. */
function bootToRawRepl(boot: BootPath): TestBoard {
  const board = new TestBoard(firmware.bin, boot);
  board.expectOutput(BANNER, 1000);
  board.send('\r\x01');
  board.expectOutput(`\r\n>>> \r\n${RAW_BANNER}`);
  return board;
}

/** mpremote's raw_paste_write, driven against the emulated device; returns the credits seen. */
function rawPaste(board: TestBoard, program: Uint8Array): { windowSize: number; credits: number } {
  board.send('\x05A\x01');
  board.runUntil((t) => t.length >= 5, 500, 'raw-paste header');
  const header = board.take();
  expect(header.slice(0, 2)).toBe('R\x01');
  const windowSize = header.charCodeAt(2) | (header.charCodeAt(3) << 8);
  let windowRemain = 0;
  let credits = 0;
  let pendingInput = header.slice(4);
  let sent = 0;
  for (let rounds = 0; sent < program.length; rounds++) {
    if (rounds > 20_000) throw new Error(`raw paste stalled after ${sent} bytes`);
    for (const ch of pendingInput) {
      if (ch === '\x01') {
        windowRemain += windowSize;
        credits++;
      } else {
        throw new Error(`unexpected byte during raw paste: ${JSON.stringify(ch)}`);
      }
    }
    // Only what the device granted; the test's feeder also never overfills USBCDC's FIFO.
    if (windowRemain > 0) {
      const chunk = program.subarray(sent, sent + windowRemain);
      board.send(chunk);
      sent += chunk.length;
      windowRemain -= chunk.length;
    }
    board.run(200_000);
    pendingInput = board.take();
  }
  board.send('\x04');
  board.runUntil((t) => (pendingInput + t).includes('\x04'), 1000, 'end-of-paste acknowledgement');
  const rest = pendingInput + board.take();
  const ack = rest.indexOf('\x04');
  for (const ch of rest.slice(0, ack)) {
    expect(ch).toBe('\x01');
    credits++;
  }
  board.send(new Uint8Array(0));
  // Anything after the acknowledgement is already program output: keep it for the caller.
  (board as unknown as { received: number[] }).received = [...Buffer.from(rest.slice(ack + 1), 'latin1')];
  return { windowSize, credits };
}

describe('usb-repl firmware image', () => {
  it('starts with a 256-byte boot2 whose CRC the ROM accepts, then the vector table at 0x100', () => {
    expect(hasValidBoot2(firmware.bin)).toBe(true);
    const view = new DataView(firmware.bin.buffer, firmware.bin.byteOffset);
    expect(view.getUint32(0x100, true)).toBe(0x20042000); // initial SP
    const reset = view.getUint32(0x104, true);
    expect(reset & 1).toBe(1); // Thumb
    expect(reset).toBeGreaterThan(0x10000100);
    expect(reset).toBeLessThan(0x10000000 + firmware.bin.length);
  });

  it('ships a UF2 that the project parser reads back to the same flash image, and that boots', () => {
    const image = parseUf2(firmware.uf2);
    expect(Buffer.from(image.flash.subarray(0, firmware.bin.length)).equals(Buffer.from(firmware.bin))).toBe(true);
    const board = new TestBoard(image.flash, 'project-rom');
    board.expectOutput(BANNER, 1000);
  });
});

describe.each<BootPath>(['boot2-from-flash', 'project-rom'])('usb-repl firmware booted via %s', (boot) => {
  it('enumerates as CDC-ACM and prints its banner', () => {
    const board = new TestBoard(firmware.bin, boot);
    board.runUntil((t) => t.endsWith('>>> '), 1000, 'banner');
    expect(board.connected).toBe(true);
    expect(board.take()).toBe(BANNER);
  });

  it('echoes typed characters in the friendly REPL and answers each line', () => {
    const board = new TestBoard(firmware.bin, boot);
    board.expectOutput(BANNER, 1000);
    board.send('hello pico');
    board.expectOutput('hello pico');
    board.send('X\x7f!\r');
    board.expectOutput('X\b \b!\r\nyou said: hello pico!\r\n>>> ');
    board.send('\r');
    board.expectOutput('\r\n>>> ');
  });

  it('prints KeyboardInterrupt for Ctrl-C at the friendly prompt and the banner again for Ctrl-B', () => {
    const board = new TestBoard(firmware.bin, boot);
    board.expectOutput(BANNER, 1000);
    board.send('abc\x03');
    board.expectOutput('abc\r\nKeyboardInterrupt\r\n>>> ');
    board.send('\x02');
    board.expectOutput(`\r\n${BANNER}`);
    board.send('\x04');
    board.expectOutput(`\r\nMPY: soft reboot\r\n${BANNER}`);
  });

  it('runs a program through the raw REPL: OK, stdout, EOF, error, EOF, prompt', () => {
    const board = bootToRawRepl(boot);
    const ok = "print('hello from the test device')\nx = 1\n";
    board.send(`${ok}\x04`);
    board.expectOutput(`OK${summary(ok)}hello from the test device\r\n\x04\x04>`);

    const failing = "print('before')\n\nraise ValueError('bad value')\nprint('never')\n";
    board.send(`${failing}\x04`);
    board.expectOutput(
      `OK${summary(failing)}before\r\n\x04` +
        'Traceback (most recent call last):\r\n  File "<stdin>", line 3, in <module>\r\nValueError: bad value\r\n\x04>',
    );

    // Ctrl-C clears a half-typed raw line; Ctrl-B returns to the friendly REPL.
    board.send('garbage\x03x=2\x04');
    board.expectOutput(`OK${summary('x=2')}\x04\x04>`);
    board.send('\x02');
    board.expectOutput(`\r\n${BANNER}`);
  });

  it('soft-resets on Ctrl-D at an empty raw prompt, as MicroPython does', () => {
    const board = bootToRawRepl(boot);
    board.send('\x04');
    board.expectOutput(`OK\r\nMPY: soft reboot\r\n${RAW_BANNER}`);
  });

  it('receives a 20 KB raw-paste intact with MicroPython flow control', () => {
    const board = bootToRawRepl(boot);
    const program = bigProgram(20 * 1024);
    const bytes = Buffer.from(program, 'latin1');
    expect(bytes.length).toBeGreaterThanOrEqual(20 * 1024 - 60);
    const start = board.clock.nanos;
    const { windowSize, credits } = rawPaste(board, bytes);
    expect(windowSize).toBe(128);
    // One credit with the header, then one per window the device consumed.
    expect(credits).toBe(1 + Math.floor(bytes.length / windowSize));
    board.runUntil((t) => t.endsWith('\x04>'), 2000, 'program result');
    const pasteMs = (board.clock.nanos - start) / 1e6;
    console.info(`usb-repl raw-paste ${bytes.length} bytes: ${pasteMs.toFixed(1)} ms virtual (${boot})`);
    expect(board.take()).toBe(`${summary(program)}paste complete\r\n\x04\x04>`);
  });

  it('interrupts a running busy loop with Ctrl-C', () => {
    const board = bootToRawRepl(boot);
    const program = 'while True: pass\n';
    board.send(`${program}\x04`);
    board.expectOutput(`OK${summary(program)}`);
    const before = board.instructions;
    board.run(20_000_000); // 20 ms: still running, and really busy (not asleep)
    expect(board.take()).toBe('');
    expect(board.instructions - before).toBeGreaterThan(1_000_000);
    board.send('\x03');
    board.expectOutput(
      '\x04Traceback (most recent call last):\r\n  File "<stdin>", line 1, in <module>\r\nKeyboardInterrupt: \r\n\x04>',
    );
    // Still usable afterwards.
    board.send("print('alive')\x04");
    board.expectOutput(`OK${summary("print('alive')")}alive\r\n\x04\x04>`);
  });

  it('refuses raw-paste with R\\x00 after a #nopaste program, so hosts can test their fallback', () => {
    const board = bootToRawRepl(boot);
    board.send('#nopaste\x04');
    board.expectOutput(`OK${summary('#nopaste')}\x04\x04>`);
    board.send('\x05A\x01');
    board.expectOutput('R\x00>');
    // Fallback: the same program through the plain raw REPL.
    board.send("#paste\nprint('fallback')\x04");
    board.expectOutput(`OK${summary("#paste\nprint('fallback')")}fallback\r\n\x04\x04>`);
    board.send('\x05A\x01');
    board.runUntil((t) => t.length >= 5, 500, 'raw-paste header');
    expect(board.take()).toBe('R\x01\x80\x00\x01');
  });

  it('ends a raw-paste on Ctrl-C with an acknowledgement and KeyboardInterrupt', () => {
    const board = bootToRawRepl(boot);
    board.send('\x05A\x01');
    board.runUntil((t) => t.length >= 5, 500, 'raw-paste header');
    board.take();
    board.send('x = 1\n\x03');
    board.expectOutput('\x04\x04KeyboardInterrupt: \r\n\x04>');
  });

  it('reports a MemoryError for a program beyond its 64 KB buffer and keeps working', () => {
    const board = bootToRawRepl(boot);
    board.send(`${'#'.repeat(70_000)}\x04`);
    board.runUntil((t) => t.endsWith('\x04>'), 3000, 'MemoryError');
    expect(board.take()).toBe("OK\x04MemoryError: program longer than the test device's buffer\r\n\x04>");
    board.send("print('ok')\x04");
    board.expectOutput(`OK${summary("print('ok')")}ok\r\n\x04\x04>`);
  });

  it('stays mostly asleep while idle at the prompt', () => {
    const board = new TestBoard(firmware.bin, boot);
    board.expectOutput(BANNER, 1000);
    const before = board.instructions;
    board.run(100_000_000); // 100 ms virtual
    const perSecond = (board.instructions - before) * 10;
    console.info(`usb-repl idle: ${perSecond} instructions per virtual second (${boot})`);
    expect(perSecond).toBeLessThan(2_000_000);
  });
});
