import type { Board, BoardStatus } from '../board/board';
import { Listeners } from '../util/listeners';
import { ByteReader, ReplAbortedError } from './byte-reader';
import type { ExecOptions, ExecResult } from './exec-result';
import { CTRL_C, DEFAULT_TIMINGS, RawRepl, type ReplTimings } from './raw-repl';

export interface SessionExecOptions extends ExecOptions {
  /** Also show the program's output in the terminal (Run does; the probe doesn't). */
  terminal?: boolean;
  /** Stay in the raw REPL afterwards (several protocol steps in a row). */
  keepRaw?: boolean;
}

const enc = new TextEncoder();
/**
 * How the lab's own lines look in the terminal: a muted grey set apart from the board's text. A colour,
 * not SGR "dim": xterm draws dim text at half opacity, 3:1 on the dark ground, below the 4.5:1 text needs.
 */
export const NOTE_STYLE = '\x1b[38;2;170;178;189m';
/** Ctrl-A, Ctrl-B, Ctrl-D, Ctrl-E: they steer the raw REPL, so a running program never gets them. */
const RAW_CONTROLS = [0x01, 0x02, 0x04, 0x05];

/**
 * One REPL conversation with a board, shared by the terminal and by programs:
 * while idle the board's bytes go to the terminal (friendly REPL); during
 * `exec` the protocol owns the stream and the terminal sees only the program's
 * output. Everything above the board talks to the board through this class.
 */
export class ReplSession {
  private readonly reader = new ByteReader();
  private readonly raw: RawRepl;
  private readonly terminal = new Listeners<[Uint8Array]>();
  private protocolOwnsStream = false;
  private inRaw = false;
  private running = false;
  /** Programs for the terminal (Run) handed to exec and not yet ended. */
  private terminalExecs = 0;
  /** Cancels a Run that is on its way but not handed to exec yet (Ctrl-C typed meanwhile). */
  private cancelAnnounced: (() => void) | undefined;
  /** The program has been sent and runs: keystrokes may go to its input(). */
  private programReadsInput = false;
  /** Stops the current exec while its program is still being sent (set only then). */
  private stopBeforeStart: (() => void) | undefined;
  /** Input sent (sendInput) before a program was running to read it. */
  private pendingInput: Uint8Array[] = [];
  /** Cancels Run programs handed to exec that wait their turn (the board still shows the friendly REPL). */
  private readonly queuedStops = new Set<() => void>();
  private typedAhead = false;
  private queue: Promise<unknown> = Promise.resolve();
  private atLineStart = true;
  /** The last bytes shown to the terminal, to tell when it sits at a fresh `>>> ` prompt. */
  private shownTail = '';
  /** The user typed a line (Enter) at the friendly prompt and it has not been answered yet. */
  private lineTyped = false;
  private readonly prompts = new Listeners<[]>();
  private closed = false;
  private readonly unsubscribe: Array<() => void> = [];

  constructor(
    readonly board: Board,
    timings: ReplTimings = DEFAULT_TIMINGS,
  ) {
    this.raw = new RawRepl({ write: (b) => board.write(b), reader: this.reader }, timings);
    this.unsubscribe.push(
      board.onData((bytes) => this.onBoardData(bytes)),
      board.onStatus((status) => this.onBoardStatus(status)),
    );
  }

  /**
   * True from the moment a program is handed to `exec` for the terminal (Run) until it ends,
   * including while it waits its turn and is sent: Ctrl+C then means Stop, never Copy.
   */
  get busy(): boolean {
    return this.running || this.terminalExecs > 0 || this.cancelAnnounced !== undefined;
  }

  /**
   * A Run is on its way (it waits for the board before calling exec): until the returned function
   * is called, Ctrl-C typed in the terminal calls `cancel` instead of reaching the board, whose
   * REPL would only clear its line, and the program would start anyway.
   */
  announceRun(cancel: () => void): () => void {
    this.cancelAnnounced = cancel;
    return () => {
      if (this.cancelAnnounced === cancel) this.cancelAnnounced = undefined;
    };
  }

  /**
   * True while the protocol talks to the board (a program, the heap probe, leaving the raw REPL):
   * the board is then busy with work this session ordered, queued in turn, not with a line typed
   * at the REPL.
   */
  get protocolActive(): boolean {
    return this.protocolOwnsStream;
  }

  /** Whether the board accepted raw-paste (undefined until the first exec). */
  get rawPasteSupported(): boolean | undefined {
    return this.raw.rawPasteSupported;
  }

  /** Bytes the terminal should display. */
  onTerminalData(listener: (bytes: Uint8Array) => void): () => void {
    return this.terminal.add(listener);
  }

  /**
   * Called when the friendly REPL is back at `>>> ` after a line the user typed (a statement ran,
   * or failed): the moment a heap snapshot shows its effect.
   */
  onPrompt(listener: () => void): () => void {
    return this.prompts.add(listener);
  }

  /**
   * A line of the lab's own in the terminal (dimmed), kept apart from the board's text: it starts
   * on a line of its own. A fresh `>>> ` it lands on moves below it (the prompt is erased and shown
   * again after the note, so the cursor never sits under a note); with `reprompt: false` (the board
   * is about to restart and print its own banner and prompt) it is not shown again.
   */
  note(text: string, { reprompt = true }: { reprompt?: boolean } = {}): void {
    const line = `${NOTE_STYLE}${text}\x1b[0m\r\n`;
    if (this.atPrompt) this.show(enc.encode(`\r\x1b[2K${line}${reprompt ? '>>> ' : ''}`));
    else this.show(enc.encode(`${this.atLineStart ? '' : '\r\n'}${line}`));
  }

  /** Program output that reached us another way (the stepper filters its markers out), for the terminal. */
  showOutput(text: string): void {
    if (!text) return;
    // Like a Run's output: on a line of its own, not after the prompt.
    const start = this.atPrompt ? '\r\n' : '';
    this.show(enc.encode(start + text.replace(/\r?\n/g, '\r\n')));
  }

  /** True when the terminal's last line is a fresh, empty `>>> ` prompt. */
  private get atPrompt(): boolean {
    // As a terminal shows it: a backspace takes back the character before it, and escape sequences
    // (erase to the end of the line) add none: the greeting's echo " \b\x1b[K" leaves the prompt as it was.
    let visible = '';
    for (const c of this.shownTail.replace(/\x1b\[[0-9;]*[A-Za-z]/g, ''))
      visible = c === '\b' ? visible.slice(0, -1) : visible + c;
    return visible.endsWith('>>> ');
  }

  /**
   * Keystrokes from the terminal. While a program runs they go to it (its
   * `input()`); while the protocol is talking to the board only Ctrl-C gets through.
   */
  typeIn(bytes: Uint8Array): void {
    if (this.cancelAnnounced && bytes.includes(CTRL_C)) {
      this.cancelAnnounced();
      return;
    }
    // A Run waits its turn: Ctrl-C cancels it (at the friendly prompt it would only clear the line,
    // and the program would start anyway, beyond the reach of that Ctrl-C).
    if (!this.protocolOwnsStream && this.queuedStops.size > 0 && bytes.includes(CTRL_C)) {
      void this.interrupt();
      return;
    }
    if (this.protocolOwnsStream) {
      if (bytes.includes(CTRL_C)) void this.interrupt();
      else if (this.programReadsInput) this.toProgram(bytes);
      return;
    }
    if (bytes.includes(0x0d)) this.lineTyped = true;
    this.board.write(bytes);
  }

  /**
   * Input for programs from elsewhere than the terminal (the CLI's stdin; later, lessons): goes to
   * the running program's input(), or waits for the next program to start, in order. Ctrl-C stops
   * the program, as typed in the terminal.
   */
  sendInput(bytes: Uint8Array): void {
    const interruptAt = bytes.indexOf(CTRL_C);
    const keys = interruptAt < 0 ? bytes : bytes.subarray(0, interruptAt);
    if (keys.length > 0) {
      if (this.programReadsInput && this.pendingInput.length === 0) this.toProgram(keys);
      else this.pendingInput.push(keys.slice());
    }
    if (interruptAt >= 0) void this.interrupt();
  }

  /** Keys for the running program (echoed by it, read by its input()). */
  private toProgram(bytes: Uint8Array): void {
    // Not the raw REPL's own controls: once the program ends, Ctrl-D on an empty line would soft-reset.
    const keys = bytes.filter((b) => !RAW_CONTROLS.includes(b));
    if (keys.length === 0) return;
    this.typedAhead = true;
    this.board.write(keys);
  }

  /** Runs a program through the raw REPL (raw-paste when the board supports it). */
  exec(code: string, options: SessionExecOptions = {}): Promise<ExecResult> {
    const userStop = new AbortController();
    const stopQueued = () => userStop.abort();
    if (options.terminal) this.queuedStops.add(stopQueued);
    const run = this.queue.then(() => {
      this.queuedStops.delete(stopQueued);
      // Stopped while it waited: it never reaches the board.
      if (userStop.signal.aborted || options.signal?.aborted)
        throw new ReplAbortedError('program stopped before it started');
      return this.execNow(code, options, userStop);
    });
    this.queue = run.catch(() => undefined);
    if (options.terminal) {
      this.terminalExecs++;
      const done = () => {
        this.terminalExecs--;
        this.queuedStops.delete(stopQueued);
      };
      run.then(done, done);
    }
    return run;
  }

  /**
   * Runs several programs in a row with nothing queued in between (another exec waits until
   * `body` is done): the heap inspector's probe and the collection that must follow it directly.
   */
  batch<T>(
    body: (exec: (code: string, options?: SessionExecOptions) => Promise<ExecResult>) => Promise<T>,
  ): Promise<T> {
    const run = this.queue.then(() => body((code, options = {}) => this.execNow(code, options, new AbortController())));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Ctrl-C: stops the running program (it ends with KeyboardInterrupt) or clears
   * the prompt line. While a program is still being sent, a bare Ctrl-C would
   * empty the raw REPL's line and the closing Ctrl-D would then soft-reset the
   * board, so the exec is stopped through the protocol instead (it rejects).
   */
  async interrupt(): Promise<void> {
    if (this.stopBeforeStart) {
      this.stopBeforeStart();
      return;
    }
    if (!this.protocolOwnsStream && this.queuedStops.size > 0) {
      for (const stop of this.queuedStops) stop();
      return;
    }
    this.board.write(new Uint8Array([CTRL_C]));
  }

  /** Soft reset (Ctrl-D in the raw REPL): wipes the heap and every global. Only on request. */
  softReset(): Promise<void> {
    const run = this.queue.then(() =>
      this.withProtocol(async () => {
        await this.ensureRaw();
        await this.raw.softReset();
      }, false),
    );
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Returns the board to the friendly REPL (after `keepRaw` execs). */
  leaveRaw(): Promise<void> {
    const run = this.queue.then(() => this.withProtocol(async () => undefined, false));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Stops listening to the board; a pending exec and any later one reject at once. */
  dispose(): void {
    this.closed = true;
    for (const off of this.unsubscribe.splice(0)) off();
    this.reader.fail(new ReplAbortedError('session closed'));
  }

  private async execNow(code: string, options: SessionExecOptions, userStop: AbortController): Promise<ExecResult> {
    return this.withProtocol(async () => {
      // Stop works from here on: a Ctrl-C while the board enters the raw REPL would be swallowed
      // by it (and the program would then start out of reach), so it stops the exec instead.
      this.stopBeforeStart = () => userStop.abort();
      try {
        await this.ensureRaw();
      } catch (error) {
        this.stopBeforeStart = undefined;
        throw error;
      }
      if (userStop.signal.aborted || options.signal?.aborted) {
        this.stopBeforeStart = undefined;
        throw new ReplAbortedError('program stopped before it started');
      }
      if (options.terminal && !this.atLineStart) this.show(enc.encode('\r\n'));
      const toTerminal = (text: string) => this.show(enc.encode(text.replace(/\r?\n/g, '\r\n')));
      this.running = true;
      this.typedAhead = false;
      try {
        const result = await this.raw.exec(code, {
          ...options,
          signal: options.signal ? AbortSignal.any([options.signal, userStop.signal]) : userStop.signal,
          onRunning: () => {
            this.stopBeforeStart = undefined;
            this.programReadsInput = true;
            for (const keys of this.pendingInput.splice(0)) this.toProgram(keys);
          },
          onStdout: (t) => {
            options.onStdout?.(t);
            if (options.terminal) toTerminal(t);
          },
          onStderr: (t) => {
            options.onStderr?.(t);
            if (options.terminal) toTerminal(t);
          },
        });
        this.programReadsInput = false;
        // Keys the program did not read wait in the raw REPL's line: Ctrl-C empties it
        // (silently), so they don't become the start of the next program.
        if (this.typedAhead) this.board.write(new Uint8Array([CTRL_C]));
        return result;
      } finally {
        this.stopBeforeStart = undefined;
        this.programReadsInput = false;
        this.running = false;
      }
    }, options.keepRaw ?? false);
  }

  private async ensureRaw(): Promise<void> {
    if (this.inRaw) return;
    await this.raw.enterRaw();
    this.inRaw = true;
  }

  /** Gives the stream to the protocol for `body`, then (unless keepRaw) back to the terminal. */
  private async withProtocol<T>(body: () => Promise<T>, keepRaw: boolean): Promise<T> {
    if (this.closed) throw new ReplAbortedError('session closed');
    // A board in these states cannot answer: say why now rather than time out later.
    const status = this.board.status;
    if (status === 'disconnected' || status === 'error' || status === 'bootsel') {
      throw new ReplAbortedError(`board ${status}${this.board.statusDetail ? `: ${this.board.statusDetail}` : ''}`);
    }
    this.protocolOwnsStream = true;
    this.reader.reset();
    try {
      return await body();
    } finally {
      if (!keepRaw) await this.backToFriendly();
    }
  }

  private async backToFriendly(): Promise<void> {
    try {
      // Closed: the board's answers no longer reach us, so don't wait for them.
      if (!this.inRaw || this.closed) {
        // The board restarted meanwhile: it prints its own banner and prompt.
        this.protocolOwnsStream = false;
        return;
      }
      await this.raw.exitRaw();
      this.inRaw = false;
      this.reader.clear();
      this.protocolOwnsStream = false;
      // A hidden exec (the probe) at an idle prompt leaves the terminal as it was.
      if (!this.atPrompt) this.show(enc.encode(this.atLineStart ? '>>> ' : '\r\n>>> '));
    } catch {
      // The board went away or is still busy: hand the stream back as it is.
      this.inRaw = false;
      this.protocolOwnsStream = false;
      const rest = this.reader.clear();
      if (rest.length) this.show(rest);
    }
  }

  private onBoardData(bytes: Uint8Array): void {
    if (this.protocolOwnsStream) this.reader.push(bytes);
    else this.show(bytes);
  }

  private onBoardStatus(status: BoardStatus): void {
    if (status === 'connecting' || status === 'disconnected' || status === 'error' || status === 'bootsel') {
      // The board restarted or vanished: whatever the protocol waited for won't
      // come, and what the board says next (banner, notices) is for the terminal.
      this.inRaw = false;
      this.protocolOwnsStream = false;
      this.raw.rawPasteSupported = undefined;
      this.reader.fail(new ReplAbortedError(`board ${status === 'connecting' ? 'restarted' : status}`));
    }
  }

  private show(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    const last = bytes[bytes.length - 1];
    this.atLineStart = last === 0x0a;
    this.shownTail = (this.shownTail + String.fromCharCode(...bytes.subarray(-16))).slice(-16);
    this.terminal.emit(bytes);
    if (this.lineTyped && !this.protocolOwnsStream && this.atPrompt) {
      this.lineTyped = false;
      this.prompts.emit();
    }
  }
}
