import { parser } from '@lezer/python';
import type { SyntaxNode, Tree } from '@lezer/common';

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
  const { line, column } = position(source, at);
  const shown = source.slice(at).split('\n')[0].trim();
  return {
    line,
    column,
    message: shown ? `invalid syntax near "${shown.slice(0, 20)}"` : 'invalid syntax (the line is incomplete)',
  };
}

/** Instruments `source`; a program that does not parse gives its first syntax error instead. */
export function instrument(source: string, hook = DEFAULT_HOOK): Instrumented | { error: SyntaxProblem } {
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

  // The 0-based lines that get a hook, with the indentation of their statement.
  const hooks = new Map<number, string>();
  const visit = (node: SyntaxNode) => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (BLOCKS.has(node.name) && isStatement(child)) {
        const line = lineOf(child.from);
        const indent = source.slice(lineStarts[line], child.from);
        if (/^[ \t]*$/.test(indent) && !hooks.has(line)) hooks.set(line, indent);
      }
      visit(child);
    }
  };
  visit(tree.topNode);

  const sourceLines = source.split('\n');
  const out: string[] = [];
  const lineMap: number[] = [];
  sourceLines.forEach((text, i) => {
    const indent = hooks.get(i);
    if (indent !== undefined) {
      out.push(`${indent}${hook}(${i + 1})`);
      lineMap.push(i + 1);
    }
    out.push(text);
    lineMap.push(i + 1);
  });
  return { code: out.join('\n'), lineMap, stepLines: [...hooks.keys()].map((l) => l + 1).sort((a, b) => a - b) };
}

/**
 * A traceback from the instrumented program, with its `File "<stdin>", line N` numbers turned
 * back into the learner's lines.
 */
export function mapTraceback(text: string, lineMap: readonly number[], file = '<stdin>'): string {
  const pattern = new RegExp(`(File "${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}", line )(\\d+)`, 'g');
  return text.replace(pattern, (_, prefix: string, n: string) => `${prefix}${lineMap[Number(n) - 1] ?? n}`);
}

function isStatement(node: SyntaxNode): boolean {
  return /Statement$|^FunctionDefinition$|^ClassDefinition$|^StatementGroup$/.test(node.name);
}

function position(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}
