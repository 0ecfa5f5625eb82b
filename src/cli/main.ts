// `pico-heap-lab` command line: run a MicroPython program on a board, open its REPL, or check lessons.
import { parseArgs, usage, UsageError } from './args';
import { cliExtensions } from './extensions';
import { checkCommand } from './check-command';
import { BoardSetupError } from '../board/board-setup-error';
import { replCommand } from './repl-command';
import { runCommand } from './run-command';
import './register-extensions';

export async function main(argv: readonly string[]): Promise<number> {
  const io = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
  const extraOptions = cliExtensions().flatMap((e) => e.options);
  try {
    const args = parseArgs(argv, process.env, extraOptions);
    switch (args.command) {
      case 'help':
        io.stdout.write(`${usage(extraOptions)}\n`);
        return 0;
      case 'run':
        return await runCommand(args, io);
      case 'repl':
        return await replCommand(args, io);
      case 'check':
        return await checkCommand(args, io);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`pico-heap-lab: ${error.message}\n\n${usage(extraOptions)}\n`);
      return 2;
    }
    if (error instanceof BoardSetupError) {
      io.stderr.write(`pico-heap-lab: ${error.message}\n`);
      return 2;
    }
    io.stderr.write(
      `pico-heap-lab: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 2;
  }
}

const status = await main(process.argv.slice(2));
// Flush stdout/stderr before leaving; worker threads (the wasm board) must not keep us alive.
process.exitCode = status;
setImmediate(() => process.exit(status));
