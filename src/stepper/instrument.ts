import { parser } from '@lezer/python';
import type { SyntaxNode, Tree } from '@lezer/common';
import { analyseFunction, isStatement, type FunctionScope } from './bound-names';

/**
 * Turns a learner's program into one that calls a hook before each line it runs, so the stepper
 * can pause there (MicroPython on a Pico has no sys.settrace). Parsed with a real Python grammar
 * (@lezer/python): hooks go only between whole statements, never into a string, a bracketed
 * continuation or a decorator chain.
 *
 * - A statement that starts a line gets `<indent><hook>(<line>)` on a line of its own just before
 *   it, at its own indentation: statements inside functions, loops, `try`/`with` bodies and class
 *   bodies included, so steps go into calls and through each loop iteration.
 * - Several statements on one line (`a = 1; b = a`) or a body on its header's line (`if x: y`)
 *   make one step, the line's.
 * - `elif`/`else`/`except`/`finally` lines get no hook of their own (nothing can stand before
 *   them); their bodies' statements do.
 * - Inside a function the hook also gets the call's frame, the function's name and its locals:
 *   `<hook>(line, __phl_frame, 'add', 'xs', id(xs), …)`, only the names certainly bound there
 *   (bound-names.ts), and the function's first line is `__phl_frame = <enter>('name')`: one token
 *   per call, so the stepper tells a recursive call from its caller and sees when a call returned
 *   (the next step belongs to a frame below it). `id()` gives MicroPython's object word: a heap
 *   address, or a small int or interned string encoded in the word itself.
 */
export interface Instrumented {
  /** The program with the hook calls in it. */
  code: string;
  /** For each line of `code` (index 0 = line 1), the learner's line it stands for. */
  lineMap: number[];
  /** The learner's lines that can be stepped to, ascending. */
  stepLines: number[];
}

export interface SyntaxProblem {
  /** 1-based line and column of the first place the parser could not read. */
  line: number;
  column: number;
  message: string;
}

export const DEFAULT_HOOK = '__phl_step';
/** Called once per function call, first thing: returns a token for the call's frame. */
export const ENTER_HOOK = '__phl_enter';
/** The local holding that token. */
export const FRAME_LOCAL = '__phl_frame';
/** Said when a call runs off the end of its body. */
export const LEAVE_HOOK = '__phl_leave';
/** Wraps what a `return` gives back: says the call ends, returns the value. */
export const RETURN_HOOK = '__phl_ret';

/** Statement nodes that hold statements (the program, and every indented block). */
const BLOCKS = new Set(['Script', 'Body']);

/** The first syntax error in `source`, or undefined when it parses. */
export function findSyntaxError(source: string, tree: Tree = parser.parse(source)): SyntaxProblem | undefined {
  let at: number | undefined;
  tree.iterate({
    enter(node) {
      if (at !== undefined) return false;
      if (node.type.isError) at = node.from;
      return undefined;
    },
  });
  if (at === undefined) return undefined;
  // A bracket left open before the error is what the learner has to fix, not the line the parser
  // gave up on (often the next statement).
  const open = unclosedBracket(source, at);
  if (open !== undefined && position(source, open).line < position(source, at).line) {
    const where = position(source, open);
    return { ...where, message: `'${source[open]}' was never closed` };
  }
  const { line, column } = position(source, at);
  const shown = source.slice(at).split('\n')[0].trim();
  return {
    line,
    column,
    message: shown ? `invalid syntax near "${shown.slice(0, 20)}"` : 'invalid syntax (the line is incomplete)',
  };
}

/** The offset of the innermost bracket still open at `end` (strings and comments skipped), if any. */
function unclosedBracket(source: string, end: number): number | undefined {
  const stack: number[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  for (let i = 0; i < end; i++) {
    const c = source[i];
    if (c === '#') {
      while (i < end && source[i] !== '\n') i++;
    } else if (c === '"' || c === "'") {
      const quote = source.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      i += quote.length;
      while (i < end && !source.startsWith(quote, i)) {
        if (source[i] === '\\') i++;
        else if (quote.length === 1 && source[i] === '\n') break; // an unterminated string ends with its line
        i++;
      }
      i += quote.length - 1;
    } else if (c === '(' || c === '[' || c === '{') stack.push(i);
    else if (c in pairs) {
      if (stack.length === 0 || source[stack[stack.length - 1]] !== pairs[c]) return undefined; // mismatched: say nothing
      stack.pop();
    }
  }
  return stack.at(-1);
}

/** Instruments `source`; a program that does not parse gives its first syntax error instead. */
export interface InstrumentOptions {
  /** The statement that makes a step, given the hook's arguments (default: a call of DEFAULT_HOOK). */
  step?: (args: string) => string;
  /** The statement that ends a call that ran off the end of its body, given the frame's local. */
  leave?: (frame: string) => string;
  /** The expression a `return` hands back instead of `value` (it says the call ends, then gives `value`). */
  returning?: (frame: string, value: string) => string;
}

export function instrument(source: string, options: InstrumentOptions = {}): Instrumented | { error: SyntaxProblem } {
  const stepStatement = options.step ?? ((args) => `${DEFAULT_HOOK}(${args})`);
  const leaveStatement = options.leave ?? ((frame) => `${LEAVE_HOOK}(${frame})`);
  const returning = options.returning ?? ((frame, value) => `${RETURN_HOOK}(${frame}, ${value})`);
  const tree = parser.parse(source);
  const error = findSyntaxError(source, tree);
  if (error) return { error };

  const lineStarts = [0];
  for (let i = 0; i < source.length; i++) if (source[i] === '\n') lineStarts.push(i + 1);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo; // 0-based
  };

  const text = (node: SyntaxNode) => source.slice(node.from, node.to);
  const indentOf = (offset: number): string | undefined => {
    const line = lineOf(offset);
    const indent = source.slice(lineStarts[line], offset);
    return /^[ \t]*$/.test(indent) ? indent : undefined;
  };

  // Lines (0-based) that get inserted lines before them: a function's entry line, then the step.
  const inserts = new Map<number, string[]>();
  const stepLines = new Set<number>();
  const insert = (line: number, code: string) => inserts.set(line, [...(inserts.get(line) ?? []), code]);
  /** Replacements inside lines (the line count stays the same), by source offset. */
  const edits: { from: number; to: number; text: string }[] = [];

  interface Scope {
    name: string;
    analysis: FunctionScope;
  }
  const visit = (node: SyntaxNode, scope: Scope | undefined) => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      let inner = scope;
      if (child.name === 'FunctionDefinition') {
        const name = child.getChild('VariableName');
        inner = { name: name ? text(name) : '?', analysis: analyseFunction(child, text) };
        enterAndLeaveHooks(child, inner.name);
      } else if (child.name === 'ClassDefinition') inner = undefined; // a class body runs like module code
      if (child.name === 'ReturnStatement' && scope) {
        const keyword = child.firstChild;
        const value = keyword?.nextSibling;
        edits.push(
          value
            ? {
                from: value.from,
                to: child.to,
                text: returning(FRAME_LOCAL, `(${source.slice(value.from, child.to)})`),
              }
            : { from: child.to, to: child.to, text: ` ${returning(FRAME_LOCAL, 'None')}` },
        );
      }
      if (BLOCKS.has(node.name) && isStatement(child)) {
        const line = lineOf(child.from);
        const indent = indentOf(child.from);
        if (indent !== undefined && !stepLines.has(line)) {
          stepLines.add(line);
          const names = scope?.analysis.boundBefore.get(child.from) ?? [];
          const locals = names.map((n) => `, '${n}', id(${n})`).join('');
          const frame = scope ? `, ${FRAME_LOCAL}, '${scope.name}'${locals}` : '';
          insert(line, `${indent}${stepStatement(`${line + 1}${frame}`)}`);
        }
      }
      visit(child, inner);
    }
  };
  /**
   * `__phl_frame = __phl_enter('name')` before the first statement of a function body on lines
   * of its own, and the leave statement after its last one (a call that runs off its end).
   */
  const tail: string[] = [];
  const enterAndLeaveHooks = (def: SyntaxNode, name: string) => {
    const body = def.getChild('Body');
    const statements: SyntaxNode[] = [];
    for (let c = body?.firstChild; c; c = c.nextSibling) if (isStatement(c)) statements.push(c);
    const first = statements[0];
    const last = statements[statements.length - 1];
    if (!first || !last) return;
    const indent = indentOf(first.from);
    if (indent === undefined) return;
    insert(lineOf(first.from), `${indent}${FRAME_LOCAL} = ${ENTER_HOOK}('${name}')`);
    const after = lineOf(last.to - 1) + 1;
    const leave = `${indent}${leaveStatement(FRAME_LOCAL)}`;
    if (after < lineStarts.length) insert(after, leave);
    else tail.push(leave);
  };
  visit(tree.topNode, undefined);

  let edited = source;
  for (const edit of edits.sort((a, b) => b.from - a.from))
    edited = edited.slice(0, edit.from) + edit.text + edited.slice(edit.to);
  const out: string[] = [];
  const lineMap: number[] = [];
  const lines = edited.split('\n');
  lines.forEach((line, i) => {
    for (const code of inserts.get(i) ?? []) {
      out.push(code);
      lineMap.push(i + 1);
    }
    out.push(line);
    lineMap.push(i + 1);
  });
  for (const code of tail) {
    out.push(code);
    lineMap.push(lines.length);
  }
  return { code: out.join('\n'), lineMap, stepLines: [...stepLines].map((l) => l + 1).sort((a, b) => a - b) };
}

/**
 * A traceback from the instrumented program, with its `File "<stdin>", line N` numbers turned
 * back into the learner's lines.
 */
export function mapTraceback(text: string, lineMap: readonly number[], file = '<stdin>'): string {
  const pattern = new RegExp(`(File "${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}", line )(\\d+)`, 'g');
  return text.replace(pattern, (_, prefix: string, n: string) => `${prefix}${lineMap[Number(n) - 1] ?? n}`);
}

function position(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}
