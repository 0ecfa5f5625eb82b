import type { Board, BoardStatus } from '../board/board';
import { Listeners } from '../util/listeners';
import { whenIdle } from '../board/when-idle';
import { ReplAbortedError } from '../repl/byte-reader';
import { classifyRunFailure, type RunFailure } from '../repl/run-failure';
import type { HeapSnapshot } from '../model/heap-snapshot';
import { openFlashFiles } from '../model/open-files';
import { greetBoard } from '../repl/greet-board';
import { ReplSession, type SessionExecOptions } from '../repl/repl-session';
import type { Exercise } from '../lessons/exercise';
import type { ExerciseRun } from '../lessons/grade';
import { runForExercise } from './exercise-runner';
import { BoardSetupError } from '../board/board-setup-error';
import { boardRegistry, defaultBoard, findBoard, type BoardEntry } from './board-registry';
import { HeapInspector, NO_HEAP_VIEW, type HeapView } from './heap-inspector';
import { ProgramStore, ProgramStoreError } from './program-store';
import { IDLE_STEPPER, StepController, type StepperState } from './step-controller';
import { MAX_STEPS } from '../stepper/step-session';
import { describeTraceback, type RunError } from './run-error';
import { STARTER_PROGRAM } from './starter-program';

/** The abort reason Reset gives a running program (so the terminal doesn't just say "Stopped."). */
const RESET_REASON = 'reset';

/**
 * The board's status as the lab shows it: the board's own, or `needs-firmware` / `needs-port` when
 * the chosen board cannot start until the learner gives it something (the Virtual Pico's first
 * visit; a USB Pico's port, chosen in the browser's list).
 */
export type LabStatus = BoardStatus | 'needs-firmware' | 'needs-port';

/** Everything the toolbar and panes render from. Replaced (never mutated) on each change. */
export interface LabState {
  readonly boards: readonly BoardEntry[];
  readonly boardId: string | undefined;
  readonly status: LabStatus;
  readonly statusDetail: string;
  /** The chosen board in a few words (beside the picker). */
  readonly boardCaveat: string;
  /** What the chosen board says about itself (its honest one-liner, on request). */
  readonly boardDescription: string;
  /** A program started with Run is executing. */
  readonly running: boolean;
  /** The exception that ended the last run, if any. */
  readonly runError: RunError | undefined;
  /** A problem outside the program (board failed to load, storage full…), shown near the toolbar. */
  readonly notice: string | undefined;
  /** The heap view of the current board: its latest snapshot, or why there is none. */
  readonly heap: HeapView;
  /** Stepping a program line by line: the steps taken, the one shown, how it ended. */
  readonly stepper: StepperState;
}

const BOARD_PREF_KEY = 'pico-heap-lab:board';
/**
 * How long a Run waits for a busy board (finishing the probe's answer, or a machine so loaded that
 * the emulator lags) before saying so; a program started at the REPL keeps it busy for good.
 */
const BUSY_WAIT_MS = 10_000;
/** How long a Run waits for the boot's greeting and probe before it goes ahead without them (ms). */
const BOOT_WAIT_MS = 10_000;
/** Said once per boot on a USB Pico whose MicroPython declined raw-paste. */
export const NO_RAW_PASTE_NOTE =
  'This MicroPython has no raw-paste mode (it came in v1.14): programs are sent in plain raw mode, in pieces.';
/** Said after Disconnect. */
export const DISCONNECTED_BY_LEARNER =
  'Disconnected: the port is free for other programs. Click Reconnect to use the Pico again.';
/** How long Stop waits for the protocol's own interrupt before sending Ctrl-C itself. */
const STOP_FALLBACK_MS = 200;

export interface LabControllerOptions {
  registry?: readonly BoardEntry[];
  store?: ProgramStore;
  prefs?: Storage;
}

/**
 * The app's state and the actions on it (choose board, run, stop, reset),
 * independent of any element. The terminal gets the current ReplSession from
 * here and never talks to a board directly.
 */
export class LabController {
  private readonly registry: readonly BoardEntry[];
  private readonly store: ProgramStore;
  private readonly prefs: Storage | undefined;
  private current: LabState;
  private board: Board | undefined;
  private replSession: ReplSession | undefined;
  private boardUnsubscribe: (() => void) | undefined;
  private runAbort: AbortController | undefined;
  private inspector: HeapInspector | undefined;
  private stepper: StepController | undefined;
  /** Set while this controller itself connects or resets the board (it greets the board then). */
  private ownBoot = false;
  /** The board went back to connecting by itself (machine.reset(), a restart after Stop). */
  private rebooting = false;
  /**
   * Settles when the current boot is over: connected, greeted, probed. A Run waits for it, so the
   * learner's program never comes before the banner and the probe, however early Run is pressed.
   */
  private booted: Promise<void> = Promise.resolve();
  private endBoot: (() => void) | undefined;
  private bootSerial = 0;
  /** The boot the board began by itself (machine.reset(), new firmware), ended when it is ready again. */
  private rebootSerial = 0;
  /** Bumped on every board switch so a slow connect of an old board cannot win. */
  private generation = 0;

  private readonly stateListeners = new Listeners<[LabState]>();
  private readonly sessionListeners = new Listeners<[ReplSession | undefined]>();
  private readonly noteListeners = new Listeners<[string]>();

  constructor(options: LabControllerOptions = {}) {
    this.registry = options.registry ?? boardRegistry;
    this.store = options.store ?? new ProgramStore();
    this.prefs = options.prefs ?? safeLocalStorage();
    this.current = {
      boards: this.registry,
      boardId: undefined,
      status: 'disconnected',
      statusDetail: '',
      boardCaveat: '',
      boardDescription: '',
      running: false,
      runError: undefined,
      notice: undefined,
      heap: NO_HEAP_VIEW,
      stepper: IDLE_STEPPER,
    };
  }

  get state(): LabState {
    return this.current;
  }

  get session(): ReplSession | undefined {
    return this.replSession;
  }

  onState(listener: (state: LabState) => void): () => void {
    return this.stateListeners.add(listener);
  }

  /** Called with the new session whenever the board changes (undefined while none). */
  onSession(listener: (session: ReplSession | undefined) => void): () => void {
    return this.sessionListeners.add(listener);
  }

  /** Lines the lab itself wants shown in the terminal while no board session shows them (the board's name). */
  onNote(listener: (text: string) => void): () => void {
    return this.noteListeners.add(listener);
  }

  /**
   * A line of the lab's own in the terminal ("Stopped.", "Resetting the board…"), placed before the
   * board's next prompt; `reprompt: false` when the board is about to restart and prompt by itself.
   */
  note(text: string, options: { reprompt?: boolean } = {}): void {
    if (this.replSession) this.replSession.note(text, options);
    else this.noteListeners.emit(text);
  }

  /** The program to show at start: the saved one, else the starter program. */
  loadProgram(): string {
    return this.store.load() ?? STARTER_PROGRAM;
  }

  saveProgram(code: string): void {
    try {
      this.store.save(code);
      if (this.current.notice && this.current.notice === this.lastStorageNotice) this.update({ notice: undefined });
    } catch (error) {
      const text = error instanceof ProgramStoreError ? error.message : String(error);
      this.lastStorageNotice = text;
      this.update({ notice: text });
    }
  }
  private lastStorageNotice: string | undefined;

  /** Connects the board remembered from last time (or the default one). */
  async start(): Promise<void> {
    const remembered = this.readPref();
    const entry = (remembered && findBoard(remembered, this.registry)) || defaultBoard(this.registry);
    if (!entry) {
      this.update({ status: 'error', statusDetail: 'No board is available in this build.' });
      return;
    }
    await this.selectBoard(entry.id);
  }

  /** Switches to another board: the old one is disposed, the new one connected. */
  async selectBoard(id: string): Promise<void> {
    const entry = findBoard(id, this.registry);
    if (!entry) {
      this.update({ notice: `Unknown board "${id}".` });
      return;
    }
    const generation = ++this.generation;
    await this.releaseBoard();
    this.update({
      boardId: entry.id,
      boardCaveat: entry.caveat,
      boardDescription: entry.description,
      status: 'connecting',
      statusDetail: '',
      runError: undefined,
      notice: undefined,
    });
    this.writePref(entry.id);

    const unavailable = entry.unavailableReason?.();
    if (unavailable) {
      this.update({ status: 'error', statusDetail: unavailable });
      return;
    }
    let board: Board;
    try {
      board = await entry.create();
    } catch (error) {
      if (generation === this.generation) {
        if (error instanceof BoardSetupError)
          // Its message already says what to do.
          this.update({ status: error.need === 'port' ? 'needs-port' : 'needs-firmware', statusDetail: error.message });
        else
          this.update({
            status: 'error',
            statusDetail: `${entry.label} failed to load: ${messageOf(error)}. Reload the page to try again.`,
          });
      }
      return;
    }
    if (generation !== this.generation) {
      await board.dispose();
      return;
    }
    this.board = board;
    this.update({ boardDescription: board.info.description });
    this.boardUnsubscribe = board.onStatus((status, detail) => {
      if (board !== this.board) return;
      // The lab's own exchanges (the probe after each run, a capture) keep the board busy for a few
      // milliseconds at a time: not the learner's program. Showing them would make the pill flicker
      // "Running" (and a screen reader announce it) and Run go grey under the pointer, losing a click.
      const ours = status === 'busy' && this.replSession?.protocolActive === true && !this.current.running;
      // While the lab resets or connects the board it says "Connecting…" until the boot is done
      // (boot() reports the outcome); the moments the board is idle before it restarts don't count.
      const booting = this.ownBoot && (status === 'ready' || status === 'busy');
      if (!booting) this.update({ status: ours ? 'ready' : status, statusDetail: detail });
      if (status === 'disconnected' || status === 'error' || (status === 'connecting' && !this.ownBoot)) {
        // The stepped program went with the board (unplugged, restarted by itself).
        this.stepper?.boardLost();
      }
      if (status === 'connecting' && !this.ownBoot && !this.rebooting) {
        this.rebooting = true;
        this.rebootSerial = this.beginBoot();
      } else if (this.rebooting && status !== 'connecting' && status !== 'busy') {
        this.rebooting = false;
        const serial = this.rebootSerial;
        void (status === 'ready' ? this.afterBoot(board, serial) : Promise.resolve()).finally(() =>
          this.finishBoot(serial),
        );
      }
    });
    const session = new ReplSession(board);
    this.replSession = session;
    this.sessionListeners.emit(session);
    const inspector = new HeapInspector(board, session, () => this.current.running);
    this.inspector = inspector;
    inspector.onChange((heap) => {
      if (inspector === this.inspector) this.update({ heap });
    });
    this.update({ heap: inspector.state });
    const stepper = new StepController(session, inspector.capture);
    this.stepper = stepper;
    stepper.onChange((state) => this.onStepper(stepper, state));
    // The terminal keeps the previous board's lines: mark where this board starts.
    this.noteListeners.emit(`── ${entry.label} ──`);
    await this.boot(
      board,
      () => board.connect(),
      (error) => `Could not start ${entry.label}: ${messageOf(error)}`,
    );
  }

  /** Connects or resets `board` (`start`), then greets and probes it; a Run waits until all of it is done. */
  private async boot(board: Board, start: () => Promise<void>, failure: (error: unknown) => string): Promise<void> {
    const serial = this.beginBoot();
    this.ownBoot = true;
    try {
      try {
        await start();
      } finally {
        this.ownBoot = false;
      }
      if (board === this.board) this.update({ status: board.status, statusDetail: board.statusDetail });
      await this.afterBoot(board, serial);
    } catch (error) {
      if (board === this.board) this.update({ status: 'error', statusDetail: failure(error) });
    } finally {
      this.finishBoot(serial);
    }
  }

  /**
   * A new boot: a Run waits until it is greeted and probed. Boots can overlap (new firmware
   * programmed while the last boot is still being greeted), so each has a serial number, and only
   * the latest one ends the wait.
   */
  private beginBoot(): number {
    this.endBoot?.(); // waiters move on to the new boot (run() waits for the latest)
    this.booted = new Promise((resolve) => (this.endBoot = resolve));
    return ++this.bootSerial;
  }

  /** The boot `serial` is over (without a serial: whatever boot is under way, e.g. the board went away). */
  private finishBoot(serial?: number): void {
    if (serial !== undefined && serial !== this.bootSerial) return; // an older boot: the newer one goes on
    this.endBoot?.();
    this.endBoot = undefined;
  }

  /** Takes a heap snapshot now (the Inspect button). */
  async inspect(): Promise<void> {
    await this.inspector?.refresh('inspect');
  }

  /**
   * A board that has just booted: show its banner and prompt, then let the heap inspector probe
   * it and clean its heap before the learner's first program.
   */
  private async afterBoot(board: Board, serial: number): Promise<void> {
    // A newer boot (firmware programmed meanwhile) greets and probes the board itself.
    const current = () => board === this.board && serial === this.bootSerial;
    if (!current()) return;
    await greetBoard(board, { idle: () => current() && !this.current.running });
    if (current() && board.status === 'ready') await this.inspector?.boardReady();
    // A Pico of one's own may run an old MicroPython (before 1.14) without raw-paste: say how programs go.
    if (current() && board.info.kind === 'usb-pico' && this.replSession?.rawPasteSupported === false) {
      this.note(NO_RAW_PASTE_NOTE);
    }
  }

  /** Runs the program; resolves when it ends (with its exception, if any). */
  async run(code: string): Promise<RunError | undefined> {
    const session = this.replSession;
    const abort = await this.waitToRun();
    if (!abort || !session) return undefined;
    this.stepper?.clear(); // a Run replaces the steps taken before
    this.update({ running: true, runError: undefined, notice: undefined });
    let runError: RunError | undefined;
    try {
      const result = await session.exec(code, { signal: abort.signal, terminal: true });
      // Reset stops the program first (its KeyboardInterrupt) where the board lets it finish.
      if (abort.signal.reason === RESET_REASON) this.note('The reset ended the program.', { reprompt: false });
      else runError = describeTraceback(result.stderr);
    } catch (error) {
      if (abort.signal.aborted && error instanceof ReplAbortedError)
        this.note(abort.signal.reason === RESET_REASON ? 'The reset ended the program.' : 'Stopped.');
      else runError = this.failureOf(classifyRunFailure(error, this.board?.status));
    } finally {
      if (this.runAbort === abort) this.runAbort = undefined;
    }
    this.update({ running: false, runError });
    void this.inspector?.refresh('run');
    return runError;
  }

  /** A run that ended without its own result: a note in the terminal, or an error for the banner. */
  private failureOf(failure: RunFailure): RunError | undefined {
    switch (failure.kind) {
      case 'bootsel':
        this.note('The board entered BOOTSEL mode: drop a .uf2 onto it (or use Load firmware…).');
        return undefined;
      case 'restarted':
        this.note('The board restarted; the program ended.');
        return undefined;
      case 'interrupted':
        this.note('Stopped.');
        return undefined;
      case 'timeout':
        return {
          type: 'Timeout',
          message: failure.detail,
          advice: 'The program ran too long and was interrupted.',
          summary: `The program ran too long and was interrupted: ${failure.detail}`,
        };
      case 'no-answer':
        // Runs have no time limit: a protocol timeout means the board stopped answering.
        return {
          type: 'No answer',
          message: `The board stopped answering: ${failure.detail}`,
          advice: 'Press Reset to restart the board.',
          summary: `The board stopped answering (${failure.detail}). Press Reset to restart it.`,
        };
      case 'error':
        return {
          type: 'Error',
          message: `The program could not be run: ${failure.detail}`,
          advice: 'Try Reset.',
          summary: `The program could not be run: ${failure.detail}. Try Reset.`,
        };
    }
  }

  /**
   * Runs an exercise's program (the lesson's, or the learner's for a fix exercise) from fresh
   * globals, with its output in the terminal, and returns it with the heap it left, which the
   * heap pane then shows: the learner sees the heap their answer is graded on. Undefined when it
   * could not start or was stopped.
   */
  async runExercise(exercise: Exercise, program: string): Promise<ExerciseRun | undefined> {
    const session = this.replSession;
    const inspector = this.inspector;
    if (!session || !inspector?.capture.supported) return undefined;
    await this.endStepping(); // the exercise replaces a program being stepped, as Run would
    const abort = await this.waitToRun();
    if (!abort) return undefined;
    this.stepper?.clear();
    this.update({ running: true, runError: undefined, notice: undefined });
    try {
      const board = {
        exec: (code: string, options?: SessionExecOptions) => session.exec(code, options),
        sendInput: (bytes: Uint8Array) => session.sendInput(bytes),
        capture: inspector.capture,
      };
      this.note(`Checking an exercise on the board (${exercise.id}):`, { reprompt: false });
      const run = await runForExercise(board, exercise, program, { terminal: true, signal: abort.signal });
      inspector.show(run.snapshot, 'exercise');
      return run;
    } catch (error) {
      this.note(abort.signal.aborted ? 'Stopped.' : `The exercise could not be run: ${messageOf(error)}`);
      return undefined;
    } finally {
      if (this.runAbort === abort) this.runAbort = undefined;
      this.update({ running: false });
    }
  }

  /** Stops a stepped program and resolves once it has ended (at once when none is stepped). */
  private async endStepping(): Promise<void> {
    const stepper = this.stepper;
    if (!stepper?.state.active) return;
    await new Promise<void>((resolve) => {
      const off = stepper.onChange((state) => {
        if (state.active) return;
        off();
        resolve();
      });
      stepper.stop();
    });
  }

  /**
   * Waits until a program may start (the boot's greeting and probe are over, the board is idle).
   * Stop (the button, or Ctrl+C in the terminal) works from the moment Run is pressed: while the
   * run still waits for the board, it cancels it. Resolves with the run's abort controller (also
   * `runAbort`), or undefined when it must not start (stopped, another board, still busy: the
   * notice says why).
   */
  private async waitToRun(): Promise<AbortController | undefined> {
    const session = this.replSession;
    if (!session || this.current.running || this.runAbort) return undefined;
    const abort = new AbortController();
    this.runAbort = abort;
    const withdraw = session.announceRun(() => abort.abort());
    try {
      // The board's banner and the heap inspector's probe come before the learner's first program;
      // the board may still be finishing the probe's answer.
      const stopped = new Promise<false>((resolve) =>
        abort.signal.addEventListener('abort', () => resolve(false), { once: true }),
      );
      // The latest boot: another may begin while we wait (firmware programmed meanwhile). The
      // greeting and probe are worth waiting for, but never for ever: a Run must not hang silently.
      const gaveUp = new Promise<void>((resolve) => setTimeout(resolve, BOOT_WAIT_MS));
      for (let boot = this.booted; ; boot = this.booted) {
        const done = await Promise.race([boot.then(() => 'booted'), stopped, gaveUp.then(() => 'late')]);
        if (done === 'late' || boot === this.booted || abort.signal.aborted) break;
      }
      const board = this.board;
      const idle = !abort.signal.aborted && (!board || (await Promise.race([whenIdle(board, BUSY_WAIT_MS), stopped])));
      if (abort.signal.aborted || session !== this.replSession) {
        if (this.runAbort === abort) this.runAbort = undefined;
        if (abort.signal.aborted && abort.signal.reason !== RESET_REASON)
          this.note('Stopped before the program started.');
        return undefined;
      }
      if (!idle) {
        this.runAbort = undefined;
        const status = this.current.status;
        this.update({
          notice:
            status === 'busy'
              ? 'The board is still busy (a program started at the REPL?): press Stop, then Run again.'
              : `The board is ${status}; wait until it is ready, then run again.`,
        });
        return undefined;
      }
      return abort;
    } finally {
      withdraw();
    }
  }

  /**
   * Step (F10): the first press starts stepping `code` (to its first line); later presses run one
   * more line, or move forward through the steps already taken. Stop ends the program.
   */
  async step(code: string): Promise<void> {
    const stepper = this.stepper;
    if (!stepper) return;
    const state = stepper.state;
    if (state.active || state.position < state.history.length - 1) {
      await stepper.step();
      return;
    }
    const abort = await this.waitToRun();
    if (!abort) return;
    // Stop while stepping ends the program being stepped.
    abort.signal.addEventListener('abort', () => stepper.stop(), { once: true });
    this.update({ running: true, runError: undefined, notice: undefined });
    const started = await stepper.start(code);
    if (!started) {
      this.runAbort = undefined;
      this.update({ running: false });
      const error = stepper.state.syntaxError;
      if (error)
        this.update({
          runError: {
            type: 'SyntaxError',
            message: error.message,
            line: error.line,
            advice: 'Nothing ran: fix the line, then step again.',
            summary: `SyntaxError on line ${error.line}: ${error.message}`,
          },
        });
    }
  }

  /** Run to cursor: steps (starting the program if need be) until `line` is the next to run, or the end. */
  async stepToLine(code: string, line: number): Promise<void> {
    const stepper = this.stepper;
    if (!stepper) return;
    const state = stepper.state;
    if (!state.active && state.position >= state.history.length - 1) {
      await this.step(code); // starts the program, to its first line
      if (!stepper.state.active || stepper.shown?.line === line) return;
    }
    await stepper.runTo(line);
  }

  /** One step back through the steps taken (the program waits where it is). */
  stepBack(): void {
    this.stepper?.back();
  }

  /** Shows step `position` of those taken (the timeline). */
  stepTo(position: number): void {
    this.stepper?.goTo(position);
  }

  /** The program was edited: the steps taken before the edit's first affected line are kept. */
  programEdited(code: string): void {
    this.stepper?.edited(code);
  }

  /** The stepper moved: show that step's heap; once the program has ended, the board is free again. */
  private onStepper(stepper: StepController, state: StepperState): void {
    if (stepper !== this.stepper) return;
    const shown = stepper.shown;
    if (shown) this.inspector?.show(shown.snapshot, 'step');
    this.update({ stepper: state });
    if (!state.active && this.current.running && this.runAbort && !state.working && state.ended) {
      this.runAbort = undefined;
      const error = state.ended.error ? describeTraceback(state.ended.error) : undefined;
      this.update({ running: false, runError: error });
      if (state.ended.stopped) this.note('Stopped.');
      void this.inspector?.refresh('run'); // the heap after the program
      if (state.ended.limitReached)
        this.update({ notice: `Stopped after ${MAX_STEPS} steps: step a shorter program, or use Run.` });
    }
  }

  /** Interrupts the running program (Ctrl-C), or whatever the REPL is doing. */
  async stop(): Promise<void> {
    const abort = this.runAbort;
    if (abort) {
      abort.abort();
      // Fallback: if the protocol was not listening for the abort yet (still sending the program
      // when it started running), send Ctrl-C straight away so Stop never does nothing.
      setTimeout(() => {
        if (this.runAbort === abort) void this.replSession?.interrupt();
      }, STOP_FALLBACK_MS);
      return;
    }
    try {
      await this.replSession?.interrupt();
    } catch (error) {
      this.update({ notice: `Stop failed: ${messageOf(error)}. Try Reset.` });
    }
  }

  /** Hard-resets the board (RAM lost); a running program is stopped first. */
  async reset(): Promise<void> {
    const board = this.board;
    if (!board) return;
    this.runAbort?.abort(RESET_REASON);
    this.stepper?.clear();
    this.update({ runError: undefined, notice: undefined });
    this.note(`Resetting the board…${unclosedFilesHint(this.current.heap.snapshot)}`, { reprompt: false });
    this.update({ status: 'connecting', statusDetail: 'resetting the board' });
    await this.boot(
      board,
      () => board.reset(),
      (error) => `Reset failed: ${messageOf(error)}. Reload the page.`,
    );
  }

  /** Closes the board (a USB Pico's port is then free for other programs); choosing it again reconnects. */
  async disconnectBoard(): Promise<void> {
    this.generation++;
    await this.releaseBoard();
    this.update({ status: 'disconnected', statusDetail: DISCONNECTED_BY_LEARNER });
  }

  async dispose(): Promise<void> {
    this.generation++;
    await this.releaseBoard();
  }

  private async releaseBoard(): Promise<void> {
    this.runAbort?.abort();
    this.runAbort = undefined;
    this.boardUnsubscribe?.();
    this.boardUnsubscribe = undefined;
    const board = this.board;
    this.board = undefined;
    this.rebooting = false;
    this.finishBoot();
    this.stepper?.stop();
    this.stepper = undefined;
    this.inspector?.dispose();
    this.inspector = undefined;
    if (this.replSession) {
      this.replSession.dispose();
      this.replSession = undefined;
      this.sessionListeners.emit(undefined);
    }
    this.update({ running: false, heap: NO_HEAP_VIEW, stepper: IDLE_STEPPER });
    if (board) {
      try {
        await board.dispose();
      } catch {
        /* a board that fails to close is gone anyway */
      }
    }
  }

  private update(patch: Partial<LabState>): void {
    this.current = { ...this.current, ...patch };
    this.stateListeners.emit(this.current);
  }

  private readPref(): string | undefined {
    try {
      return this.prefs?.getItem(BOARD_PREF_KEY) ?? undefined;
    } catch {
      return undefined;
    }
  }

  private writePref(id: string): void {
    try {
      this.prefs?.setItem(BOARD_PREF_KEY, id);
    } catch {
      /* remembering the board is a convenience only */
    }
  }
}

/**
 * Files the last snapshot shows open on a Pico's flash lose what was written to them on a reset
 * (it waits in the file's buffer until close()): said as the reset happens, so the empty file
 * afterwards is no mystery.
 */
function unclosedFilesHint(snapshot: HeapSnapshot | undefined): string {
  const open = snapshot ? openFlashFiles(snapshot).length : 0;
  if (open === 0) return '';
  const files = open === 1 ? 'A file was' : `${open} files were`;
  return (
    ` ${files} still open: what a program wrote to it since open() and did not flush() is lost, as on a ` +
    'real Pico. Call close() (or write inside "with open(...) as f:") before a reset.'
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function safeLocalStorage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}
