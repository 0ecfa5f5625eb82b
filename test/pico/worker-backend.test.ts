/**
 * The Virtual Pico's worker protocol in Node: the real src/pico/pico-worker.ts in a worker thread
 * (test/pico/node-worker.ts) with the project's usb-repl test firmware, driven through WorkerBackend:
 * programs over the REPL protocol, a 20 KB paste in batched input messages, snapshots and flash
 * transferred intact, input and requests kept in call order (as the inline backend does), and
 * dispose() ending the thread.
 */
import { crc32 } from 'node:zlib';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseUf2 } from '../../src/firmware/uf2';
import { projectRom } from '../../src/pico/default-rom';
import { InlineBackend } from '../../src/pico/inline-backend';
import type { PicoBackend } from '../../src/pico/pico-backend';
import { VirtualPicoBoard } from '../../src/board/virtual-pico/virtual-pico-board';
import { WorkerBackend } from '../../src/pico/worker-backend';
import { ReplSession } from '../../src/repl/repl-session';
import { buildUsbReplFirmware, type UsbReplFirmware } from '../support/build-usb-repl';
import { startPicoWorker } from './node-worker';
import { SerialCapture, sleep } from './serial-capture';

const BANNER = 'TestFirmware usb-repl v1; Pico Heap Lab test device\r\n>>> ';
let firmware: UsbReplFirmware;
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  firmware = await buildUsbReplFirmware();
});

afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function workerBackend() {
  const { worker, exited } = startPicoWorker();
  const backend = new WorkerBackend(worker);
  cleanups.push(() => backend.dispose().catch(() => undefined));
  return { backend, exited };
}

/** Starts a backend on the test firmware; resolves at the REPL with its serial output collected. */
async function startAtRepl(backend: PicoBackend) {
  const out = { text: '' };
  backend.onData((bytes) => (out.text += Buffer.from(bytes).toString('latin1')));
  const ready = untilStatus(backend, 'ready');
  await backend.start(parseUf2(firmware.uf2).flash);
  await ready;
  return out;
}

function untilStatus(backend: PicoBackend, wanted: string): Promise<void> {
  return new Promise((resolve) => {
    const off = backend.onStatus((s) => {
      if (s === wanted) {
        off();
        resolve();
      }
    });
  });
}

describe('Virtual Pico in a worker (pico-worker.ts in a Node thread)', () => {
  it('runs programs and a 20 KB paste over the REPL protocol; snapshots and flash arrive intact', async () => {
    const { backend } = workerBackend();
    const board = new VirtualPicoBoard({ firmware: firmware.uf2, backend });
    const serial = new SerialCapture(board);
    await board.connect();
    await serial.waitFor(BANNER);
    const session = new ReplSession(board);
    expect((await session.exec("print('from the worker')\n")).stdout).toContain('from the worker');
    const lines = [`print('big start')`];
    for (let i = 0; lines.join('\n').length < 20_000; i++) lines.push(`v${i} = ${i}  # filler for a long program`);
    const program = lines.join('\n') + '\n';
    const r = await session.exec(program, { timeoutMs: 30_000 });
    const bytes = Buffer.from(program, 'latin1');
    expect(r.stdout).toContain(`len=${bytes.length} crc32=${(crc32(bytes) >>> 0).toString(16).padStart(8, '0')}`);
    session.dispose();

    const image = await board.memory({ includeFlash: true });
    const sram = image.regions.find((x) => x.name === 'sram')!;
    const flashRegion = image.regions.find((x) => x.name === 'flash')!;
    expect([sram.base, sram.bytes.length, flashRegion.base, flashRegion.bytes.length]).toEqual([
      0x20000000,
      0x42000,
      0x10000000,
      2 * 1024 * 1024,
    ]);
    expect(Buffer.from(sram.bytes).indexOf('big start')).toBeGreaterThan(0);
    const flash = await board.getFlash();
    expect(Buffer.from(flash.subarray(0, firmware.bin.length)).equals(Buffer.from(firmware.bin))).toBe(true);
    expect((await board.stats()).instructions).toBeGreaterThan(0);
  });

  it('keeps serial input and requests in call order, like the inline backend', async () => {
    // Bytes written just before a power cycle belong to the old machine (which may still answer them);
    // the freshly booted one must not receive them.
    const seen: Record<string, string> = {};
    for (const [name, backend] of [
      ['inline', new InlineBackend({ installRom: projectRom })],
      ['worker', workerBackend().backend],
    ] as const) {
      if (name === 'inline') cleanups.push(() => backend.dispose());
      const out = await startAtRepl(backend);
      await sleep(50);
      out.text = '';
      const rebooted = untilStatus(backend, 'ready');
      backend.write(new TextEncoder().encode('typed before the reset\r'));
      void backend.powerCycle();
      await rebooted;
      for (let waited = 0; !out.text.includes(BANNER) && waited < 10_000; waited += 20) await sleep(20);
      await sleep(200); // time for an answer to input the new machine should never have seen
      seen[name] = out.text.slice(out.text.lastIndexOf(BANNER));
    }
    expect(seen).toEqual({ inline: BANNER, worker: BANNER });
  });

  it('dispose() ends the worker thread; later calls fail at once instead of waiting forever', async () => {
    const { backend, exited } = workerBackend();
    await startAtRepl(backend);
    backend.write(new TextEncoder().encode('typed\r'));
    await backend.dispose();
    const code = await Promise.race([exited, sleep(5000).then(() => 'still running')]);
    expect(code).not.toBe('still running');
    const late = await Promise.race([
      backend.stats().then(
        () => 'answered',
        (e: Error) => e.message,
      ),
      sleep(2000).then(() => 'no answer'),
    ]);
    expect(late).toMatch(/disposed/);
    await backend.dispose(); // a second dispose is harmless and returns
  });
});
