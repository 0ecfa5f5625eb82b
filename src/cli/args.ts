/** Command-line parsing for `pico-heap-lab`, kept apart from what the commands do. */

export type BoardChoice = 'virtual-pico' | 'browser-wasm';

/** An option an extension (e.g. the heap inspector's --heap-json) adds to `run`. */
export interface ExtraOption {
  name: string;
  /** 'string' takes a value (`--name VALUE` or `--name=VALUE`); 'boolean' is a flag. */
  type: 'string' | 'boolean';
  /** The value's placeholder in --help, e.g. "FILE.json". */
  argument?: string;
  /** What it does, for --help. */
  help: string;
  /** Why a value is not acceptable (a UsageError before anything boots), or undefined when it is. */
  validate?(value: string | boolean): string | undefined;
}

export interface RunArgs {
  command: 'run';
  board: BoardChoice;
  firmware?: string;
  file: string;
  timings: boolean;
  timeoutMs?: number;
  /** Values of extension options, by name (without dashes). */
  extra: Record<string, string | boolean>;
}

export interface ReplArgs {
  command: 'repl';
  board: BoardChoice;
  firmware?: string;
}

export interface HelpArgs {
  command: 'help';
}

export type CliArgs = RunArgs | ReplArgs | HelpArgs;

/** A mistake on the command line: main prints it with the usage and exits with 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function usage(extra: readonly ExtraOption[] = []): string {
  const options: [string, string][] = [
    ['--board NAME', 'virtual-pico (default; emulated Raspberry Pi Pico) or browser-wasm (MicroPython WebAssembly)'],
    ['--firmware PATH', 'MicroPython .uf2 for the Raspberry Pi Pico (or set PICO_FIRMWARE)'],
    ['--timings', 'print "boot_ms=… run_ms=… emulated_ms=…" on stderr'],
    ['--timeout SECONDS', 'interrupt the program after this long (exit 1)'],
    ...extra.map((o): [string, string] => [`--${o.name}${o.argument ? ` ${o.argument}` : ''}`, o.help]),
  ];
  const width = Math.max(...options.map(([flag]) => flag.length)) + 2;
  const lines = [
    'Usage:',
    '  pico-heap-lab run [--board virtual-pico|browser-wasm] [--firmware PATH.uf2] ' +
      '[--timings] [--timeout SECONDS] FILE.py',
    '  pico-heap-lab repl [--board virtual-pico|browser-wasm] [--firmware PATH.uf2]',
    '',
    'Options:',
    ...options.map(([flag, help]) => `  ${flag.padEnd(width)}${help}`),
    '',
    'Exit status: 0 the program ran, 1 it raised an exception, 2 board, firmware or usage error.',
    'In the REPL, Ctrl-X quits.',
  ];
  return lines.join('\n');
}

const MAX_TIMER_MS = 2 ** 31 - 1;

function boardChoice(value: string): BoardChoice {
  if (value === 'virtual-pico' || value === 'browser-wasm') return value;
  throw new UsageError(`unknown board "${value}": use virtual-pico or browser-wasm`);
}

/**
 * Parses argv (without node and script). `env` supplies PICO_FIRMWARE when
 * --firmware is absent. Throws UsageError with a one-line reason.
 */
export function parseArgs(
  argv: readonly string[],
  env: Record<string, string | undefined> = {},
  extra: readonly ExtraOption[] = [],
): CliArgs {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h')
    return { command: 'help' };
  if (command !== 'run' && command !== 'repl') throw new UsageError(`unknown command "${command}": use run or repl`);

  let board: BoardChoice = 'virtual-pico';
  let firmware: string | undefined = env.PICO_FIRMWARE || undefined;
  let timings = false;
  let timeoutMs: number | undefined;
  const extraValues: Record<string, string | boolean> = {};
  const positional: string[] = [];

  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg.startsWith('-') && !arg.startsWith('--') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
    if (!arg.startsWith('--') || arg === '--') {
      if (arg === '--') positional.push(...rest.slice(i + 1));
      else positional.push(arg);
      if (arg === '--') break;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const inline = eq < 0 ? undefined : arg.slice(eq + 1);
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = rest[i + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      i++;
      return next;
    };
    switch (name) {
      case 'board':
        board = boardChoice(value());
        break;
      case 'firmware':
        firmware = value();
        break;
      case 'timings':
        if (command !== 'run') throw new UsageError('--timings only applies to run');
        timings = true;
        break;
      case 'timeout': {
        const text = value();
        const seconds = Number(text);
        if (!Number.isFinite(seconds) || seconds <= 0)
          throw new UsageError(`--timeout needs a positive number of seconds, not "${text}"`);
        // Longer than a timer can wait: Node would fire it at once.
        if (seconds * 1000 > MAX_TIMER_MS)
          throw new UsageError(`--timeout is at most ${Math.floor(MAX_TIMER_MS / 1000)} seconds`);
        timeoutMs = seconds * 1000;
        break;
      }
      case 'help':
        return { command: 'help' };
      default: {
        const option = command === 'run' ? extra.find((o) => o.name === name) : undefined;
        if (!option) throw new UsageError(`unknown option --${name}`);
        extraValues[name] = option.type === 'boolean' ? true : value();
        const problem = option.validate?.(extraValues[name]);
        if (problem) throw new UsageError(problem);
      }
    }
  }

  if (command === 'repl') {
    if (positional.length) throw new UsageError(`repl takes no file (got "${positional[0]}")`);
    return { command, board, firmware };
  }
  if (positional.length !== 1) {
    throw new UsageError(
      positional.length === 0 ? 'run needs a FILE.py' : `run takes one FILE.py (got ${positional.length} files)`,
    );
  }
  return { command, board, firmware, file: positional[0], timings, timeoutMs, extra: extraValues };
}
