import { slotKey, type HeapObject, type HeapSnapshot, type SlotValue } from '../model/heap-snapshot';

/**
 * The small language of exercise checks: a Python-like expression over the decoded heap, e.g.
 * `same(list1, list2) and not same(list1, list3)`, `count('list') == 3`, `inline(x)`,
 * `dict1['a'] is list1`, `printed() == 'True\n'`. It is parsed and evaluated here, never handed to
 * `eval`: a lesson file cannot run code in the page.
 */

/** What a check sees: the heap after the program ran, and what the program printed. */
export interface CheckContext {
  snapshot: HeapSnapshot;
  stdout: string;
}

/** A mistake in a check's text (a lesson author's error): says where. */
export class CheckSyntaxError extends Error {
  override name = 'CheckSyntaxError';
}

/** The check could not be evaluated on this heap (a name the program never bound, say). */
export class CheckEvalError extends Error {
  override name = 'CheckEvalError';
}

type Node =
  | { t: 'num'; value: number }
  | { t: 'str'; value: string }
  | { t: 'const'; value: boolean | null }
  | { t: 'name'; name: string }
  | { t: 'index'; target: Node; index: Node }
  | { t: 'attr'; target: Node; name: string }
  | { t: 'call'; fn: string; args: Node[] }
  | { t: 'not'; arg: Node }
  | { t: 'bool'; op: 'and' | 'or'; left: Node; right: Node }
  | { t: 'cmp'; op: string; left: Node; right: Node }
  | { t: 'arith'; op: '+' | '-'; left: Node; right: Node };

/** A parsed check, with its source text for messages. */
export interface Check {
  source: string;
  root: Node;
}

interface Token {
  kind: 'num' | 'str' | 'name' | 'op' | 'end';
  text: string;
  value?: number | string;
  at: number;
}

const OPERATORS = ['==', '!=', '<=', '>=', '<', '>', '(', ')', '[', ']', ',', '.', '+', '-'];

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const at = i;
    if (/[0-9]/.test(c)) {
      const m = /^[0-9]+/.exec(source.slice(i))![0];
      tokens.push({ kind: 'num', text: m, value: Number(m), at });
      i += m.length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i))![0];
      tokens.push({ kind: 'name', text: m, at });
      i += m.length;
    } else if (c === "'" || c === '"') {
      let value = '';
      i++;
      while (i < source.length && source[i] !== c) {
        if (source[i] === '\\' && i + 1 < source.length) {
          const e = source[i + 1];
          value += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          i += 2;
        } else value += source[i++];
      }
      if (i >= source.length) throw new CheckSyntaxError(`unclosed string at column ${at + 1} of "${source}"`);
      i++;
      tokens.push({ kind: 'str', text: source.slice(at, i), value, at });
    } else {
      const op = OPERATORS.find((o) => source.startsWith(o, i));
      if (!op) throw new CheckSyntaxError(`unexpected "${c}" at column ${at + 1} of "${source}"`);
      tokens.push({ kind: 'op', text: op, at });
      i += op.length;
    }
  }
  tokens.push({ kind: 'end', text: '', at: source.length });
  return tokens;
}

/** Parses a check; throws CheckSyntaxError saying where it went wrong. */
export function parseCheck(source: string): Check {
  const tokens = tokenize(source);
  let pos = 0;
  const peek = () => tokens[pos];
  const fail = (what: string): never => {
    const token = peek();
    throw new CheckSyntaxError(
      `${what} at column ${token.at + 1} of "${source}"${token.kind === 'end' ? ' (it ended early)' : ''}`,
    );
  };
  const accept = (text: string): boolean => {
    const token = peek();
    if ((token.kind === 'op' || token.kind === 'name') && token.text === text) {
      pos++;
      return true;
    }
    return false;
  };
  const expect = (text: string) => {
    if (!accept(text)) fail(`expected "${text}"`);
  };

  const orExpr = (): Node => {
    let left = andExpr();
    while (accept('or')) left = { t: 'bool', op: 'or', left, right: andExpr() };
    return left;
  };
  const andExpr = (): Node => {
    let left = notExpr();
    while (accept('and')) left = { t: 'bool', op: 'and', left, right: notExpr() };
    return left;
  };
  const notExpr = (): Node => (accept('not') ? { t: 'not', arg: notExpr() } : comparison());
  const comparison = (): Node => {
    const left = sum();
    const token = peek();
    if (token.kind === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(token.text)) {
      pos++;
      return { t: 'cmp', op: token.text, left, right: sum() };
    }
    if (accept('is')) return { t: 'cmp', op: accept('not') ? 'is not' : 'is', left, right: sum() };
    return left;
  };
  const sum = (): Node => {
    let left = postfix();
    for (let token = peek(); token.kind === 'op' && (token.text === '+' || token.text === '-'); token = peek()) {
      pos++;
      left = { t: 'arith', op: token.text, left, right: postfix() };
    }
    return left;
  };
  const postfix = (): Node => {
    let node = primary();
    for (;;) {
      if (accept('[')) {
        node = { t: 'index', target: node, index: orExpr() };
        expect(']');
      } else if (accept('.')) {
        const token = peek();
        if (token.kind !== 'name') fail('expected an attribute name');
        pos++;
        node = { t: 'attr', target: node, name: token.text };
      } else if (peek().text === '(' && peek().kind === 'op') {
        if (node.t !== 'name') fail('only the check functions can be called');
        pos++;
        const args: Node[] = [];
        if (!accept(')')) {
          do args.push(orExpr());
          while (accept(','));
          expect(')');
        }
        node = { t: 'call', fn: (node as { name: string }).name, args };
      } else return node;
    }
  };
  const primary = (): Node => {
    const token = peek();
    if (token.kind === 'num') {
      pos++;
      return { t: 'num', value: token.value as number };
    }
    if (token.kind === 'str') {
      pos++;
      return { t: 'str', value: token.value as string };
    }
    if (token.kind === 'op' && token.text === '-') {
      pos++;
      const inner = primary();
      if (inner.t !== 'num') fail('"-" only goes before a number');
      return { t: 'num', value: -(inner as { value: number }).value };
    }
    if (accept('(')) {
      const inner = orExpr();
      expect(')');
      return inner;
    }
    if (token.kind === 'name') {
      pos++;
      if (token.text === 'True' || token.text === 'False') return { t: 'const', value: token.text === 'True' };
      if (token.text === 'None') return { t: 'const', value: null };
      if (['and', 'or', 'not', 'is'].includes(token.text)) fail(`unexpected "${token.text}"`);
      return { t: 'name', name: token.text };
    }
    return fail('expected a name, number or string');
  };

  const root = orExpr();
  if (peek().kind !== 'end') fail(`unexpected "${peek().text}"`);
  for (const name of calledFunctions(root))
    if (!(name in FUNCTIONS))
      throw new CheckSyntaxError(`unknown function ${name}() in "${source}": use ${Object.keys(FUNCTIONS).join(', ')}`);
  return { source, root };
}

function calledFunctions(node: Node): string[] {
  switch (node.t) {
    case 'call':
      return [node.fn, ...node.args.flatMap(calledFunctions)];
    case 'index':
      return [...calledFunctions(node.target), ...calledFunctions(node.index)];
    case 'attr':
      return calledFunctions(node.target);
    case 'not':
      return calledFunctions(node.arg);
    case 'bool':
    case 'cmp':
    case 'arith':
      return [...calledFunctions(node.left), ...calledFunctions(node.right)];
    default:
      return [];
  }
}

/** A name or a path from it (`dict1['a']`), and what it refers to on the heap. */
export interface HeapPath {
  path: string;
  slot: SlotValue;
  object: HeapObject | undefined;
}

type Value = number | string | boolean | null | HeapPath;

const isPath = (v: Value): v is HeapPath => typeof v === 'object' && v !== null;

/** Resolves names the way the program sees them: the innermost call's locals, then the globals. */
export function lookupName(snapshot: HeapSnapshot, name: string): SlotValue | undefined {
  for (const frame of [...(snapshot.frames ?? [])].reverse()) {
    const local = frame.locals.find((l) => l.name === name);
    if (local) return local.value;
  }
  return snapshot.globals.find((g) => g.name === name)?.value;
}

/** One heap fact a check relied on, for feedback ("list1 → list at 0x2000a1c0"). */
export type Observation = string;

/** The result of a check: its value and what it looked at. */
export interface CheckResult {
  value: boolean;
  observations: Observation[];
}

/** Evaluates `check` on a heap; throws CheckEvalError if it refers to what is not there. */
export function evaluateCheck(check: Check, context: CheckContext): CheckResult {
  const observations: Observation[] = [];
  const value = new Evaluator(context, check.source, observations).truth(check.root);
  return { value, observations: [...new Set(observations)] };
}

/** Evaluates any expression (the answer an exercise reveals, such as `count('list')`). */
export function evaluateValue(check: Check, context: CheckContext): { value: unknown; observations: Observation[] } {
  const observations: Observation[] = [];
  const raw = new Evaluator(context, check.source, observations).value(check.root);
  return { value: isPath(raw) ? describePath(raw) : raw, observations: [...new Set(observations)] };
}

/** "list1 → list at 0x2000a1c0" or "n → 5 (inline: not a heap object)". */
export function describePath(path: HeapPath): string {
  if ('inline' in path.slot) return `${path.path} → ${path.slot.inline} (inline: not a heap object)`;
  const object = path.object;
  if (!object) return `${path.path} → ${path.slot.ref}`;
  return `${path.path} → ${object.type} at ${object.address}${object.heap ? '' : ' (outside the heap)'}`;
}

/** The Python type name of an inline value, from its repr. */
function inlineType(repr: string): string {
  if (repr === 'None') return 'NoneType';
  if (repr === 'True' || repr === 'False') return 'bool';
  if (/^-?[0-9]+$/.test(repr)) return 'int';
  if (/^['"]/.test(repr)) return 'str';
  return 'object';
}

type Fn = (ev: Evaluator, args: Node[]) => Value;

const FUNCTIONS: Record<string, Fn> = {
  /** Both refer to one object (or are the same inline value): what `is` tests. */
  same: (ev, args) => {
    ev.arity('same', args, 2);
    const [a, b] = args.map((n) => ev.path(n));
    return slotKey(a.slot) === slotKey(b.slot);
  },
  /** The value is stored in the reference itself (small int, interned string, None, True, False). */
  inline: (ev, args) => {
    ev.arity('inline', args, 1);
    return 'inline' in ev.path(args[0]).slot;
  },
  /** The value is an object in the GC heap. */
  heap: (ev, args) => {
    ev.arity('heap', args, 1);
    return ev.path(args[0]).object?.heap === true;
  },
  type: (ev, args) => {
    ev.arity('type', args, 1);
    const p = ev.path(args[0]);
    return 'inline' in p.slot ? inlineType(p.slot.inline) : (p.object?.type ?? 'object');
  },
  len: (ev, args) => {
    ev.arity('len', args, 1);
    const p = ev.path(args[0]);
    if (p.object?.length === undefined) throw new CheckEvalError(`len(${p.path}): it has no length on the heap`);
    return p.object.length;
  },
  /** Bytes of the object and the buffers it owns. */
  size: (ev, args) => {
    ev.arity('size', args, 1);
    const p = ev.path(args[0]);
    return p.object?.bytes ?? 0;
  },
  /** Live heap objects (reachable from the program's names) of a type, or of every type. */
  count: (ev, args) => ev.countObjects('count', args, (o) => o.heap && o.reachable && o.role === 'live'),
  /** Unreachable objects the next gc.collect() frees. */
  garbage: (ev, args) => ev.countObjects('garbage', args, (o) => o.heap && o.role === 'garbage'),
  printed: (ev, args) => {
    ev.arity('printed', args, 0);
    return ev.context.stdout.replace(/\r\n/g, '\n');
  },
  free: (ev, args) => (ev.arity('free', args, 0), ev.context.snapshot.heap.freeBytes),
  used: (ev, args) => (ev.arity('used', args, 0), ev.context.snapshot.heap.usedBytes),
  largest_free: (ev, args) => (ev.arity('largest_free', args, 0), ev.context.snapshot.heap.largestFreeBytes),
};

/** The names of the check functions, for authors' messages. */
export const CHECK_FUNCTIONS = Object.keys(FUNCTIONS);

class Evaluator {
  private readonly byAddress: Map<string, HeapObject>;

  constructor(
    readonly context: CheckContext,
    private readonly source: string,
    private readonly observations: Observation[],
  ) {
    this.byAddress = new Map(context.snapshot.objects.map((o) => [o.address, o]));
  }

  arity(fn: string, args: Node[], n: number): void {
    if (args.length !== n)
      throw new CheckEvalError(`${fn}() takes ${n} argument${n === 1 ? '' : 's'} in "${this.source}"`);
  }

  countObjects(fn: string, args: Node[], keep: (o: HeapObject) => boolean): number {
    if (args.length > 1) throw new CheckEvalError(`${fn}() takes at most one type name in "${this.source}"`);
    const type = args.length === 1 ? this.value(args[0]) : undefined;
    if (type !== undefined && typeof type !== 'string')
      throw new CheckEvalError(`${fn}() takes a type name such as 'list' in "${this.source}"`);
    const found = this.context.snapshot.objects.filter((o) => keep(o) && (type === undefined || o.type === type));
    this.observations.push(
      `${fn}(${type === undefined ? '' : `'${type}'`}) = ${found.length}` +
        (found.length > 0 && found.length <= 8 ? `: ${found.map((o) => `${o.type} at ${o.address}`).join(', ')}` : ''),
    );
    return found.length;
  }

  truth(node: Node): boolean {
    const v = this.value(node);
    if (isPath(v)) throw new CheckEvalError(`"${v.path}" is an object, not True or False, in "${this.source}"`);
    return Boolean(v);
  }

  path(node: Node): HeapPath {
    const v = this.value(node);
    if (!isPath(v)) throw new CheckEvalError(`expected a name (such as list1) in "${this.source}"`);
    this.observations.push(describePath(v));
    return v;
  }

  value(node: Node): Value {
    switch (node.t) {
      case 'num':
      case 'str':
      case 'const':
        return node.value;
      case 'name': {
        const slot = lookupName(this.context.snapshot, node.name);
        if (!slot) throw new CheckEvalError(`the program left no variable named ${node.name}`);
        return this.at(node.name, slot);
      }
      case 'index':
      case 'attr': {
        const target = this.value(node.target);
        if (!isPath(target))
          throw new CheckEvalError(`only objects on the heap can be looked into, in "${this.source}"`);
        let label: string;
        let shown: string;
        if (node.t === 'attr') {
          label = `.${node.name}`;
          shown = `${target.path}.${node.name}`;
        } else {
          const key = this.value(node.index);
          if (typeof key === 'number') label = `[${key}]`;
          else if (typeof key === 'string') label = `['${key}']`;
          else throw new CheckEvalError(`an index must be a number or a string, in "${this.source}"`);
          shown = `${target.path}${label}`;
        }
        const ref = target.object?.refs.find((r) => r.label === label);
        if (!ref) throw new CheckEvalError(`${shown} is not on the heap (${describePath(target)})`);
        return this.at(shown, ref.target);
      }
      case 'call':
        return FUNCTIONS[node.fn](this, node.args);
      case 'not':
        return !this.truth(node.arg);
      case 'bool':
        return node.op === 'and'
          ? this.truth(node.left) && this.truth(node.right)
          : this.truth(node.left) || this.truth(node.right);
      case 'arith': {
        const [a, b] = [this.plain(node.left), this.plain(node.right)];
        if (typeof a !== 'number' || typeof b !== 'number')
          throw new CheckEvalError(`"${node.op}" needs two numbers, in "${this.source}"`);
        return node.op === '+' ? a + b : a - b;
      }
      case 'cmp': {
        if (node.op === 'is' || node.op === 'is not') {
          const same = FUNCTIONS.same(this, [node.left, node.right]) as boolean;
          return node.op === 'is' ? same : !same;
        }
        const [a, b] = [this.plain(node.left), this.plain(node.right)];
        switch (node.op) {
          case '==':
            return a === b;
          case '!=':
            return a !== b;
        }
        if (typeof a !== 'number' || typeof b !== 'number')
          throw new CheckEvalError(`"${node.op}" compares numbers, in "${this.source}"`);
        return node.op === '<' ? a < b : node.op === '<=' ? a <= b : node.op === '>' ? a > b : a >= b;
      }
    }
  }

  /** A value to compare: a number or string; an inline int or string on the heap counts as its value. */
  plain(node: Node): number | string | boolean | null {
    const v = this.value(node);
    if (!isPath(v)) return v;
    this.observations.push(describePath(v));
    if ('inline' in v.slot) {
      const repr = v.slot.inline;
      if (/^-?[0-9]+$/.test(repr)) return Number(repr);
      if (repr === 'True' || repr === 'False') return repr === 'True';
      if (repr === 'None') return null;
      const quoted = /^'(.*)'$|^"(.*)"$/s.exec(repr);
      if (quoted) return quoted[1] ?? quoted[2];
    }
    throw new CheckEvalError(`${v.path} is an object: compare objects with "is" or same(), in "${this.source}"`);
  }

  private at(path: string, slot: SlotValue): HeapPath {
    return { path, slot, object: 'ref' in slot ? this.byAddress.get(slot.ref) : undefined };
  }
}
