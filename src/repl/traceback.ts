/** The last frame of a MicroPython traceback, enough to mark the failing line. */
export interface TracebackInfo {
  /** Exception type, e.g. "ValueError", "MemoryError", "KeyboardInterrupt". */
  type: string;
  /** The message after the colon (may be empty). */
  message: string;
  /** Line in the program that was sent (File "<stdin>"), if the traceback names one. */
  line?: number;
  /** The full text as the board printed it. */
  text: string;
}

/**
 * Parses MicroPython's traceback format:
 *   Traceback (most recent call last):
 *     File "<stdin>", line 3, in <module>
 *   ValueError: bad
 * Returns undefined when `stderr` holds no exception line.
 */
export function parseTraceback(stderr: string): TracebackInfo | undefined {
  const lines = stderr
    .replace(/\r/g, '')
    .split('\n')
    .filter((l) => l.trim() !== '');
  if (lines.length === 0) return undefined;
  let line: number | undefined;
  for (const l of lines) {
    const m = /^\s*File "<stdin>", line (\d+)/.exec(l);
    if (m) line = Number(m[1]); // the innermost frame in the program wins
  }
  const last = lines[lines.length - 1];
  const m = /^([A-Za-z_][\w.]*)(?::\s?(.*))?$/.exec(last.trim());
  if (!m) return undefined;
  return { type: m[1], message: m[2] ?? '', line, text: stderr };
}

/** The last line of a traceback (or of any text): the exception and its message. */
export function lastLine(text: string): string {
  const lines = text.trim().split(/\r?\n/);
  return lines[lines.length - 1];
}
