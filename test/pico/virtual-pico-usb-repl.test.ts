/**
 * The Virtual Pico host (src/pico) with the project's own usb-repl test firmware
 * (test/firmware-src/usb-repl, built with arm-none-eabi-gcc) and the project ROM:
 * boot, serial both ways, 20 KB through USB flow control, an idle board that
 * does not run, pause + snapshot, power cycle, saved flash, bad firmware.
 */
import { crc32 } from 'node:zlib';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { VirtualPicoBoard } from '../../src/board/virtual-pico/virtual-pico-board';
import { InlineBackend } from '../../src/pico/inline-backend';
import { projectRom } from '../../src/pico/default-rom';
import { ReplSession } from '../../src/repl/repl-session';
import { parseUf2, Uf2Error } from '../../src/firmware/uf2';
import { detectFirmwareInfo } from '../../src/firmware/firmware-info';
import { writeUf2 } from '../../src/firmware/uf2-writer';
import { buildUsbReplFirmware, type UsbReplFirmware } from '../support/build-usb-repl';
import { SerialCapture, sleep } from './serial-capture';

const BANNER = 'TestFirmware usb-repl v1; Pico Heap Lab test device\r\n>>> ';

let firmware: UsbReplFirmware;
const boards: VirtualPicoBoard[] = [];

beforeAll(async () => {
  firmware = await buildUsbReplFirmware();
});

afterEach(async () => {
  for (const b of boards.splice(0)) await b.dispose();
});

async function bootBoard(options: { flash?: Uint8Array } = {}) {
  const backend = new InlineBackend({ installRom: projectRom });
  const board = new VirtualPicoBoard({ firmware: firmware.uf2, backend, ...options });
  boards.push(board);
  const serial = new SerialCapture(board);
  await board.connect();
  return { board, backend, serial };
}

/** A program of about `size` bytes for the test firmware: print lines, and filler lines it ignores. */
function bigProgram(size: number, marker: string): string {
  const lines = [`print('${marker} start')`];
  let i = 0;
  while (lines.join('\n').length < size - 40)
    lines.push(`x${i} = ${i++} * 12345  # filler line to make the program long`);
  lines.push(`print('${marker} end')`);
  return lines.join('\n') + '\n';
}

describe('Virtual Pico with the usb-repl test firmware', () => {
  it('boots to the REPL and reports ready', async () => {
    const t0 = performance.now();
    const { board, serial } = await bootBoard();
    expect(board.status).toBe('ready');
    expect(board.info.kind).toBe('virtual-pico');
    await serial.waitFor(BANNER);
    console.info(`usb-repl boot to banner: ${(performance.now() - t0).toFixed(0)} ms wall`);
  });

  it('carries serial bytes both ways (echo and answer)', async () => {
    const { board, serial } = await bootBoard();
    await serial.waitFor(BANNER);
    serial.clear();
    board.write(new TextEncoder().encode('hello pico\r'));
    await serial.waitFor('you said: hello pico\r\n>>> ');
    expect(serial.text.startsWith('hello pico\r\n')).toBe(true); // echo came first
  });

  it('runs programs through the REPL protocol: stdout, traceback', async () => {
    const { board } = await bootBoard();
    const session = new ReplSession(board);
    const ok = await session.exec("print('it works')\n");
    expect(ok.stdout).toContain('it works');
    expect(ok.stderr).toBe('');
    const bad = await session.exec("print('a')\nraise ValueError('boom')\n");
    expect(bad.stderr).toContain('ValueError: boom');
    session.dispose();
  });

  it('delivers a 20 KB raw-paste intact (flow control, no drops)', async () => {
    const { board } = await bootBoard();
    const session = new ReplSession(board);
    const program = bigProgram(20_000, 'paste');
    const bytes = Buffer.from(program, 'latin1');
    const t0 = performance.now();
    const r = await session.exec(program, { timeoutMs: 30_000 });
    const ms = performance.now() - t0;
    expect(session.rawPasteSupported).toBe(true);
    expect(r.stdout).toContain(`len=${bytes.length} crc32=${(crc32(bytes) >>> 0).toString(16).padStart(8, '0')}`);
    expect(r.stdout).toContain('paste start');
    expect(r.stdout).toContain('paste end');
    console.info(`20 KB raw-paste round trip: ${ms.toFixed(0)} ms wall`);
    session.dispose();
  });

  it('delivers 20 KB without raw-paste too (the host queue, not a 512-byte FIFO, holds the input)', async () => {
    const { board } = await bootBoard();
    const session = new ReplSession(board);
    await session.exec('#nopaste\n');
    const program = bigProgram(20_000, 'plain');
    const bytes = Buffer.from(program, 'latin1');
    const r = await session.exec(program, { timeoutMs: 30_000 });
    expect(session.rawPasteSupported).toBe(false);
    expect(r.stdout).toContain(`len=${bytes.length} crc32=${(crc32(bytes) >>> 0).toString(16).padStart(8, '0')}`);
    session.dispose();
  });

  it('does not run while idle at the prompt', async () => {
    const { board, serial } = await bootBoard();
    await serial.waitFor(BANNER);
    await sleep(50);
    const before = await board.stats();
    await sleep(500);
    const after = await board.stats();
    const instructions = after.instructions - before.instructions;
    const wallMs = after.runWallMs - before.runWallMs;
    console.info(`idle 500 ms: ${instructions} instructions, ${wallMs.toFixed(1)} ms in the emulator`);
    expect(instructions).toBeLessThan(10_000);
    // A board that kept running would spend most of the 500 ms in the emulator; an idle one a few
    // timer wake-ups (~1 ms here). Generous, for a loaded machine that preempts the thread mid-slice.
    expect(wallMs).toBeLessThan(100);
    // ...and still answers at once.
    serial.clear();
    board.write(new TextEncoder().encode('x\r'));
    await serial.waitFor('you said: x', 2000);
  });

  it('interrupts a busy loop with Ctrl-C', async () => {
    const { board } = await bootBoard();
    const session = new ReplSession(board);
    const running = session.exec('while True: pass\n');
    await sleep(300);
    expect(board.status).toBe('busy'); // the firmware polls USB without sleeping, so the core never waits
    const busyStats = await board.stats();
    await sleep(100);
    expect((await board.stats()).instructions).toBeGreaterThan(busyStats.instructions); // it really runs
    await session.interrupt();
    const r = await running;
    expect(r.stderr).toContain('KeyboardInterrupt');
    session.dispose();
  });

  it('pauses (nothing runs) and snapshots SRAM holding the last program', async () => {
    const { board } = await bootBoard();
    const session = new ReplSession(board);
    const marker = `snapshot-marker-${Date.now()}`;
    await session.exec(`print('${marker}')\n`);
    await board.pause();
    const s0 = await board.stats();
    const image = await board.memory();
    await sleep(100);
    const s1 = await board.stats();
    expect(s1.instructions).toBe(s0.instructions);
    const sram = image.regions.find((r) => r.name === 'sram')!;
    expect(sram.base).toBe(0x20000000);
    expect(sram.bytes.length).toBe(0x42000);
    expect(Buffer.from(sram.bytes).indexOf(marker)).toBeGreaterThan(0); // the firmware's program buffer
    expect(image.u32(0x20041ffc)).toBe(Buffer.from(sram.bytes).readUInt32LE(0x41ffc)); // the last SRAM word
    expect(image.u32(0x20042000)).toBeUndefined();
    const withFlash = await board.memory({ includeFlash: true });
    const flash = withFlash.regions.find((r) => r.name === 'flash')!;
    expect(flash.base).toBe(0x10000000);
    expect(Buffer.from(flash.bytes.subarray(0, firmware.bin.length)).equals(Buffer.from(firmware.bin))).toBe(true);
    await board.resume();
    const r = await session.exec("print('after pause')\n");
    expect(r.stdout).toContain('after pause');
    session.dispose();
  });

  it('power-cycles: RAM lost, flash kept, REPL back', async () => {
    const { board, serial } = await bootBoard();
    await serial.waitFor(BANNER);
    const marker = `ram-marker-${Date.now()}`;
    const session = new ReplSession(board);
    await session.exec(`print('${marker}')\n`);
    session.dispose();
    expect(Buffer.from((await board.memory()).regions[0].bytes).indexOf(marker)).toBeGreaterThan(0);
    const flashBefore = await board.getFlash();
    const statuses: string[] = [];
    board.onStatus((s) => statuses.push(s));
    serial.clear();
    await board.reset();
    expect(statuses).toContain('connecting');
    expect(board.status).toBe('ready');
    expect((await board.stats()).powerOns).toBe(2);
    expect(Buffer.from((await board.memory()).regions[0].bytes).indexOf(marker)).toBe(-1);
    await serial.waitFor(BANNER);
    expect(Buffer.from(await board.getFlash()).equals(Buffer.from(flashBefore))).toBe(true);
  });

  it('keys written while the board re-enumerates are lost, as on a real host; the new REPL starts clean', async () => {
    const { board, serial } = await bootBoard();
    await serial.waitFor(BANNER);
    serial.clear();
    // The port is gone until the firmware has configured USB again: this line must not reach it.
    const off = board.onStatus((status) => {
      if (status === 'connecting') board.write(new TextEncoder().encode('typed during the reset\r'));
    });
    await board.reset();
    off();
    await serial.waitFor(BANNER);
    board.write(new TextEncoder().encode('after\r'));
    await serial.waitFor('you said: after');
    expect(serial.text).not.toContain('typed during the reset');
  });

  it('boots from a saved flash image', async () => {
    const first = await bootBoard();
    const saved = await first.board.getFlash();
    expect(saved.length).toBe(2 * 1024 * 1024);
    await first.board.dispose();
    const second = new VirtualPicoBoard({ flash: saved, backend: new InlineBackend({ installRom: projectRom }) });
    boards.push(second);
    const serial = new SerialCapture(second);
    await second.connect();
    await serial.waitFor(BANNER);
    // Without its .uf2 the board still says what it runs (from the banner strings in flash).
    expect(second.firmwareInfo).toEqual(detectFirmwareInfo(saved));
  });

  it('a saved flash booted with its .uf2 knows the firmware, and Erase flash needs no argument', async () => {
    const first = await bootBoard();
    const saved = await first.board.getFlash();
    await first.board.dispose();
    const board = new VirtualPicoBoard({
      flash: saved,
      firmware: firmware.uf2,
      backend: new InlineBackend({ installRom: projectRom }),
    });
    boards.push(board);
    await board.connect();
    expect(board.firmwareInfo).toEqual(parseUf2(firmware.uf2).info);
    await board.eraseFlash();
    expect(board.status).toBe('ready');
  });

  it('dispose() during connect() leaves nothing running (the board stays disconnected)', async () => {
    // hosting 'inline' creates its backend asynchronously (module imports), so dispose() lands mid-connect.
    const board = new VirtualPicoBoard({ firmware: firmware.uf2, hosting: 'inline' });
    boards.push(board);
    const statuses: string[] = [];
    board.onStatus((s) => statuses.push(s));
    const connecting = board.connect();
    await board.dispose();
    await expect(connecting).rejects.toThrow(/disposed/);
    await sleep(300); // the test firmware reaches its REPL in ~50 ms: time enough to have booted behind our back
    expect(board.status).toBe('disconnected');
    expect(statuses.slice(statuses.indexOf('disconnected'))).toEqual(['disconnected']);
  });

  it('rejects a bad .uf2 with a specific error and keeps running', async () => {
    const { board } = await bootBoard();
    const bad = firmware.uf2.slice(0, 1000); // truncated
    await expect(board.loadFirmware(bad)).rejects.toBeInstanceOf(Uf2Error);
    const session = new ReplSession(board);
    expect((await session.exec("print('still here')\n")).stdout).toContain('still here');
    session.dispose();
    const broken = new VirtualPicoBoard({ firmware: new TextEncoder().encode('not a firmware'), hosting: 'inline' });
    boards.push(broken);
    await expect(broken.connect()).rejects.toMatchObject({ code: 'not-uf2' });
    expect(broken.status).toBe('error');
  });

  it('sits in BOOTSEL when flash holds no valid boot2, and boots once a good .uf2 is dropped', async () => {
    const garbage = new Uint8Array(4096).map((_, i) => (i * 37 + 11) & 0xff); // no valid boot2 CRC
    const board = new VirtualPicoBoard({
      firmware: writeUf2(garbage),
      backend: new InlineBackend({ installRom: projectRom }),
    });
    boards.push(board);
    await expect(board.connect()).rejects.toThrow(/BOOTSEL/);
    expect(board.status).toBe('bootsel');
    const s0 = await board.stats();
    await sleep(100);
    expect((await board.stats()).instructions).toBe(s0.instructions); // parked, not spinning
    const serial = new SerialCapture(board);
    await board.loadFirmware(firmware.uf2);
    expect(board.status).toBe('ready');
    await serial.waitFor(BANNER);
  });

  it('programs a new .uf2 over a running board (BOOTSEL drop)', async () => {
    const { board, serial } = await bootBoard();
    await serial.waitFor(BANNER);
    serial.clear();
    await board.loadFirmware(firmware.uf2);
    expect((await board.stats()).powerOns).toBe(2);
    await serial.waitFor(BANNER);
  });
});
