/**
 * Virtual Pico speed, side by side in one run on the same firmware and ROM:
 *   host     = this project's PicoHost (src/pico: batched clock, held USB OUT requests, idle sleep)
 *   upstream = rp2040js's own Simulator.execute() with its stock USBCDC helper
 * Boot time to `>>>`, then a busy workload: `for i in range(100000): pass` with PICO_FIRMWARE,
 * otherwise a busy loop on the project's usb-repl test firmware for a fixed wall time.
 * Prints ratios and one machine-readable `bench:` line. Not a test.
 */
import { readFileSync } from 'node:fs';
import { RP2040, Simulator, USBCDC } from 'rp2040js';
import { parseUf2 } from '../src/firmware/uf2';
import { projectRom } from '../src/pico/default-rom';
import { PicoHost } from '../src/pico/pico-host';
import { bootFromRom, installRom } from '../src/pico/rom/index';

interface Workload {
  label: string;
  /** Bytes to send once booted; the run ends when `done` matches the output after them. */
  input: string;
  done: RegExp;
  /** For a never-ending program: interrupt (Ctrl-C) after this much wall time. */
  interruptAfterMs?: number;
}

interface Measured {
  bootMs: number;
  wallMs: number;
  emulatedMs: number;
  instructions?: number;
}

const PYTHON_LOOP: Workload = {
  label: 'MicroPython `for i in range(100000): pass`',
  input: 'for i in range(100000): pass\r\r',
  done: /pass\r\n\.\.\. \r\n>>> $/,
};

const TEST_FIRMWARE_SPIN: Workload = {
  label: 'usb-repl test firmware busy loop (`while True: pass` in the raw REPL, 1.5 s wall, then Ctrl-C)',
  input: '\x01while True: pass\n\x04',
  done: /KeyboardInterrupt: \r\n\x04>$/,
  interruptAfterMs: 1500,
};

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `text()` matches, polling every millisecond (both hosts deliver output asynchronously). */
async function until(text: () => string, pattern: RegExp, timeoutMs: number, what: string): Promise<void> {
  const t0 = performance.now();
  while (!pattern.test(text())) {
    if (performance.now() - t0 > timeoutMs)
      throw new Error(`${what}: timed out; last output ${JSON.stringify(text().slice(-200))}`);
    await sleep(1);
  }
}

async function runHost(flash: Uint8Array, workload: Workload): Promise<Measured> {
  const host = new PicoHost({ flash, installRom: projectRom });
  let out = '';
  host.data.add((b) => (out += latin1(b)));
  const t0 = performance.now();
  const ready = new Promise<void>((resolve) => host.statusChanged.add((s) => s === 'ready' && resolve()));
  host.start();
  await ready;
  host.write(new Uint8Array([0x0d]));
  await until(() => out, />>> $/, 30_000, 'host boot');
  const bootMs = performance.now() - t0;
  out = '';
  const s0 = host.stats();
  const w0 = performance.now();
  host.write(Buffer.from(workload.input, 'latin1'));
  if (workload.interruptAfterMs) {
    await sleep(workload.interruptAfterMs);
    host.write(new Uint8Array([0x03]));
  }
  await until(() => out, workload.done, 300_000, 'host workload');
  const wallMs = performance.now() - w0;
  const s1 = host.stats();
  host.dispose();
  return { bootMs, wallMs, emulatedMs: s1.emulatedMs - s0.emulatedMs, instructions: s1.instructions - s0.instructions };
}

/** Plain upstream: Simulator.execute() + stock USBCDC (bytes fed through its 512-byte FIFO). */
async function runUpstream(flash: Uint8Array, workload: Workload): Promise<Measured> {
  const sim = new Simulator();
  const mcu: RP2040 = sim.rp2040;
  mcu.logger = { debug() {}, info() {}, warn() {}, error() {} };
  // Upstream's SIO prints a warning per core-1 FIFO access; MicroPython's boot does not touch it.
  installRom(mcu, {}); // after Simulator, which sets onBreak
  mcu.flash.set(flash);
  bootFromRom(mcu);
  const cdc = new USBCDC(mcu.usbCtrl);
  let out = '';
  let connected = false;
  cdc.onDeviceConnected = () => (connected = true);
  cdc.onSerialData = (b) => (out += latin1(b));
  const send = (text: string) => {
    for (const byte of Buffer.from(text, 'latin1')) cdc.sendSerialByte(byte);
  };
  const clock = mcu.clock as unknown as { nanos: number };
  const t0 = performance.now();
  sim.execute();
  try {
    await until(() => (connected ? 'c' : ''), /c/, 60_000, 'upstream USB connect');
    send('\r');
    await until(() => out, />>> $/, 60_000, 'upstream boot');
    const bootMs = performance.now() - t0;
    out = '';
    const v0 = clock.nanos;
    const w0 = performance.now();
    send(workload.input);
    if (workload.interruptAfterMs) {
      await sleep(workload.interruptAfterMs);
      send('\x03');
    }
    await until(() => out, workload.done, 600_000, 'upstream workload');
    const wallMs = performance.now() - w0;
    return { bootMs, wallMs, emulatedMs: (clock.nanos - v0) / 1e6 };
  } finally {
    sim.stop();
  }
}

async function loadFirmware(): Promise<{ flash: Uint8Array; workload: Workload; note: string }> {
  const path = process.env.PICO_FIRMWARE;
  if (path) {
    const image = parseUf2(readFileSync(path));
    return {
      flash: image.flash,
      workload: PYTHON_LOOP,
      note: `firmware: ${path} (${image.info.kind} ${image.info.version ?? ''})`,
    };
  }
  const { buildUsbReplFirmware } = await import('../test/support/build-usb-repl');
  const fw = await buildUsbReplFirmware();
  return {
    flash: parseUf2(fw.uf2).flash,
    workload: TEST_FIRMWARE_SPIN,
    note:
      "PICO_FIRMWARE not set: measuring on the project's usb-repl TEST firmware (not MicroPython); " +
      'set PICO_FIRMWARE=path/to/RPI_PICO.uf2 for the real numbers',
  };
}

export default async function bench(): Promise<void> {
  const { flash, workload, note } = await loadFirmware();
  console.log(note);
  console.log(`workload: ${workload.label}`);
  // The first boot in a fresh process is the cold start a user sees; then both code paths are warm.
  const cold = await runHost(flash, workload);
  const host = await runHost(flash, workload);
  const upstream = await runUpstream(flash, workload);
  const hostFactor = host.emulatedMs / host.wallMs;
  const upFactor = upstream.emulatedMs / upstream.wallMs;
  const row = (name: string, m: Measured, factor: number) =>
    console.log(
      `${name.padEnd(9)} boot ${m.bootMs.toFixed(0).padStart(6)} ms | ` +
        `workload ${m.wallMs.toFixed(0).padStart(7)} ms wall, ` +
        `${m.emulatedMs.toFixed(1).padStart(8)} ms emulated | real-time factor ${factor.toFixed(3)} ` +
        `(${(factor * 125).toFixed(1)} emulated MHz)` +
        (m.instructions ? ` | ${(m.instructions / m.wallMs / 1000).toFixed(1)} MIPS` : ''),
    );
  console.log(`host cold boot (first in this process): ${cold.bootMs.toFixed(0)} ms`);
  row('host', host, hostFactor);
  row('upstream', upstream, upFactor);
  console.log(
    `ratios: boot ${(upstream.bootMs / host.bootMs).toFixed(2)}× faster, ` +
      `workload wall ${(upstream.wallMs / host.wallMs).toFixed(2)}× faster, ` +
      `real-time factor ${(hostFactor / upFactor).toFixed(2)}×`,
  );
  // Same program: the wall-time ratio is what a user feels. A fixed-time busy loop: compare emulation rates.
  const speedup = workload.interruptAfterMs ? hostFactor / upFactor : upstream.wallMs / host.wallMs;
  console.log(
    `bench: boot_ms=${cold.bootMs.toFixed(0)} loop_realtime_factor=${hostFactor.toFixed(3)} ` +
      `upstream_realtime_factor=${upFactor.toFixed(3)} speedup_vs_upstream=${speedup.toFixed(2)}`,
  );
}
