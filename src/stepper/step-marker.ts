/**
 * What the instrumented program says at each step, on its own output line, and how the stepper
 * reads it back. One `print` of constants and small ints (a builtin call: nothing allocated on the
 * heap), then the program waits for one byte of input before it goes on:
 *
 *   ESC "PHL" <line>                                    module code
 *   ESC "PHL" <line> <frame> <function> (<name> <id>)*  inside a call
 *
 * `<id>` is `id(name)`: MicroPython's object word (a heap address, or a small int or interned
 * string encoded in the word itself).
 */
export const MARKER = '\x1bPHL';
/** How every line the lab's own code prints starts (steps, returns, memory replies): held until complete. */
export const LAB_LINE = '\x1bPH';
/** Said when a call ends: ESC "PHR" <frame>. */
export const LEAVE_MARKER = '\x1bPHR';

export interface StepMarker {
  /** The learner's line about to run. */
  line: number;
  /** 0 in module code; else the call's token (one per call, from the enter hook). */
  frame: number;
  function: string;
  locals: { name: string; word: number }[];
}

/** Python that defines what the step statements use; run once before the program. */
export const STEP_SETUP = [
  'import sys',
  '__phl_in = sys.stdin.buffer',
  '__phl_b = bytearray(1)',
  '__phl_n = [0]',
  'def __phl_enter(name):',
  '    __phl_n[0] += 1',
  '    return __phl_n[0]',
  'def __phl_ret(frame, value):',
  "    print('\\x1bPHR', frame)",
  '    return value',
  'del sys',
].join('\n');

/**
 * Python that removes what STEP_SETUP defined once the program has ended, and collects what it
 * and the program left (so the heap after stepping shows none of the stepper's own objects). Names
 * that last the whole boot (`__phl__…`, the memory server) stay.
 */
export const STEP_CLEANUP =
  "[globals().pop(k) for k in [k for k in globals() if k.startswith('__phl_') and not k.startswith('__phl__')]]\n" +
  "__import__('gc').collect()";

/** What a call that runs off the end of its body says. */
export function leaveStatement(frame: string): string {
  return `print('\\x1bPHR', ${frame})`;
}

/** How the program waits for the stepper's "go on" (one byte) where the board's memory is copied from outside. */
export const WAIT_CALL = '__phl_in.readinto(__phl_b)';

/** The statement instrument() puts before each line: report, then wait for the stepper. */
export function stepStatement(args: string, wait = WAIT_CALL): string {
  return `print('\\x1bPHL', ${args}); ${wait}`;
}

/** The frame token of a leave marker line, or undefined when the line is not one. */
export function parseLeave(line: string): number | undefined {
  if (!line.startsWith(`${LEAVE_MARKER} `)) return undefined;
  const token = Number(line.slice(LEAVE_MARKER.length + 1).trim());
  return Number.isInteger(token) && token > 0 ? token : undefined;
}

/** The marker in one output line (without its line end), or undefined when the line is not one. */
export function parseMarker(line: string): StepMarker | undefined {
  if (!line.startsWith(`${MARKER} `)) return undefined;
  const parts = line
    .slice(MARKER.length + 1)
    .trim()
    .split(' ');
  const numbers = (i: number) => Number(parts[i]);
  if (parts.length === 0 || !Number.isInteger(numbers(0))) return undefined;
  if (parts.length === 1) return { line: numbers(0), frame: 0, function: '', locals: [] };
  if (parts.length < 3 || (parts.length - 3) % 2 !== 0 || !Number.isInteger(numbers(1))) return undefined;
  const locals: StepMarker['locals'] = [];
  for (let i = 3; i < parts.length; i += 2) {
    const word = numbers(i + 1);
    if (!Number.isInteger(word)) return undefined;
    locals.push({ name: parts[i], word: word >>> 0 });
  }
  return { line: numbers(0), frame: numbers(1), function: parts[2], locals };
}
