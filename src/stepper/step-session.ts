import type { MemoryImage } from '../memory/memory-image';
import { leaveStack, nextStack, type StepFrame } from './call-stack';
import { instrument, mapTraceback, RETURN_HOOK, type Instrumented, type SyntaxProblem } from './instrument';
import {
  LAB_LINE,
  leaveStatement,
  parseLeave,
  parseMarker,
  STEP_CLEANUP,
  STEP_SETUP,
  stepStatement,
} from './step-marker';

/**
 * What the stepper needs from a board (ReplSession and the board's memory() give it): run a
 * program with its output streamed, send it input, copy the memory while it waits.
 */
export interface StepBoard {
  exec(
    code: string,
    options?: { onStdout?: (text: string) => void; onStderr?: (text: string) => void; signal?: AbortSignal },
  ): Promise<{ stdout: string; stderr: string }>;
  sendInput(bytes: Uint8Array): void;
  memory(): Promise<MemoryImage>;
  /** Present where the board's memory is read by the board itself (a USB Pico): the pause serves the reads. */
  pause?: PauseServer;
}

/**
 * The pause of a board whose memory only its own CPU can read: the REPL is busy running the
 * program, so the program's wait between lines serves the memory reads itself.
 */
export interface PauseServer {
  /** What the program calls to wait for the next step (it serves reads meanwhile). */
  readonly waitCall: string;
  /** One line of the program's output (without its end): true when it answered a read. */
  acceptLine(line: string): boolean;
  /** The program ended: reads under way fail with `error`. */
  ended(error: Error): void;
}

/** The program paused before `line`: the calls under way and the board's memory there. */
export interface Step {
  /** 1 for the first step. */
  index: number;
  line: number;
  frames: StepFrame[];
  image: MemoryImage;
  /** Everything the program printed before this step. */
  output: string;
}

/** The program ended (or was stopped at the step limit). */
export interface StepsEnd {
  done: true;
  steps: number;
  output: string;
  /** Its traceback, with the learner's line numbers ('' when it ended normally). */
  error: string;
  limitReached: boolean;
  /** Memory after the end. */
  image: MemoryImage;
}

export const MAX_STEPS = 1000;
/** The byte that lets the program go on to its next line. */
const GO = new Uint8Array([0x2e]);

/**
 * Runs a program line by line: instrumented (instrument.ts), it stops before each line and waits;
 * the session copies the memory there and hands out a Step; next() lets it run to the next line.
 * The steps' images are exact: the program is waiting for input, nothing of it moves.
 */
export class StepSession {
  private readonly program: Instrumented;
  private stack: StepFrame[] = [];
  private steps = 0;
  private output = '';
  private pending = '';
  private started = false;
  private ended: StepsEnd | undefined;
  private waiting: { resolve: (s: Step | StepsEnd) => void; reject: (e: Error) => void } | undefined;
  private readonly abort = new AbortController();
  private limitReached = false;
  private endWaiters: ((end: StepsEnd) => void)[] = [];

  private constructor(
    private readonly board: StepBoard,
    program: Instrumented,
    private readonly options: { maxSteps: number; onOutput?: (text: string) => void },
  ) {
    this.program = program;
  }

  /** A session for `source`, or the syntax error that keeps it from running. */
  static create(
    board: StepBoard,
    source: string,
    options: { maxSteps?: number; onOutput?: (text: string) => void } = {},
  ): StepSession | { error: SyntaxProblem } {
    const program = instrument(source, {
      step: (args) => stepStatement(args, board.pause?.waitCall),
      leave: leaveStatement,
      returning: (frame, value) => `${RETURN_HOOK}(${frame}, ${value})`,
    });
    if ('error' in program) return program;
    return new StepSession(board, program, { maxSteps: options.maxSteps ?? MAX_STEPS, onOutput: options.onOutput });
  }

  /** The learner's lines that can be stepped to. */
  get stepLines(): readonly number[] {
    return this.program.stepLines;
  }

  /** Runs to the next line (the first call starts the program) and resolves with that step or the end. */
  next(): Promise<Step | StepsEnd> {
    if (this.ended) return Promise.resolve(this.ended);
    if (this.waiting) return Promise.reject(new Error('a step is already under way'));
    const result = new Promise<Step | StepsEnd>((resolve, reject) => (this.waiting = { resolve, reject }));
    if (!this.started) void this.start();
    else this.board.sendInput(GO);
    return result;
  }

  /** Stops the program (KeyboardInterrupt); next() then gives the end. */
  stop(): void {
    this.abort.abort();
  }

  /** Resolves once the program has ended (at once if it has). */
  whenEnded(): Promise<StepsEnd> {
    if (this.ended) return Promise.resolve(this.ended);
    return new Promise((resolve) => this.endWaiters.push(resolve));
  }

  private async start(): Promise<void> {
    this.started = true;
    try {
      const setup = await this.board.exec(STEP_SETUP);
      if (setup.stderr) throw new Error(`the stepper could not prepare the board: ${setup.stderr.trim()}`);
      let stderr = '';
      const run = await this.board
        .exec(this.program.code, {
          onStdout: (text) => this.onStdout(text),
          onStderr: (text) => (stderr += text),
          signal: this.abort.signal,
        })
        .catch((error: unknown) => {
          if (this.abort.signal.aborted) return { stdout: '', stderr: stderr || 'KeyboardInterrupt\n' };
          throw error;
        });
      this.flushPartial(true);
      this.board.pause?.ended(new Error('the stepped program ended'));
      // The learner's globals stay, as after Run; the stepper's own go.
      await this.board.exec(STEP_CLEANUP).catch(() => undefined);
      this.ended = {
        done: true,
        steps: this.steps,
        output: this.output,
        error: mapTraceback(run.stderr || stderr, this.program.lineMap),
        limitReached: this.limitReached,
        image: await this.board.memory(),
      };
      this.settle(this.ended);
      for (const resolve of this.endWaiters.splice(0)) resolve(this.ended);
    } catch (error) {
      this.board.pause?.ended(error instanceof Error ? error : new Error(String(error)));
      const waiting = this.waiting;
      this.waiting = undefined;
      waiting?.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private onStdout(text: string): void {
    this.pending += text;
    for (let nl = this.pending.indexOf('\n'); nl >= 0; nl = this.pending.indexOf('\n')) {
      const line = this.pending.slice(0, nl).replace(/\r$/, '');
      this.pending = this.pending.slice(nl + 1);
      const marker = parseMarker(line);
      const left = marker ? undefined : parseLeave(line);
      if (marker) void this.onStep(marker);
      else if (left !== undefined) this.stack = leaveStack(this.stack, left);
      else if (!this.board.pause?.acceptLine(line)) this.print(`${line}\n`);
    }
    this.flushPartial(false);
  }

  /** Text without a line end yet (an input() prompt) is shown at once, unless it may be a marker's start. */
  private flushPartial(all: boolean): void {
    if (!this.pending) return;
    const maybeMarker = LAB_LINE.startsWith(this.pending.slice(0, LAB_LINE.length));
    if (all || !maybeMarker) {
      this.print(this.pending);
      this.pending = '';
    }
  }

  private print(text: string): void {
    this.output += text;
    this.options.onOutput?.(text);
  }

  private async onStep(marker: NonNullable<ReturnType<typeof parseMarker>>): Promise<void> {
    this.stack = nextStack(this.stack, marker);
    this.steps++;
    if (this.steps > this.options.maxSteps) {
      this.limitReached = true;
      this.steps--;
      this.stop();
      return;
    }
    const image = await this.board.memory();
    this.settle({ index: this.steps, line: marker.line, frames: this.stack, image, output: this.output });
  }

  private settle(result: Step | StepsEnd): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.resolve(result);
  }
}
