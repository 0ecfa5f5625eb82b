/**
 * `pico-heap-lab` (bin/pico-heap-lab.mjs → src/cli): argument parsing, and the real command
 * in a child process on the usb-repl test firmware (always), the official firmware
 * (PICO_FIRMWARE) and the MicroPython WebAssembly board: exit statuses 0/1/2, --timings, repl.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../src/cli/args';
import { buildUsbReplFirmware } from '../support/build-usb-repl';
import { runCli, tempFile as file } from '../support/run-cli';

const dir = mkdtempSync(join(tmpdir(), 'pico-cli-'));
const cli = (args: string[], env: Record<string, string | undefined> = {}, input?: string, cwd?: string) =>
  runCli(args, { env, input, cwd });

const ASK = "name = input('Your name? ')\nage = input('Age? ')\nprint('Hello', name, 'aged', age)\n";

describe('CLI argument parsing', () => {
  it('parses run with options, PICO_FIRMWARE and extension options', () => {
    expect(parseArgs(['run', 'a.py'], { PICO_FIRMWARE: '/fw.uf2' })).toEqual({
      command: 'run',
      board: 'virtual-pico',
      firmware: '/fw.uf2',
      file: 'a.py',
      timings: false,
      timeoutMs: undefined,
      extra: {},
    });
    const args = parseArgs(
      ['run', '--board=browser-wasm', '--timings', '--timeout', '2.5', '--heap-json', 'out.json', 'b.py'],
      {},
      [{ name: 'heap-json', type: 'string', help: '--heap-json OUT.json' }],
    );
    expect(args).toMatchObject({
      board: 'browser-wasm',
      timings: true,
      timeoutMs: 2500,
      file: 'b.py',
      extra: { 'heap-json': 'out.json' },
    });
    expect(parseArgs(['run', '--firmware', 'x.uf2', 'c.py'], { PICO_FIRMWARE: '/env.uf2' })).toMatchObject({
      firmware: 'x.uf2',
    });
  });

  it('rejects mistakes with a one-line reason', () => {
    expect(() => parseArgs(['run'])).toThrow(new UsageError('run needs a FILE.py'));
    expect(() => parseArgs(['run', '--board', 'uno', 'a.py'])).toThrow(/unknown board "uno"/);
    expect(() => parseArgs(['run', '--heap-json', 'x', 'a.py'])).toThrow(/unknown option --heap-json/);
    expect(() => parseArgs(['run', '--timeout', '-1', 'a.py'])).toThrow(/positive number/);
    expect(() => parseArgs(['flash'])).toThrow(/unknown command "flash"/);
    expect(() => parseArgs(['repl', 'a.py'])).toThrow(/repl takes no file/);
    // Node fires a longer timer at once, which would interrupt every program immediately.
    expect(() => parseArgs(['run', '--timeout', '1e10', 'a.py'])).toThrow('--timeout is at most 2147483 seconds');
    expect(parseArgs(['run', '--timeout', '2147483', 'a.py'])).toMatchObject({ timeoutMs: 2147483000 });
    expect(() => parseArgs(['run', '-v', 'a.py'])).toThrow(new UsageError('unknown option -v'));
  });
});

describe('CLI on the usb-repl test firmware', () => {
  let firmware: string;
  beforeAll(async () => {
    firmware = (await buildUsbReplFirmware()).path;
  });

  it('exit 0: prints the program output', async () => {
    const r = await cli(['run', '--firmware', firmware, file('ok.py', "print('hello from the cli')\n")]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('hello from the cli\n');
    expect(r.stdout).not.toContain('\r');
    expect(r.status).toBe(0);
  });

  it('exit 1: the traceback goes to stderr; PICO_FIRMWARE replaces --firmware', async () => {
    const r = await cli(['run', file('bad.py', "print('before')\nraise ValueError('broken')\n")], {
      PICO_FIRMWARE: firmware,
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('before');
    expect(r.stderr).toContain('ValueError: broken');
  });

  it('exit 2: bad or missing firmware, missing file, usage error — one line each', async () => {
    const notUf2 = file('fake.uf2', 'this is not a firmware');
    const cases = [
      await cli(['run', '--firmware', notUf2, file('x.py', 'print(1)\n')]),
      await cli(['run', '--firmware', join(dir, 'missing.uf2'), file('y.py', 'print(1)\n')]),
      await cli(['run', file('z.py', 'print(1)\n')]),
      await cli(['run', '--firmware', firmware, join(dir, 'no-such-program.py')]),
    ];
    for (const r of cases) {
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^pico-heap-lab: /);
    }
    expect(cases[0].stderr).toContain('not a UF2');
    expect(cases[1].stderr).toContain('no such file');
    expect(cases[2].stderr).toContain('PICO_FIRMWARE');
    const usage = await cli(['run', '--bogus', 'a.py']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('unknown option --bogus');
  });

  it('--timings prints one boot/run/emulated line on stderr', async () => {
    const r = await cli(['run', '--timings', '--firmware', firmware, file('t.py', "print('t')\n")]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^boot_ms=\d+ run_ms=\d+(\.\d+)? emulated_ms=\d+(\.\d+)?\n$/);
  });

  it('--timeout interrupts a program that never ends (exit 1)', async () => {
    const r = await cli(['run', '--timeout', '1', '--firmware', firmware, file('loop.py', 'while True: pass\n')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('did not finish within 1 s');
  });

  it('repl: piped input reaches the board and its answers come back', async () => {
    const r = await cli(['repl', '--firmware', firmware], {}, 'hello repl\n');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('you said: hello repl');
  });
});

describe('CLI on the browser-wasm board', () => {
  const programFilesTitle =
    'program files: a BOM is dropped, an empty file runs, non-UTF-8 and directories are refused (exit 2)';
  it(programFilesTitle, async () => {
    const bom = await cli(['run', '--board', 'browser-wasm', file('bom.py', '\ufeffprint("bom ok")\n')]);
    expect(bom.stderr).toBe('');
    expect(bom.stdout).toBe('bom ok\n');
    const empty = await cli(['run', '--board', 'browser-wasm', file('empty.py', '')]);
    expect(empty).toEqual({ status: 0, stdout: '', stderr: '' });
    const latin1 = join(dir, 'latin1.py');
    writeFileSync(latin1, Buffer.from('print("caf\xe9")\n', 'latin1'));
    const bad = await cli(['run', '--board', 'browser-wasm', latin1]);
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toBe(`pico-heap-lab: ${latin1} is not UTF-8 text (byte 0xe9 at offset 10): save it as UTF-8\n`);
    const folder = await cli(['run', '--board', 'browser-wasm', dir]);
    expect(folder.status).toBe(2);
    expect(folder.stderr).toBe(`pico-heap-lab: cannot read ${dir}: it is a directory\n`);
  });

  it('works from any directory (the launcher finds its own tsx)', async () => {
    const folder = dirname(file('not-here-yet.txt', ''));
    const r = await cli(['run', '--board', 'browser-wasm', 'here.py'], {}, undefined, folder);
    file('here.py', 'print("from elsewhere")\n');
    const again = await cli(['run', '--board', 'browser-wasm', 'here.py'], {}, undefined, folder);
    expect(r.stderr).toBe('pico-heap-lab: cannot read here.py: no such file\n');
    expect(r.status).toBe(2);
    expect(again.stdout).toBe('from elsewhere\n');
    expect(again.status).toBe(0);
  });

  it('passes its stdin through to the program: `echo Ada | pico-heap-lab run ask.py`', async () => {
    const r = await cli(['run', '--board', 'browser-wasm', file('ask.py', ASK)], {}, 'Ada\r\n42\nleft over\n');
    // The board echoes what it reads, as on a serial terminal; input it never asked for is dropped.
    expect(r).toEqual({ status: 0, stdout: 'Your name? Ada\nAge? 42\nHello Ada aged 42\n', stderr: '' });
  });

  it('runs a program and reports exceptions (0 / 1)', async () => {
    const ok = await cli(['run', '--board', 'browser-wasm', file('w.py', 'print(sum(range(10)))\n')]);
    expect(ok.stdout).toBe('45\n');
    expect(ok.status).toBe(0);
    const bad = await cli(['run', '--board', 'browser-wasm', '--timings', file('wb.py', '1/0\n')]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('ZeroDivisionError');
    expect(bad.stderr).toMatch(/boot_ms=\d+ run_ms=[\d.]+ emulated_ms=na/);
  });
});

const firmwarePath = process.env.PICO_FIRMWARE;
if (!firmwarePath) console.warn('[skip] CLI full-firmware tests: set PICO_FIRMWARE=path/to/RPI_PICO.uf2');

describe.skipIf(!firmwarePath)('CLI on the official MicroPython firmware', () => {
  it('exit 0 with real output, exit 1 with a traceback, --timings', async () => {
    const ok = await cli(
      ['run', '--timings', file('m.py', 'import math\nprint([i * i for i in range(5)], math.floor(math.pi * 100))\n')],
      {
        PICO_FIRMWARE: firmwarePath,
      },
    );
    expect(ok.stdout).toBe('[0, 1, 4, 9, 16] 314\n');
    expect(ok.status).toBe(0);
    const timing = /boot_ms=(\d+) run_ms=([\d.]+) emulated_ms=([\d.]+)/.exec(ok.stderr);
    expect(timing).not.toBeNull();
    expect(Number(timing![3])).toBeGreaterThan(0);
    const bad = await cli(['run', file('mb.py', 'def f():\n    return {}["missing"]\nf()\n')], {
      PICO_FIRMWARE: firmwarePath,
    });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('KeyError');
    expect(bad.stderr).toContain('line 2, in f');
  });

  it('passes its stdin through to the program: `echo Ada | pico-heap-lab run ask.py`', async () => {
    const r = await cli(['run', file('ask-pico.py', ASK)], { PICO_FIRMWARE: firmwarePath }, 'Ada\n42\n');
    expect(r).toEqual({ status: 0, stdout: 'Your name? Ada\nAge? 42\nHello Ada aged 42\n', stderr: '' });
  });

  it('a program that reboots the board or enters BOOTSEL gets a one-line reason (exit 2)', async () => {
    // (What it printed just before may be lost with the USB connection, as on a real Pico.)
    const boot = await cli(['run', file('bs.py', 'import machine\nmachine.bootloader()\n')], {
      PICO_FIRMWARE: firmwarePath,
    });
    expect(boot.status).toBe(2);
    expect(boot.stderr).toMatch(/^pico-heap-lab: the program put the board into BOOTSEL/);
    const reset = await cli(['run', file('rs.py', 'import machine\nmachine.reset()\n')], {
      PICO_FIRMWARE: firmwarePath,
    });
    expect(reset.status).toBe(2);
    expect(reset.stderr).toMatch(/^pico-heap-lab: the board restarted during the program/);
  });
});
