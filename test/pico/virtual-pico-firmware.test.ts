/**
 * The Virtual Pico with the official MicroPython RPI_PICO firmware (PICO_FIRMWARE=path/to.uf2):
 * boot to `>>>`, floats, littlefs files across machine.reset(), 20 KB raw-paste, Ctrl-C,
 * MemoryError. Skipped with a notice when PICO_FIRMWARE is not set.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualPicoBoard } from '../../src/board/virtual-pico/virtual-pico-board';
import { ReplSession } from '../../src/repl/repl-session';
import { SerialCapture, sleep } from './serial-capture';

const firmwarePath = process.env.PICO_FIRMWARE;
if (!firmwarePath) {
  console.warn(
    '[skip] test/pico/virtual-pico-firmware.test.ts: ' +
      'set PICO_FIRMWARE=path/to/RPI_PICO.uf2 to run the full-firmware tests',
  );
}

describe.skipIf(!firmwarePath)('Virtual Pico with the official MicroPython firmware', () => {
  let board: VirtualPicoBoard;
  let session: ReplSession;
  let serial: SerialCapture;
  let bootMs = 0;
  let bootCpuMs = 0;

  beforeAll(async () => {
    const firmware = new Uint8Array(readFileSync(firmwarePath!));
    board = new VirtualPicoBoard({ firmware, hosting: 'inline' });
    serial = new SerialCapture(board);
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    await board.connect();
    board.write(new Uint8Array([0x0d])); // the banner waits in the firmware until the host sends something
    await serial.waitFor('>>> ');
    bootMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    bootCpuMs = (cpu.user + cpu.system) / 1000;
    session = new ReplSession(board);
  });

  afterAll(async () => {
    session?.dispose();
    await board?.dispose();
  });

  it('boots to >>> within the 1 s target', () => {
    console.info(`boot to >>>: ${bootMs.toFixed(0)} ms wall, ${bootCpuMs.toFixed(0)} ms CPU`);
    expect(serial.text).toMatch(/MicroPython v\d+\.\d+.*Raspberry Pi Pico with RP2040/);
    expect(board.firmwareInfo?.kind).toBe('micropython');
    // The 1 s target is wall time on an idle machine. Test files run in parallel on shared cores, so
    // the target is checked on this process's CPU time (waiting for a core does not count; ~0.35 s
    // idle, first boot of the process included), with a wall-time bound that still catches a hang.
    expect(bootCpuMs).toBeLessThan(1000);
    expect(bootMs).toBeLessThan(10_000);
  });

  it('answers a one-line program promptly', async () => {
    await session.exec('print(1)'); // enters the raw REPL and warms the JIT
    // Latency, so wall time; best of 10, as one uncontended round trip is enough when other test files share the cores.
    // The 50 ms target itself is measured by `npm run bench`; here a bound a loaded machine still meets.
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      const r = await session.exec(`print(${i} * 7)`);
      times.push(performance.now() - t0);
      expect(r.stdout.trim()).toBe(String(i * 7));
    }
    const best = Math.min(...times);
    console.info(`one-line round trip: best ${best.toFixed(1)} ms, all ${times.map((t) => t.toFixed(1)).join(' ')}`);
    expect(best).toBeLessThan(200);
  });

  it('sleeps in real time without burning the host CPU', async () => {
    const s0 = await board.stats();
    const t0 = performance.now();
    const r = await session.exec(
      'import time\nt = time.ticks_ms()\ntime.sleep_ms(300)\nprint(time.ticks_diff(time.ticks_ms(), t))',
    );
    const wall = performance.now() - t0;
    const s1 = await board.stats();
    const instructions = s1.instructions - s0.instructions;
    console.info(
      `time.sleep_ms(300): ${wall.toFixed(0)} ms wall, ` +
        `${(s1.runWallMs - s0.runWallMs).toFixed(1)} ms in the emulator, ${instructions} instructions`,
    );
    expect(Number(r.stdout.trim())).toBeGreaterThanOrEqual(300);
    expect(wall).toBeGreaterThan(250); // load can only make it longer
    expect(wall).toBeLessThan(5000);
    // Not burning the CPU, counted in instructions (load-proof): ~0.4 M for the whole exec; a board
    // that spun through the sleep's timer ticks would execute tens of millions.
    expect(instructions).toBeLessThan(3_000_000);
  });

  it('does float maths like a Pico (single precision)', async () => {
    const r = await session.exec(
      'import math\nprint(repr(1.5 * 2.25), repr(10 / 4), repr(math.sqrt(2)), repr(math.sin(1.0)), ' +
        'repr(2.0 ** 0.5), repr(float("inf")), math.isnan(float("nan")))',
    );
    expect(r.stderr).toBe('');
    const [mul, div, sqrt, sin, pow, inf, nan] = r.stdout.trim().split(' ');
    expect(Number(mul)).toBe(3.375);
    expect(Number(div)).toBe(2.5);
    expect(Math.abs(Number(sqrt) - Math.SQRT2)).toBeLessThan(1e-6);
    expect(Math.fround(Number(sqrt))).toBe(Math.fround(Math.SQRT2));
    expect(Math.abs(Number(sin) - Math.sin(1))).toBeLessThan(1e-6);
    expect(Number(pow)).toBe(Number(sqrt));
    expect(inf).toBe('inf');
    expect(nan).toBe('True');
  });

  it('writes, lists and reads a file, and keeps it across machine.reset()', async () => {
    const content = `hello from the virtual pico ${Date.now()}`;
    const w = await session.exec(
      `f = open('lab.txt', 'w')\nf.write(${JSON.stringify(content)})\nf.close()\nimport os\nprint(os.listdir())`,
    );
    expect(w.stderr).toBe('');
    expect(w.stdout).toContain("'lab.txt'");
    const r = await session.exec("print(open('lab.txt').read())");
    expect(r.stdout.trim()).toBe(content);

    const powerOns = (await board.stats()).powerOns;
    const back = new Promise<void>((resolve) => {
      let restarted = false;
      const off = board.onStatus((s) => {
        if (s === 'connecting') restarted = true;
        if (s === 'ready' && restarted) {
          off();
          resolve();
        }
      });
    });
    await expect(session.exec('import machine\nmachine.reset()', { timeoutMs: 10_000 })).rejects.toThrow();
    await back;
    expect((await board.stats()).powerOns).toBe(powerOns + 1);
    const again = await session.exec("import os\nprint(os.listdir())\nprint(open('lab.txt').read())");
    expect(again.stderr).toBe('');
    expect(again.stdout).toContain(content);
    // After a reboot the heap is fresh: the earlier variable is gone.
    expect((await session.exec('print(f)')).stderr).toContain('NameError');
  });

  it('machine.bootloader() shows BOOTSEL; a dropped .uf2 boots again with the files kept', async () => {
    const entered = new Promise<void>((resolve) => {
      const off = board.onStatus((s) => {
        if (s === 'bootsel') {
          off();
          resolve();
        }
      });
    });
    await expect(session.exec('import machine\nmachine.bootloader()', { timeoutMs: 10_000 })).rejects.toThrow();
    await entered;
    expect(board.status).toBe('bootsel');
    const s0 = await board.stats();
    await sleep(100);
    expect((await board.stats()).instructions).toBe(s0.instructions); // parked: nothing runs
    await board.loadFirmware(new Uint8Array(readFileSync(firmwarePath!)));
    expect(board.status).toBe('ready');
    const r = await session.exec("import os\nprint('lab.txt' in os.listdir())");
    expect(r.stdout.trim()).toBe('True');
  });

  it('costs nothing while idle at the prompt', async () => {
    await sleep(50);
    const s0 = await board.stats();
    await sleep(400);
    const s1 = await board.stats();
    console.info(
      `idle 400 ms: ${s1.instructions - s0.instructions} instructions, ` +
        `${(s1.runWallMs - s0.runWallMs).toFixed(1)} ms in the emulator`,
    );
    expect(s1.instructions - s0.instructions).toBeLessThan(20_000);
  });

  it('"Erase flash" gives a clean filesystem with the same firmware', async () => {
    expect((await session.exec("import os\nprint('lab.txt' in os.listdir())")).stdout.trim()).toBe('True');
    await board.eraseFlash();
    expect(board.status).toBe('ready');
    const r = await session.exec('import os\nprint(os.listdir())');
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toContain('lab.txt');
    // and the fresh filesystem works
    const w = await session.exec(
      "with open('after-erase.txt', 'w') as f:\n    f.write('ok')\nprint(open('after-erase.txt').read())",
    );
    expect(w.stdout.trim()).toBe('ok');
  });

  it('raw-pastes a 20 KB program intact', async () => {
    const lines = ['total = 0'];
    let expected = 0;
    for (let i = 0; lines.join('\n').length < 20_000; i++) {
      lines.push(`total += ${(i * 7919) % 1000}  # line ${i} of a long program`);
      expected += (i * 7919) % 1000;
    }
    lines.push('print(total, len(__file__) if "__file__" in dir() else -1)');
    const program = lines.join('\n');
    expect(program.length).toBeGreaterThanOrEqual(20_000);
    const t0 = performance.now();
    const r = await session.exec(program, { timeoutMs: 60_000 });
    console.info(`20 KB raw-paste on MicroPython: ${(performance.now() - t0).toFixed(0)} ms wall`);
    expect(session.rawPasteSupported).toBe(true);
    expect(r.stderr).toBe('');
    expect(r.stdout.split(' ')[0]).toBe(String(expected));
  });

  it('stops an infinite loop with Ctrl-C and stays usable', async () => {
    const running = session.exec('n = 0\nwhile True:\n    n += 1');
    await sleep(400);
    const t0 = performance.now();
    await session.interrupt();
    const r = await running;
    console.info(`Ctrl-C answered in ${(performance.now() - t0).toFixed(0)} ms`);
    expect(r.stderr).toContain('KeyboardInterrupt');
    const after = await session.exec('print(n > 0)');
    expect(after.stdout.trim()).toBe('True');
  });

  it('raises MemoryError for a huge allocation and stays usable', async () => {
    const r = await session.exec('x = bytearray(400_000)');
    expect(r.stderr).toContain('MemoryError');
    const ok = await session.exec(
      'import gc\ngc.collect()\ny = bytearray(1000)\nprint(len(y), gc.mem_free() > 100_000)',
    );
    expect(ok.stdout.trim()).toBe('1000 True');
  });

  it('survives a core-1 thread launch quietly (no console flood, GC and flash still work)', async () => {
    const warn = console.warn;
    let warnings = 0;
    console.warn = () => void warnings++;
    try {
      // Core 1 is not emulated: the launch handshake is answered, the thread never runs.
      const r = await session.exec('import _thread\n_thread.start_new_thread(lambda: None, ())\nprint("started")', {
        timeoutMs: 10_000,
      });
      expect(r.stdout).toContain('started');
    } finally {
      console.warn = warn;
    }
    expect(warnings).toBeLessThan(5);
    // gc.collect() and littlefs writes lock core 1 out through the same FIFO.
    const after = await session.exec(
      "import gc\ngc.collect()\nwith open('t2.txt', 'w') as f:\n    f.write('x' * 100)\n" +
        "print(len(open('t2.txt').read()))",
      { timeoutMs: 10_000 },
    );
    expect(after.stderr).toBe('');
    expect(after.stdout.trim()).toBe('100');
  });
});
