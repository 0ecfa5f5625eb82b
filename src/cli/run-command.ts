import { classifyRunFailure } from '../repl/run-failure';
import type { ExecResult } from '../repl/exec-result';
import { ReplSession } from '../repl/repl-session';
import type { RunArgs } from './args';
import { cliExtensions, type AfterRunContext } from './extensions';
import { BoardSetupError } from '../board/board-setup-error';
import { openBoard } from './open-board';
import { readProgram } from './read-program';

export interface CliIo {
  /** Passed through to the program (its input(), sys.stdin); absent: the program gets no input. */
  stdin?: NodeJS.ReadStream;
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
  const stopInput = io.stdin ? passInput(io.stdin, session) : () => undefined;
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
      const failure = classifyRunFailure(error, board.status);
      switch (failure.kind) {
        case 'timeout':
          io.stderr.write(
            `pico-heap-lab: the program did not finish within ${args.timeoutMs! / 1000} s; interrupted\n`,
          );
          status = 1;
          break;
        case 'bootsel':
          throw new BoardSetupError(
            'the program put the board into BOOTSEL (machine.bootloader()): nothing more to run',
          );
        case 'restarted':
          throw new BoardSetupError('the board restarted during the program (machine.reset()?): its output ends here');
        default:
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
    stopInput();
    session.dispose();
    await board.dispose().catch(() => undefined);
  }
}

/**
 * Our stdin goes to the program as typed keys (`echo Ada | pico-heap-lab run ask.py`). A pipe's
 * line ends become Enter (CR), as the board's input() wants; a terminal is put in raw mode, so
 * the board echoes and edits the line as on a real Pico, and Ctrl-C stops the program. When the
 * input runs out, a program asking for more waits, as a board would (Ctrl-C or --timeout ends it).
 */
function passInput(stdin: NodeJS.ReadStream, session: ReplSession): () => void {
  const tty = stdin.isTTY === true;
  const onData = (chunk: Buffer) => {
    const bytes = new Uint8Array(chunk);
    session.sendInput(tty ? bytes : lfToCr(bytes));
  };
  if (tty) stdin.setRawMode(true);
  stdin.on('data', onData);
  stdin.resume();
  return () => {
    stdin.off('data', onData);
    if (tty) stdin.setRawMode(false);
    stdin.pause();
  };
}

/** "Ada\n" and "Ada\r\n" both end the line with one CR. */
function lfToCr(bytes: Uint8Array): Uint8Array {
  const out: number[] = [];
  bytes.forEach((b, i) => {
    if (b === 0x0a) {
      if (bytes[i - 1] !== 0x0d) out.push(0x0d);
    } else out.push(b);
  });
  return new Uint8Array(out);
}
