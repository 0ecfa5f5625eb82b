import { ProgramTimeoutError } from '../repl/byte-reader';
import type { ExecResult } from '../repl/exec-result';
import { ReplSession } from '../repl/repl-session';
import type { RunArgs } from './args';
import { cliExtensions, type AfterRunContext } from './extensions';
import { BoardSetupError, openBoard } from './open-board';
import { readProgram } from './read-program';

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: Record<string, string | undefined>;
}

/** MicroPython ends lines with CRLF; a terminal or a pipe wants LF. */
const toLf = (text: string) => text.replace(/\r\n/g, '\n');

/**
 * `run`: boot the board, run FILE.py through the raw REPL, stream its stdout and
 * traceback. Returns the exit status: 0 ran, 1 raised (or timed out), 2 setup error.
 */
export async function runCommand(args: RunArgs, io: CliIo): Promise<number> {
  const code = await readProgram(args.file);

  const debug = io.env.PICO_HEAP_LAB_DEBUG === '1';
  const bootStart = performance.now();
  const opened = await openBoard({
    board: args.board,
    firmware: args.firmware,
    onWarning: debug ? (m) => io.stderr.write(`[emulator] ${m}\n`) : undefined,
  });
  const bootMs = performance.now() - bootStart;
  const { board } = opened;
  const session = new ReplSession(board);
  try {
    const afterRun: ((context: AfterRunContext) => Promise<void>)[] = [];
    for (const extension of cliExtensions()) {
      const values: Record<string, string | boolean> = {};
      for (const o of extension.options) if (o.name in args.extra) values[o.name] = args.extra[o.name];
      try {
        const after = await extension.beforeRun({ board, session, values, stderr: io.stderr });
        if (after) afterRun.push(after);
      } catch (error) {
        throw new BoardSetupError((error as Error).message);
      }
    }
    const emulatedBefore = await opened.emulatedMs();
    const runStart = performance.now();
    let result: ExecResult | undefined;
    let status = 0;
    try {
      result = await session.exec(code, {
        timeoutMs: args.timeoutMs,
        onStdout: (t) => io.stdout.write(toLf(t)),
        onStderr: (t) => io.stderr.write(toLf(t)),
      });
      if (result.stderr.length > 0) status = 1;
    } catch (error) {
      // Only our own --timeout means the program ran too long; any other failure is the board's.
      if (error instanceof ProgramTimeoutError) {
        io.stderr.write(`pico-heap-lab: the program did not finish within ${args.timeoutMs! / 1000} s; interrupted\n`);
        status = 1;
      } else if (board.status === 'bootsel') {
        throw new BoardSetupError('the program put the board into BOOTSEL (machine.bootloader()): nothing more to run');
      } else if (board.status === 'connecting') {
        throw new BoardSetupError('the board restarted during the program (machine.reset()?): its output ends here');
      } else {
        throw new BoardSetupError(`the board stopped answering: ${(error as Error).message}`);
      }
    }
    const runMs = performance.now() - runStart;
    const emulatedAfter = await opened.emulatedMs();
    if (args.timings) {
      const emulated =
        emulatedAfter === undefined || emulatedBefore === undefined
          ? 'na'
          : (emulatedAfter - emulatedBefore).toFixed(1);
      io.stderr.write(`boot_ms=${bootMs.toFixed(0)} run_ms=${runMs.toFixed(1)} emulated_ms=${emulated}\n`);
    }
    for (const after of afterRun) {
      try {
        await after({ board, session, values: {}, result, stderr: io.stderr });
      } catch (error) {
        throw new BoardSetupError((error as Error).message);
      }
    }
    return status;
  } finally {
    session.dispose();
    await board.dispose().catch(() => undefined);
  }
}
