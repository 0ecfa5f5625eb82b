import { Listeners } from '../util/listeners';
import type { HeapSnapshot } from '../model/heap-snapshot';
import type { ReplSession } from '../repl/repl-session';
import type { SyntaxProblem } from '../stepper/instrument';
import { StepSession, type StepsEnd } from '../stepper/step-session';
import { firstAffectedLine } from '../stepper/edit-boundary';
import type { HeapCapture } from './heap-capture';

/** One pause of a stepped program, as the views show it. */
export interface StepView {
  /** 1 for the first step. */
  index: number;
  /** The line about to run. */
  line: number;
  /** The calls under way, outermost first. */
  frames: string[];
  snapshot: HeapSnapshot;
  /** How long the board took to get here, and to copy and decode its memory (ms). */
  stepMs: number;
}

export interface StepperState {
  /** A program is being stepped: it waits on the board for the next step. */
  readonly active: boolean;
  /** Running to the next line (and copying the memory there). */
  readonly working: boolean;
  readonly history: readonly StepView[];
  /** Index into `history` of the step shown (-1: none yet). */
  readonly position: number;
  /** How the program ended (its traceback with the learner's lines, the step limit, or Stop). */
  readonly ended: { error: string; limitReached: boolean; stopped: boolean; steps: number } | undefined;
  /** A program that does not parse: nothing ran. */
  readonly syntaxError: SyntaxProblem | undefined;
  /** The program text the history was taken from. */
  readonly source: string | undefined;
}

export const IDLE_STEPPER: StepperState = {
  active: false,
  working: false,
  history: [],
  position: -1,
  ended: undefined,
  syntaxError: undefined,
  source: undefined,
};

/**
 * Steps a program on the board line by line, keeping a snapshot of the heap at every pause:
 * step() runs one more line (or moves forward in the history), back() moves back instantly,
 * stop() ends the program. The board's heap capture decodes each pause, with the call frames.
 */
export class StepController {
  private current: StepperState = IDLE_STEPPER;
  private readonly listeners = new Listeners<[StepperState]>();
  private stepper: StepSession | undefined;
  /** Stop was pressed: the KeyboardInterrupt that ends the program is not its error. */
  private stopping = false;

  constructor(
    private readonly session: ReplSession,
    private readonly capture: HeapCapture,
  ) {}

  get state(): StepperState {
    return this.current;
  }

  onChange(listener: (state: StepperState) => void): () => void {
    return this.listeners.add(listener);
  }

  /** The step shown now, if any. */
  get shown(): StepView | undefined {
    return this.current.history[this.current.position];
  }

  /**
   * Starts stepping `code` (to its first line). False when it does not parse (the state says
   * where) or the board has not been probed yet.
   */
  async start(code: string): Promise<boolean> {
    if (this.current.active) return false;
    if (!this.capture.probe) return false;
    const sendInput = (bytes: Uint8Array) => this.session.sendInput(bytes);
    const stepper = StepSession.create(
      {
        exec: (program, options) => this.session.exec(program, options),
        sendInput,
        ...this.capture.stepMemory(sendInput),
      },
      code,
      { onOutput: (text) => this.session.showOutput(text) },
    );
    if ('error' in stepper) {
      this.update({ ...IDLE_STEPPER, syntaxError: stepper.error });
      return false;
    }
    this.stepper = stepper;
    this.stopping = false;
    this.update({ ...IDLE_STEPPER, active: true, source: code });
    await this.advance();
    return true;
  }

  /** One step forward: through the history, or one more line of the program. */
  async step(): Promise<void> {
    const { position, history, active, working } = this.current;
    if (working) return;
    if (position < history.length - 1) {
      this.update({ position: position + 1 });
      return;
    }
    if (active) await this.advance();
  }

  /**
   * Run to cursor: forward (through the history, then running the program) to the next step at
   * `line`; stops at the program's end if it never gets there.
   */
  async runTo(line: number): Promise<void> {
    for (;;) {
      const { position, history, active, working } = this.current;
      if (working) return;
      const ahead = history.findIndex((s, i) => i > position && s.line === line);
      if (ahead >= 0) {
        this.update({ position: ahead });
        return;
      }
      if (position < history.length - 1) this.update({ position: history.length - 1 });
      if (!active) return;
      await this.advance();
      if (this.shown?.line === line) return;
    }
  }

  /** One step back in the history (the program itself waits where it is). */
  back(): void {
    if (this.current.position > 0) this.update({ position: this.current.position - 1 });
  }

  /** Shows step `position` of the history. */
  goTo(position: number): void {
    if (position >= 0 && position < this.current.history.length) this.update({ position });
  }

  /** Ends the program (KeyboardInterrupt); the history stays to look at. */
  stop(): void {
    const stepper = this.stepper;
    if (!stepper) return;
    this.stopping = true;
    stepper.stop();
    void stepper.whenEnded().then((end) => {
      if (this.stepper === stepper) this.finish(end);
    });
  }

  /**
   * The learner edited the program (between runs): the steps that paused before the first line the
   * edit affects stay (they are still true of the new text), the rest go, and so does the end.
   */
  edited(code: string): void {
    const { active, history, source, position } = this.current;
    if (active || source === undefined || history.length === 0) return;
    const first = firstAffectedLine(source, code);
    if (first === undefined) return;
    const reached = history.findIndex((step) => step.line >= first);
    const kept = reached < 0 ? history : history.slice(0, reached + 1);
    if (kept.length === 0) {
      this.update(IDLE_STEPPER);
      return;
    }
    this.update({ history: kept, position: Math.min(position, kept.length - 1), ended: undefined, source: code });
  }

  /** Forgets the history (editing the program, a new run). */
  clear(): void {
    if (!this.current.active) this.update(IDLE_STEPPER);
  }

  /**
   * The board went away or restarted under a stepped program (unplugged, reset): the program is
   * gone as if stopped; the steps taken stay to look through. (The board's own status says why.)
   */
  boardLost(): void {
    if (!this.current.active) return;
    this.stepper = undefined;
    this.update({
      active: false,
      working: false,
      ended: { error: '', limitReached: false, stopped: true, steps: this.current.history.length },
    });
  }

  private async advance(): Promise<void> {
    const stepper = this.stepper;
    if (!stepper) return;
    this.update({ working: true });
    const started = performance.now();
    try {
      const next = await stepper.next();
      if ('done' in next) {
        this.finish(next);
        return;
      }
      const snapshot = this.capture.decode(next.image, next.frames);
      const view: StepView = {
        index: next.index,
        line: next.line,
        frames: next.frames.map((f) => f.function),
        snapshot,
        stepMs: performance.now() - started,
      };
      const history = [...this.current.history, view];
      this.update({ working: false, history, position: history.length - 1 });
    } catch (error) {
      this.stepper = undefined;
      this.update({
        active: false,
        working: false,
        ended: {
          error: error instanceof Error ? error.message : String(error),
          limitReached: false,
          stopped: false,
          steps: 0,
        },
      });
    }
  }

  private finish(end: StepsEnd): void {
    this.stepper = undefined;
    this.update({
      active: false,
      working: false,
      ended: {
        error: this.stopping || end.limitReached ? '' : end.error,
        limitReached: end.limitReached,
        stopped: this.stopping && !end.limitReached,
        steps: end.steps,
      },
    });
  }

  private update(patch: Partial<StepperState>): void {
    this.current = { ...this.current, ...patch };
    this.listeners.emit(this.current);
  }
}
