import { parseTraceback } from '../repl/traceback';

/** What the editor and the run banner show about a program that ended with an exception. */
export interface RunError {
  /** Exception class name, e.g. "NameError", "MemoryError". */
  type: string;
  message: string;
  /** 1-based line of the user's program that raised, when the traceback names one. */
  line?: number;
  /** What to do next, where we know it. */
  advice?: string;
  /** One sentence for the banner: what happened and, where we know, what to do next. */
  summary: string;
}

const ADVICE: Record<string, string> = {
  MemoryError:
    'The MicroPython heap ran out of space. The board is still usable: ' +
    'drop references (del name), run gc.collect(), or build smaller objects.',
  KeyboardInterrupt: 'The program was interrupted.',
  SyntaxError: 'Python could not parse the program: check the marked line.',
  IndentationError: 'Check the indentation of the marked line.',
};

/** Turns a traceback (the raw REPL's stderr) into a RunError, or undefined when there is none. */
export function describeTraceback(stderr: string): RunError | undefined {
  if (!stderr.trim()) return undefined;
  const parsed = parseTraceback(stderr);
  const type = parsed?.type || 'Error';
  const message = parsed?.message ?? stderr.trim().split('\n').pop() ?? '';
  const line = parsed?.line;
  const where = line !== undefined ? ` on line ${line}` : '';
  const headline = `${type}${where}${message ? `: ${message}` : ''}`;
  const advice = ADVICE[type];
  return { type, message, line, advice, summary: advice ? `${headline}. ${advice}` : headline };
}
