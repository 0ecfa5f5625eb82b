/**
 * The official MicroPython RPI_PICO firmware on rp2040js with the project ROM: boots to the REPL, does float
 * maths through the ROM's soft-float tables, and writes a file through littlefs on flash (RE/RP).
 * Runs only when PICO_FIRMWARE points at an RPI_PICO .uf2.
 */
import { existsSync, readFileSync } from 'node:fs';
import { RP2040, USBCDC } from 'rp2040js';
import { beforeAll, describe, expect, it } from 'vitest';
import { bootFromRom, installRom } from '../../src/pico/rom/index.ts';
import { runUntil } from './run-on-rp2040.ts';

const firmwarePath = process.env.PICO_FIRMWARE;
const haveFirmware = !!firmwarePath && existsSync(firmwarePath);
if (!haveFirmware) {
  console.warn(
    '[skipped] test/rom/micropython-firmware.test.ts: set PICO_FIRMWARE=/path/to/RPI_PICO.uf2 to boot the official ' +
      'MicroPython firmware on the project ROM',
  );
}

/** Minimal UF2 reader for this test (the product's validating parser lives in src/firmware/). */
function loadUf2(bytes: Uint8Array, flash: Uint8Array): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 0; at + 512 <= bytes.length; at += 512) {
    if (view.getUint32(at, true) !== 0x0a324655 || view.getUint32(at + 4, true) !== 0x9e5d5157) {
      throw new Error(`not a UF2 block at offset ${at}`);
    }
    const address = view.getUint32(at + 12, true);
    const size = view.getUint32(at + 16, true);
    flash.set(bytes.subarray(at + 32, at + 32 + size), address - 0x10000000);
  }
}

class Board {
  readonly mcu = new RP2040();
  readonly cdc: USBCDC;
  output = '';
  bootsel = 0;

  constructor(uf2: Uint8Array) {
    this.mcu.logger = { debug() {}, info() {}, warn() {}, error() {} };
    installRom(this.mcu, { onBootsel: () => this.bootsel++ });
    loadUf2(uf2, this.mcu.flash);
    bootFromRom(this.mcu);
    this.cdc = new USBCDC(this.mcu.usbCtrl);
    this.cdc.onDeviceConnected = () => this.cdc.sendSerialByte(13);
    this.cdc.onSerialData = (data) => {
      for (const b of data) this.output += String.fromCharCode(b);
    };
  }

  /** Runs until `pattern` appears in output produced after `from`; returns that output. */
  waitFor(pattern: RegExp, from = 0, maxInstructions = 400_000_000): string {
    const r = runUntil(this.mcu, () => pattern.test(this.output.slice(from)), maxInstructions);
    if (r.stoppedBecause !== 'matched') {
      throw new Error(`waited for ${pattern} (${r.stoppedBecause}); got: ${JSON.stringify(this.output.slice(from))}`);
    }
    return this.output.slice(from);
  }

  /** Types a line at the REPL and returns what it printed before the next prompt. */
  exec(line: string): string {
    const from = this.output.length;
    for (const ch of line + '\r') this.cdc.sendSerialByte(ch.charCodeAt(0));
    const out = this.waitFor(/\r\n>>> $/, from);
    return out.slice(line.length + 2, -'>>> '.length).replace(/\r\n/g, '\n');
  }
}

describe.skipIf(!haveFirmware)('official MicroPython firmware on the project ROM', () => {
  let board: Board;
  let bootMs = 0;

  beforeAll(() => {
    const t = performance.now();
    board = new Board(new Uint8Array(readFileSync(firmwarePath as string)));
    board.waitFor(/>>> $/);
    bootMs = performance.now() - t;
    console.log(`[micropython-firmware] boot to >>> in ${bootMs.toFixed(0)} ms wall`);
  }, 120_000);

  it('boots to the >>> prompt with the MicroPython banner', () => {
    expect(board.output).toMatch(/MicroPython v\d+\.\d+\.\d+.*Raspberry Pi Pico with RP2040/);
    expect(board.bootsel).toBe(0);
  });

  it('prints correctly rounded float results', () => {
    // float32 values printed in MicroPython's shortest form: 1/3 = 0x3eaaaaab, sqrt(2) = 0x3fb504f3
    expect(board.exec("print(1/3, 2**0.5, 1e300*1e10, float('nan'))")).toBe('0.33333334 1.4142135 inf nan\n');
    expect(board.exec('print(0.1+0.2, 7/2, -7//2.0, int(-2.5), round(2.5), 3.0e38*10)')).toBe(
      '0.3 3.5 -4.0 -2 2 inf\n',
    );
    // ties to even (2^24 + 1), underflow to 0, inf - inf, float → int
    expect(board.exec("print(16777217.0, 1e-38/1e10, float('inf')-float('inf'), int(1e9+0.5), int(-1.5e9))")).toBe(
      '16777216.0 0.0 nan 1000000000 -1500000000\n',
    );
  });

  it('computes math functions within one float32 ulp of the true value', () => {
    const printed = board.exec(
      'import math; print(math.sqrt(2), math.sin(0.5), math.log(10), math.atan2(1, 1), math.exp(1))',
    );
    const got = printed.trim().split(' ').map(Number);
    const want = [Math.SQRT2, Math.sin(0.5), Math.LN10, Math.PI / 4, Math.E];
    const bits = (x: number) => new Uint32Array(new Float32Array([x]).buffer)[0];
    got.forEach((g, i) =>
      expect(Math.abs(bits(g) - bits(want[i])), `value ${i}: ${g} vs ${want[i]}`).toBeLessThanOrEqual(1),
    );
  });

  it('writes and reads back a file on the littlefs filesystem', () => {
    expect(board.exec("print(open('t.txt','w').write('hi'))")).toBe('2\n');
    // an unclosed file is only flushed by its finaliser, so write the checked copy through `with`
    board.exec("f = open('t.txt', 'w'); f.write('hello flash'); f.close()");
    expect(board.exec("print(open('t.txt').read(), 't.txt' in __import__('os').listdir())")).toBe('hello flash True\n');
    expect(board.exec("import os; print(os.statvfs('/')[2])")).toBe('352\n'); // littlefs blocks, as on a Pico
  });

  it('machine.bootloader() puts the board into BOOTSEL', () => {
    board.cdc.onSerialData = undefined;
    for (const ch of 'import machine; machine.bootloader()\r') board.cdc.sendSerialByte(ch.charCodeAt(0));
    runUntil(board.mcu, () => board.bootsel > 0, 50_000_000);
    expect(board.bootsel).toBe(1);
  });
});
