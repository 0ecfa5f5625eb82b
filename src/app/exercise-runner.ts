import type { ExerciseRun } from '../lessons/grade';
import type { Exercise } from '../lessons/exercise';
import type { ExecResult } from '../repl/exec-result';
import { StepSession, type StepBoard } from '../stepper/step-session';
import type { HeapCapture } from './heap-capture';

/**
 * Before an exercise's program: the learner's earlier variables go (they would be counted, or
 * answer for a name the program forgot to bind), then a collection, so the heap holds only what
 * this program makes. The comprehension's own variable is local to it: nothing new is bound.
 */
export const FRESH_GLOBALS_CODE =
  "[globals().pop(k) for k in [k for k in globals() if k[:2] != '__']]\n__import__('gc').collect()\n";

/** Clears the learner's variables and collects (FRESH_GLOBALS_CODE). */
export async function startFresh(board: Pick<ExerciseBoard, 'exec'>): Promise<void> {
  const fresh = await board.exec(FRESH_GLOBALS_CODE);
  if (fresh.stderr) throw new Error(`could not clear the variables: ${fresh.stderr.trim()}`);
}

/** What running an exercise needs of a board: its REPL session and its heap capture. */
export interface ExerciseBoard {
  exec(code: string, options?: Parameters<StepBoard['exec']>[1] & { terminal?: boolean }): Promise<ExecResult>;
  sendInput(bytes: Uint8Array): void;
  capture: HeapCapture;
}

export interface RunExerciseOptions {
  /** Show the program's output in the terminal, as Run does (the app); the CLI doesn't. */
  terminal?: boolean;
  signal?: AbortSignal;
}

/**
 * Runs `program` for `exercise` from fresh globals and decodes the heap where the exercise looks:
 * at the end, or (count exercises with `after`) paused just after that line, through the stepper,
 * with the running calls' locals as roots. The app's Check button and `pico-heap-lab check` both
 * use this.
 */
export async function runForExercise(
  board: ExerciseBoard,
  exercise: Exercise,
  program: string,
  options: RunExerciseOptions = {},
): Promise<ExerciseRun> {
  const { capture } = board;
  // Fresh globals first: the probe needs a little heap, and the last program may have filled it.
  await startFresh(board);
  await capture.prepare();
  if (exercise.after === undefined) {
    const result = await board.exec(program, { terminal: options.terminal, signal: options.signal });
    return { stdout: result.stdout, error: result.stderr, snapshot: await capture.snapshot() };
  }
  return pausedAfter(board, program, exercise.after, options);
}

/** Steps `program` until the line after `line` is next, and decodes the heap there. */
async function pausedAfter(
  board: ExerciseBoard,
  program: string,
  line: number,
  options: RunExerciseOptions,
): Promise<ExerciseRun> {
  const sendInput = (bytes: Uint8Array) => board.sendInput(bytes);
  const stepper = StepSession.create(
    {
      exec: (code, o) => board.exec(code, { ...o, signal: anySignal(o?.signal, options.signal) }),
      sendInput,
      ...board.capture.stepMemory(sendInput),
    },
    program,
  );
  if ('error' in stepper) {
    const { line: at, column, message } = stepper.error;
    return {
      stdout: '',
      error: `SyntaxError: ${message} (line ${at}, column ${column})`,
      snapshot: await board.capture.snapshot(),
    };
  }
  if (!stepper.stepLines.includes(line))
    throw new Error(`line ${line} does not start a statement the stepper pauses at`);
  let reached = false;
  for (;;) {
    const next = await stepper.next();
    if ('done' in next)
      return {
        stdout: next.output,
        error: next.error || (reached ? '' : `the program never reached line ${line}`),
        snapshot: board.capture.decode(next.image),
      };
    // The first pause once line `line` has run (a function defined above it is skipped over).
    if (next.line === line) reached = true;
    else if (reached) {
      const snapshot = board.capture.decode(next.image, next.frames);
      stepper.stop();
      const end = await stepper.whenEnded();
      return { stdout: next.output, error: end.limitReached ? 'the program took too many steps' : '', snapshot };
    }
  }
}

function anySignal(...signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  return present.length <= 1 ? present[0] : AbortSignal.any(present);
}
