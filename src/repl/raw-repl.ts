import { ByteReader, ProgramTimeoutError, ReplAbortedError } from './byte-reader';
import type { ExecOptions, ExecResult } from './exec-result';

/** Control characters of MicroPython's REPL. */
export const CTRL_A = 0x01; // enter raw REPL
export const CTRL_B = 0x02; // exit raw REPL (to the friendly REPL)
export const CTRL_C = 0x03; // KeyboardInterrupt
export const CTRL_D = 0x04; // end of program / soft reset on an empty raw line
export const CTRL_E = 0x05; // paste mode / raw-paste request

const enc = new TextEncoder();
const RAW_PROMPT = enc.encode('raw REPL; CTRL-B to exit\r\n>');
const FRIENDLY_PROMPT = enc.encode('>>> ');
const SOFT_REBOOT = enc.encode('soft reboot\r\n');

/** How long the board gets to answer protocol steps (not the program itself). */
export interface ReplTimings {
  /** A prompt or a handshake byte. */
  answerMs: number;
  /** After Ctrl-C, for the program to stop and report. */
  interruptGraceMs: number;
}
export const DEFAULT_TIMINGS: ReplTimings = { answerMs: 5000, interruptGraceMs: 3000 };

export interface ReplLink {
  write(bytes: Uint8Array): void;
  reader: ByteReader;
}

/**
 * MicroPython's raw REPL and raw-paste protocol (as mpremote speaks it), one
 * operation at a time over a byte link. Knows nothing about terminals.
 */
export class RawRepl {
  /** Learned per connection: undefined = not tried yet. */
  rawPasteSupported: boolean | undefined = undefined;

  constructor(
    private readonly link: ReplLink,
    private readonly timings: ReplTimings = DEFAULT_TIMINGS,
  ) {}

  /** Interrupts whatever runs and enters the raw REPL (no soft reset). */
  async enterRaw(): Promise<void> {
    const { reader } = this.link;
    // Ctrl-C twice stops a running program and empties a half-typed line (a CR
    // first would run that line); Ctrl-A then enters raw mode from either REPL.
    this.link.write(new Uint8Array([CTRL_C, CTRL_C]));
    await delay(10);
    reader.clear();
    this.link.write(new Uint8Array([0x0d, CTRL_A]));
    await reader.readUntil(RAW_PROMPT, this.timings.answerMs, 'the raw REPL prompt');
  }

  /** Leaves the raw REPL; resolves once the friendly prompt is back. */
  async exitRaw(): Promise<void> {
    this.link.write(new Uint8Array([CTRL_B]));
    await this.link.reader.readUntil(FRIENDLY_PROMPT, this.timings.answerMs, 'the friendly prompt');
  }

  /** Soft reset from the raw REPL: clears the heap and all globals. */
  async softReset(): Promise<void> {
    this.link.write(new Uint8Array([CTRL_D]));
    await this.link.reader.readUntil(SOFT_REBOOT, this.timings.answerMs, 'soft reboot');
    await this.link.reader.readUntil(RAW_PROMPT, this.timings.answerMs, 'the raw REPL prompt after soft reboot');
  }

  /**
   * Runs `code` (the board must be at the raw prompt) and collects its output.
   * Leaves the board at the raw prompt. A timeout or abort sends Ctrl-C at any
   * point — while the program is still being sent, too — and rejects.
   */
  async exec(code: string, options: ExecOptions & { onRunning?: () => void } = {}): Promise<ExecResult> {
    // Ctrl-D on an empty raw line means soft reset, not "run nothing": send a blank line instead.
    const bytes = enc.encode(code.length > 0 ? code : '\n');
    const stop: StopState = { phase: 'send', at: 0 };
    const request = (reason: Error) => {
      if (stop.reason) return;
      stop.reason = reason;
      stop.at = Date.now();
      this.link.write(new Uint8Array([CTRL_C]));
      // While sending, whatever we wait for won't come; while running, the grace period starts.
      if (stop.phase === 'send') this.link.reader.fail(reason);
      else this.link.reader.wake();
    };
    const timer =
      options.timeoutMs !== undefined
        ? setTimeout(
            () => request(new ProgramTimeoutError(`program still running after ${options.timeoutMs} ms: interrupted`)),
            options.timeoutMs,
          )
        : undefined;
    const onAbort = () => request(new ReplAbortedError('program stopped'));
    options.signal?.addEventListener('abort', onAbort);
    if (options.signal?.aborted) onAbort();
    try {
      try {
        if (this.rawPasteSupported !== false) await this.sendRawPaste(bytes, stop);
        else await this.sendRaw(bytes, stop);
      } catch (e) {
        if (!stop.reason) throw e;
        // Stopped mid-send: the board may hold half a program; get back to a clean raw prompt.
        await this.enterRaw().catch(() => undefined);
        throw Object.assign(stop.reason, { result: { stdout: '', stderr: '' } });
      }
      stop.phase = 'run';
      options.onRunning?.();
      return await this.collectOutput(options, stop);
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Raw-paste with flow control; falls back to plain raw mode if the board declines. */
  private async sendRawPaste(code: Uint8Array, stop: StopState): Promise<void> {
    const { reader } = this.link;
    const { answerMs } = this.timings;
    this.link.write(new Uint8Array([CTRL_E, 0x41, CTRL_A]));
    const reply = await reader.read(2, answerMs, 'the raw-paste answer');
    if (reply[0] === 0x52 && reply[1] === 0x01) {
      this.rawPasteSupported = true;
    } else {
      this.rawPasteSupported = false;
      if (reply[0] === 0x52 && reply[1] === 0x00) {
        // "Understood, but unsupported": MicroPython then prints a fresh '>' prompt.
        await reader.readUntil(new Uint8Array([0x3e]), answerMs, 'the raw prompt after a refused raw-paste');
      } else {
        // An old board echoed something else: wait for it to settle back at the raw prompt.
        await reader.readUntil(RAW_PROMPT, answerMs, 'the raw REPL prompt after a refused raw-paste');
      }
      await this.sendRaw(code, stop);
      return;
    }
    const w = await reader.read(2, answerMs, 'the raw-paste window size');
    const window = w[0] | (w[1] << 8);
    if (window === 0) throw new Error('board announced a raw-paste window of 0 bytes');
    let credit = window;
    let sent = 0;
    while (sent < code.length) {
      // Take every flow-control byte already here; block only when out of credit.
      while (credit === 0 || reader.available > 0) {
        const b = (await reader.read(1, answerMs, 'raw-paste flow control'))[0];
        if (b === CTRL_A) credit += window;
        else if (b === CTRL_D) {
          // The board ended the paste early (e.g. out of memory while receiving).
          this.link.write(new Uint8Array([CTRL_D]));
          return;
        } else throw new Error(`unexpected byte 0x${b.toString(16)} during raw-paste`);
      }
      if (stop.reason) throw stop.reason;
      const n = Math.min(credit, code.length - sent);
      this.link.write(code.subarray(sent, sent + n));
      sent += n;
      credit -= n;
    }
    this.link.write(new Uint8Array([CTRL_D]));
    // The board acknowledges the end of the paste with Ctrl-D, possibly after
    // more credit bytes it sent while we were finishing.
    await reader.readUntil(new Uint8Array([CTRL_D]), answerMs, 'the end of raw-paste acknowledgement');
  }

  /** Plain raw REPL: send everything, Ctrl-D, expect "OK". */
  private async sendRaw(code: Uint8Array, stop: StopState): Promise<void> {
    const { reader } = this.link;
    // Boards without raw-paste read the program into a line buffer: modest chunks.
    // A stop request's Ctrl-C empties that buffer: send nothing after it, or the
    // rest of the program (and the Ctrl-D that runs it) would follow.
    for (let i = 0; i < code.length; i += 256) {
      if (stop.reason) throw stop.reason;
      this.link.write(code.subarray(i, i + 256));
      await delay(1);
    }
    if (stop.reason) throw stop.reason;
    this.link.write(new Uint8Array([CTRL_D]));
    const ok = await reader.read(2, this.timings.answerMs, '"OK" after the program');
    if (ok[0] !== 0x4f || ok[1] !== 0x4b) {
      throw new Error(`board did not accept the program (answered ${JSON.stringify(String.fromCharCode(...ok))})`);
    }
  }

  /** Reads stdout up to Ctrl-D, stderr up to Ctrl-D, then the '>' prompt. */
  private async collectOutput(options: ExecOptions, stop: StopState): Promise<ExecResult> {
    const { reader } = this.link;
    const parts = ['', ''];
    const decoders = [new TextDecoder(), new TextDecoder()];
    const sinks = [options.onStdout, options.onStderr];
    let part = 0;
    while (part < 2) {
      const stopping = stop.reason !== undefined;
      const budget = stopping ? Math.max(1, this.timings.interruptGraceMs - (Date.now() - stop.at)) : Infinity;
      try {
        // Wake on data, or when a stop request starts the grace period.
        await reader.waitFor(
          () => reader.available > 0 || (!stopping && stop.reason !== undefined),
          budget,
          'the program to stop after Ctrl-C',
        );
      } catch (e) {
        throw stop.reason ?? e;
      }
      if (reader.available === 0) continue;
      const chunk = reader.take(reader.available);
      let start = 0;
      for (let i = 0; i < chunk.length && part < 2; i++) {
        if (chunk[i] !== CTRL_D) continue;
        emit(part, chunk.subarray(start, i), true);
        part++;
        start = i + 1;
      }
      if (part < 2) emit(part, chunk.subarray(start), false);
      else if (start < chunk.length) reader.push(chunk.subarray(start)); // the prompt, for the next read
    }
    await reader.readUntil(new Uint8Array([0x3e]), this.timings.answerMs, 'the raw REPL prompt after the program');
    if (stop.reason) throw Object.assign(stop.reason, { result: { stdout: parts[0], stderr: parts[1] } });
    return { stdout: parts[0], stderr: parts[1] };

    function emit(which: number, bytes: Uint8Array, last: boolean) {
      const text = decoders[which].decode(bytes, { stream: !last });
      if (!text) return;
      parts[which] += text;
      sinks[which]?.(text);
    }
  }
}

/** A stop request (timeout or abort) and when it came. */
interface StopState {
  phase: 'send' | 'run';
  reason?: Error;
  at: number;
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
