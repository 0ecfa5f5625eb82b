/** Command-line parsing for `pico-heap-lab`, kept apart from what the commands do. */
import { parseArgs as nodeParseArgs } from 'node:util';
import type { BoardKind } from '../board/board';
import { BOARD_WORDS, CLI_BOARDS } from '../board/board-words';

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
  board: BoardKind;
  firmware?: string;
  file: string;
  timings: boolean;
  timeoutMs?: number;
  /** Values of extension options, by name (without dashes). */
  extra: Record<string, string | boolean>;
}

export interface ReplArgs {
  command: 'repl';
  board: BoardKind;
  firmware?: string;
}

export interface CheckArgs {
  command: 'check';
  board: BoardKind;
  firmware?: string;
  /** Lesson files (.md) whose exercises are checked. */
  files: string[];
}

export interface HelpArgs {
  command: 'help';
}

export type CliArgs = RunArgs | ReplArgs | CheckArgs | HelpArgs;

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
    '  pico-heap-lab check [--board virtual-pico|browser-wasm] [--firmware PATH.uf2] LESSON.md…',
    '',
    'Options:',
    ...options.map(([flag, help]) => `  ${flag.padEnd(width)}${help}`),
    '',
    'Exit status: 0 the program ran, 1 it raised an exception, 2 board, firmware or usage error.',
    'check runs every exercise of the lessons on the board (its reference solution must pass its',
    'check, its stored wrong solution must fail it): exit 0 when all do, 1 when one does not.',
    'In the REPL, Ctrl-X quits.',
  ];
  return lines.join('\n');
}

const MAX_TIMER_MS = 2 ** 31 - 1;
const COMMANDS = ['run', 'repl', 'check'] as const;

function boardChoice(value: string): BoardKind {
  if ((CLI_BOARDS as readonly string[]).includes(value)) return value as BoardKind;
  if (value in BOARD_WORDS)
    throw new UsageError(
      `the ${value} board needs a browser (Web Serial): open the lab, or use ${CLI_BOARDS.join(' or ')}`,
    );
  throw new UsageError(`unknown board "${value}": use ${CLI_BOARDS.join(' or ')}`);
}

function timeoutMs(text: string): number {
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new UsageError(`--timeout needs a positive number of seconds, not "${text}"`);
  // Longer than a timer can wait: Node would fire it at once.
  if (seconds * 1000 > MAX_TIMER_MS)
    throw new UsageError(`--timeout is at most ${Math.floor(MAX_TIMER_MS / 1000)} seconds`);
  return seconds * 1000;
}

/**
 * Parses argv (without node and script) with Node's util.parseArgs. `env` supplies PICO_FIRMWARE
 * when --firmware is absent. Throws UsageError with a one-line reason.
 */
export function parseArgs(
  argv: readonly string[],
  env: Record<string, string | undefined> = {},
  extra: readonly ExtraOption[] = [],
): CliArgs {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h')
    return { command: 'help' };
  if (!(COMMANDS as readonly string[]).includes(command))
    throw new UsageError(`unknown command "${command}": use ${COMMANDS.slice(0, -1).join(', ')} or ${COMMANDS.at(-1)}`);

  const runOnly = command === 'run' ? extra : [];
  const options: Record<string, { type: 'string' | 'boolean' }> = {
    board: { type: 'string' },
    firmware: { type: 'string' },
    timings: { type: 'boolean' },
    timeout: { type: 'string' },
    help: { type: 'boolean' },
    ...Object.fromEntries(runOnly.map((o) => [o.name, { type: o.type }])),
  };
  // Not strict: the options are checked below, so every mistake gets this CLI's own words.
  const { tokens } = nodeParseArgs({ args: [...rest], options, strict: false, allowPositionals: true, tokens: true });

  let board: BoardKind = 'virtual-pico';
  let firmware: string | undefined = env.PICO_FIRMWARE || undefined;
  let timings = false;
  let timeout: number | undefined;
  const extraValues: Record<string, string | boolean> = {};
  const positional: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') positional.push(token.value);
    if (token.kind !== 'option') continue;
    const { name, rawName } = token;
    const type = options[name]?.type;
    if (!type || !rawName.startsWith('--')) throw new UsageError(`unknown option ${rawName}`);
    // "--a --b": util.parseArgs takes "--b" as the value of --a; here that is a missing value.
    const value = (): string => {
      if (token.value === undefined || (!token.inlineValue && token.value.startsWith('--')))
        throw new UsageError(`--${name} needs a value`);
      return token.value;
    };
    if (type === 'boolean' && token.value !== undefined) throw new UsageError(`--${name} takes no value`);
    switch (name) {
      case 'help':
        return { command: 'help' };
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
      case 'timeout':
        if (command !== 'run') throw new UsageError('--timeout only applies to run');
        timeout = timeoutMs(value());
        break;
      default: {
        const option = runOnly.find((o) => o.name === name)!;
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
  if (command === 'check') {
    if (positional.length === 0) throw new UsageError('check needs one or more LESSON.md files');
    return { command, board, firmware, files: positional };
  }
  if (positional.length !== 1) {
    throw new UsageError(
      positional.length === 0 ? 'run needs a FILE.py' : `run takes one FILE.py (got ${positional.length} files)`,
    );
  }
  return { command: 'run', board, firmware, file: positional[0], timings, timeoutMs: timeout, extra: extraValues };
}
