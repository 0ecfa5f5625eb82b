/**
 * `pico-heap-lab` (bin/pico-heap-lab.mjs → src/cli) in a child process: help and usage
 * errors (exit 0 / 2 and the one-line reason), `repl --board browser-wasm` driven through
 * stdin like a person would (type, read the answer, Ctrl-X), and bad heap-inspector options
 * (--heap / --heap-json) with the exit status and message the code documents.
 * The REPL and heap cases use the real MicroPython WebAssembly build; no firmware needed.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { usage } from '../../src/cli/args';
import { cliExtensions } from '../../src/cli/extensions';
import '../../src/cli/register-extensions';
import { occurrences, terminalScreen } from '../support/terminal-screen';
import { runCli, startCli, tempFile as file } from '../support/run-cli';

const dir = mkdtempSync(join(tmpdir(), 'pico-cli-args-'));

/** Runs the CLI to the end with `input` piped to stdin. */
const cli = (args: string[], input = '', env: Record<string, string | undefined> = {}) => runCli(args, { input, env });
const start = (args: string[], env: Record<string, string | undefined> = {}) => startCli(args, { env });

/** Lines of the help text for the options registered by CLI extensions (the heap inspector's). */
const HEAP_HELP = ['--heap-json OUT.json', '--heap text'];

describe('help', () => {
  it('`help`, `--help`, `-h`, no arguments and `run --help` print the usage on stdout and exit 0', async () => {
    const runs = await Promise.all([
      cli(['help']),
      cli(['--help']),
      cli(['-h']),
      cli([]),
      cli(['run', '--help']),
      cli(['repl', '--help']),
    ]);
    for (const r of runs) {
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(runs[0].stdout);
    }
    const text = runs[0].stdout;
    // The usage with every registered extension's options (the heap inspector's), ending in a newline.
    expect(text).toBe(`${usage(cliExtensions().flatMap((e) => e.options))}\n`);
    expect(text).toMatch(/^Usage:\n {2}pico-heap-lab run .*FILE\.py\n {2}pico-heap-lab repl /);
    for (const option of ['--board NAME', '--firmware PATH', '--timings', '--timeout SECONDS', ...HEAP_HELP])
      expect(text).toContain(`\n  ${option} `);
    expect(text).toContain(
      'Exit status: 0 the program ran, 1 it raised an exception, 2 board, firmware or usage error.',
    );
    expect(text.trimEnd().split('\n').at(-1)).toBe('In the REPL, Ctrl-X quits.');
  });
});

describe('usage errors: exit 2, the reason on the first line of stderr, then the usage', () => {
  const cases: [string[], string][] = [
    [['flash'], 'unknown command "flash": use run, repl or check'],
    [['--bogus'], 'unknown command "--bogus": use run, repl or check'],
    [['run', '--board'], '--board needs a value'],
    [['run', '--board', 'uno', 'a.py'], 'unknown board "uno": use virtual-pico or browser-wasm'],
    [
      ['run', '--board', 'usb-pico', 'a.py'],
      'the usb-pico board needs a browser (Web Serial): open the lab, or use virtual-pico or browser-wasm',
    ],
    [['run', '--timeout', 'soon', 'a.py'], '--timeout needs a positive number of seconds, not "soon"'],
    [['run', 'a.py', 'b.py'], 'run takes one FILE.py (got 2 files)'],
    [['repl', '--timings'], '--timings only applies to run'],
    [['repl', '--board', 'browser-wasm', 'a.py'], 'repl takes no file (got "a.py")'],
    // The heap options belong to `run` only.
    [['repl', '--board', 'browser-wasm', '--heap', 'text'], 'unknown option --heap'],
    [['repl', '--heap-json', 'x.json'], 'unknown option --heap-json'],
  ];
  for (const [args, reason] of cases) {
    it(`${args.join(' ')} → ${reason}`, async () => {
      const r = await cli(args);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      const [first, blank, ...rest] = r.stderr.split('\n');
      expect(first).toBe(`pico-heap-lab: ${reason}`);
      expect(blank).toBe('');
      expect(rest.join('\n')).toMatch(/^Usage:\n/);
    });
  }
});

describe('bad heap-inspector options on run', () => {
  const program = () => file('heap-prog.py', 'print("ran")\n');

  it('--heap-json or --heap without a value is a usage error (exit 2 before anything boots)', async () => {
    for (const [args, reason] of [
      [['run', '--board', 'browser-wasm', program(), '--heap-json'], '--heap-json needs a value'],
      [['run', '--heap-json', '--board', 'browser-wasm', program()], '--heap-json needs a value'],
      [['run', '--board', 'browser-wasm', program(), '--heap'], '--heap needs a value'],
    ] as [string[], string][]) {
      const r = await cli(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe(''); // the program never ran
      expect(r.stderr.split('\n')[0]).toBe(`pico-heap-lab: ${reason}`);
    }
  });

  it('--heap-json taking the only file leaves run without a program (usage error)', async () => {
    const r = await cli(['run', '--board', 'browser-wasm', '--heap-json', program()]);
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('pico-heap-lab: run needs a FILE.py');
  });

  // Checked while parsing, like any usage error: before the board boots or the program runs.
  it('bad --heap / --heap-json values are usage errors: exit 2, the reason first, the program never runs', async () => {
    const out = join(dir, 'no-such-dir', 'heap.json');
    for (const [args, reason] of [
      [
        ['run', '--board', 'browser-wasm', '--heap', 'json', program()],
        '--heap takes "text" (got "json"); use --heap-json FILE for JSON',
      ],
      [
        ['run', '--board', 'browser-wasm', '--heap=', program()],
        '--heap takes "text" (got ""); use --heap-json FILE for JSON',
      ],
      [
        ['run', '--board', 'browser-wasm', '--heap-json=', program()],
        '--heap-json needs a file name, e.g. --heap-json heap.json',
      ],
      [
        ['run', '--board', 'browser-wasm', '--heap-json', out, program()],
        `--heap-json ${out}: the folder ${dirname(out)} does not exist`,
      ],
    ] as [string[], string][]) {
      const r = await cli(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe(''); // the program never ran
      expect(r.stderr.split('\n')[0]).toBe(`pico-heap-lab: ${reason}`);
    }
    expect(existsSync(out)).toBe(false);
  });
});

describe('repl --board browser-wasm driven through stdin', () => {
  let child: ChildProcessWithoutNullStreams | undefined;
  afterEach(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    child = undefined;
  });

  it('shows the banner and one prompt, answers an expression, and Ctrl-X quits with exit 0', async () => {
    child = start(['repl', '--board', 'browser-wasm']);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    const closed = new Promise<number>((done) => child!.on('close', (status) => done(status ?? -1)));

    await expect.poll(() => stdout, { timeout: 30_000 }).toContain('>>> ');
    expect(stderr).toBe('Booting MicroPython (WebAssembly)… (Ctrl-X quits)\n');
    expect(occurrences(stdout, 'MicroPython v')).toBe(1);
    expect(occurrences(stdout, '>>> ')).toBe(1);

    child.stdin.write('6*7\n'); // a pipe sends LF; the CLI turns it into Enter
    await expect.poll(() => occurrences(stdout, '>>> '), { timeout: 30_000 }).toBe(2);
    expect(terminalScreen(stdout).split('\n').slice(-3)).toEqual(['>>> 6*7', '42', '>>> ']);

    child.stdin.write('x = [1, 2, 3]\n');
    child.stdin.write('len(x) * 10\n');
    await expect.poll(() => occurrences(stdout, '>>> '), { timeout: 30_000 }).toBe(4);
    expect(terminalScreen(stdout).split('\n').slice(-3)).toEqual(['>>> len(x) * 10', '30', '>>> ']);

    child.stdin.write('\x18'); // Ctrl-X; stdin stays open, so only Ctrl-X can end the session
    expect(await closed).toBe(0);
    expect(stderr).toBe('Booting MicroPython (WebAssembly)… (Ctrl-X quits)\n');
  });

  it('piped input that ends: the answers come back, then exit 0', async () => {
    const r = await cli(['repl', '--board', 'browser-wasm'], 'print("piped", 6 * 7)\n');
    expect(r.status).toBe(0);
    expect(terminalScreen(r.stdout)).toContain('\npiped 42\n>>> ');
  });

  it('repl on the Virtual Pico without firmware: exit 2, the reason on the last line of stderr', async () => {
    const r = await cli(['repl']);
    expect(r.status).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.at(-1)).toBe(
      'pico-heap-lab: no firmware: pass --firmware PATH.uf2 or set PICO_FIRMWARE (get one with `npm run firmware`)',
    );
    expect(lines).toHaveLength(2); // the "Booting …" line, then the reason
  });
});
