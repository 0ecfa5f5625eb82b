import { greetBoard } from '../repl/greet-board';
import type { ReplArgs } from './args';
import type { CliIo } from './run-command';
import { openBoard } from './open-board';

const CTRL_X = 0x18;

/**
 * `repl`: the board's own REPL in this terminal. Keystrokes go to the board
 * unchanged (raw mode), so Ctrl-C, Ctrl-D, Ctrl-E paste mode and tab completion
 * behave as on a real Pico; Ctrl-X quits. With piped stdin the input is sent
 * as it comes and the command ends shortly after the input does.
 */
export async function replCommand(args: ReplArgs, io: CliIo & { stdin: NodeJS.ReadStream }): Promise<number> {
  const { stdin, stdout, stderr } = io;
  stderr.write(
    `Booting ${args.board === 'virtual-pico' ? 'the Virtual Pico' : 'MicroPython (WebAssembly)'}… (Ctrl-X quits)\n`,
  );
  const { board } = await openBoard({ board: args.board, firmware: args.firmware });
  const offData = board.onData((bytes) => stdout.write(bytes));
  await greetBoard(board);

  return await new Promise<number>((resolve) => {
    let done = false;
    let idleTimer: ReturnType<typeof setTimeout> | undefined;
    const finish = async (status: number) => {
      if (done) return;
      done = true;
      clearTimeout(idleTimer);
      offStatus();
      offData();
      if (stdin.isTTY) stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onInput);
      stdin.off('end', onEnd);
      await board.dispose().catch(() => undefined);
      stdout.write('\n');
      resolve(status);
    };
    const onInput = (chunk: Buffer) => {
      const x = chunk.indexOf(CTRL_X);
      const bytes = new Uint8Array(x < 0 ? chunk : chunk.subarray(0, x));
      // A pipe sends LF line ends; the REPL wants Enter (CR).
      board.write(stdin.isTTY ? bytes : bytes.map((b) => (b === 0x0a ? 0x0d : b)));
      if (x >= 0) void finish(0);
    };
    const onEnd = () => {
      // Piped input is over: let the board answer, then quit once it has been quiet for a moment.
      const quiet = () => {
        clearTimeout(idleTimer);
        idleTimer = setTimeout(() => void finish(0), 500);
      };
      board.onData(quiet);
      quiet();
    };
    const offStatus = board.onStatus((status, detail) => {
      if (status === 'error' || status === 'disconnected') {
        stderr.write(`\npico-heap-lab: board ${status}${detail ? `: ${detail}` : ''}\n`);
        void finish(2);
      }
    });
    if (stdin.isTTY) stdin.setRawMode(true);
    stdin.on('data', onInput);
    stdin.on('end', onEnd);
    stdin.resume();
  });
}
