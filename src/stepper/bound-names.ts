import type { SyntaxNode } from '@lezer/common';

/**
 * Which of a function's local names are certainly bound before each of its statements: the
 * stepper's hook reads them (`id(name)`), and reading an unbound local raises. Conservative: a
 * name counts once every path to the statement has bound it (parameters; assignments earlier in
 * the same block or an enclosing one; all branches of an `if` with an `else`; a `with` target;
 * the loop variable inside its `for`; the exception name inside its handler). `del` unbinds.
 * Names declared `global`/`nonlocal` are not locals.
 */
export interface FunctionScope {
  /** Statement start offset → the names bound before it, in the order they were first bound. */
  readonly boundBefore: Map<number, string[]>;
}

type Names = readonly string[];

const union = (a: Names, b: Iterable<string>): string[] => {
  const out = [...a];
  for (const n of b) if (!out.includes(n)) out.push(n);
  return out;
};

/** Analyses the function `def` node (a FunctionDefinition). */
export function analyseFunction(def: SyntaxNode, text: (node: SyntaxNode) => string): FunctionScope {
  const boundBefore = new Map<number, string[]>();
  const body = def.getChild('Body');
  const notLocal = new Set<string>();
  if (body) collectScopeDeclarations(body, text, notLocal);
  const keep = (names: Iterable<string>) => [...names].filter((n) => !notLocal.has(n));
  const params = keep(parameters(def.getChild('ParamList'), text));

  const block = (node: SyntaxNode, entry: Names): string[] => {
    let bound = [...entry];
    for (let s = node.firstChild; s; s = s.nextSibling) {
      if (!isStatement(s)) continue;
      boundBefore.set(s.from, bound);
      bound = statement(s, bound);
    }
    return bound;
  };

  const statement = (s: SyntaxNode, bound: Names): string[] => {
    switch (s.name) {
      case 'StatementGroup':
        return block(s, bound);
      case 'AssignStatement':
        return union(bound, keep(assignTargets(s, text)));
      case 'ImportStatement':
        return union(bound, keep(importNames(s, text)));
      case 'FunctionDefinition':
      case 'ClassDefinition':
        return union(bound, keep(nameOf(s, text)));
      case 'DecoratedStatement': {
        const inner = s.getChild('FunctionDefinition') ?? s.getChild('ClassDefinition');
        return inner ? union(bound, keep(nameOf(inner, text))) : [...bound];
      }
      case 'DeleteStatement': {
        const gone = new Set(directNames(s, text));
        return bound.filter((n) => !gone.has(n));
      }
      case 'IfStatement': {
        const bodies = s.getChildren('Body');
        const outs = bodies.map((b) => block(b, bound));
        const hasElse = s.getChild('else') !== null;
        if (!hasElse) return [...bound];
        return outs.reduce((acc, out) => acc.filter((n) => out.includes(n)), outs[0] ?? [...bound]);
      }
      case 'ForStatement': {
        const targets = keep(forTargets(s, text));
        for (const b of s.getChildren('Body')) block(b, union(bound, targets));
        return [...bound];
      }
      case 'WhileStatement':
        for (const b of s.getChildren('Body')) block(b, bound);
        return [...bound];
      case 'WithStatement': {
        const targets = keep(afterAs(s, text));
        const body = s.getChild('Body');
        return body ? block(body, union(bound, targets)) : union(bound, targets);
      }
      case 'TryStatement': {
        // Each handler's body has its "as" name; the rest runs from what was bound before the try.
        let as: string[] = [];
        for (let c = s.firstChild; c; c = c.nextSibling) {
          if (c.name === 'except') as = [];
          else if (c.name === 'as') {
            const name = c.nextSibling;
            if (name?.name === 'VariableName') as = keep([text(name)]);
          } else if (c.name === 'Body') {
            block(c, union(bound, as));
            as = [];
          }
        }
        return [...bound];
      }
      default:
        return [...bound]; // expressions, returns, global/nonlocal, update statements bind nothing new
    }
  };

  if (body) block(body, params);
  return { boundBefore };
}

export function isStatement(node: SyntaxNode): boolean {
  return /Statement$|^FunctionDefinition$|^ClassDefinition$|^StatementGroup$/.test(node.name);
}

/** global/nonlocal names anywhere in this function's own body (not in nested functions or classes). */
function collectScopeDeclarations(node: SyntaxNode, text: (n: SyntaxNode) => string, out: Set<string>): void {
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.name === 'FunctionDefinition' || c.name === 'ClassDefinition' || c.name === 'DecoratedStatement') continue;
    if (c.name === 'ScopeStatement') for (const n of directNames(c, text)) out.add(n);
    else collectScopeDeclarations(c, text, out);
  }
}

function parameters(list: SyntaxNode | null, text: (n: SyntaxNode) => string): string[] {
  if (!list) return [];
  const names: string[] = [];
  let afterAssign = false;
  for (let c = list.firstChild; c; c = c.nextSibling) {
    if (c.name === 'AssignOp') afterAssign = true;
    else if (c.name === ',') afterAssign = false;
    else if (c.name === 'VariableName' && !afterAssign) names.push(text(c));
  }
  return names;
}

function directNames(node: SyntaxNode, text: (n: SyntaxNode) => string): string[] {
  return node.getChildren('VariableName').map(text);
}

/** Names (not attributes or items) on the left of the last `=`, tuples and lists unpacked. */
function assignTargets(s: SyntaxNode, text: (n: SyntaxNode) => string): string[] {
  const ops = s.getChildren('AssignOp');
  const last = ops[ops.length - 1];
  if (!last) return [];
  const names: string[] = [];
  const collect = (n: SyntaxNode) => {
    if (n.name === 'VariableName') names.push(text(n));
    else if (n.name === 'TupleExpression' || n.name === 'ArrayExpression' || n.name === 'ParenthesizedExpression')
      for (let c = n.firstChild; c; c = c.nextSibling) collect(c);
  };
  for (let c = s.firstChild; c && c.from < last.from; c = c.nextSibling) collect(c);
  return names;
}

function forTargets(s: SyntaxNode, text: (n: SyntaxNode) => string): string[] {
  const names: string[] = [];
  const collect = (n: SyntaxNode) => {
    if (n.name === 'VariableName') names.push(text(n));
    else if (n.name === 'TupleExpression' || n.name === 'ArrayExpression')
      for (let c = n.firstChild; c; c = c.nextSibling) collect(c);
  };
  for (let c = s.firstChild; c && c.name !== 'in'; c = c.nextSibling) collect(c);
  return names;
}

function afterAs(s: SyntaxNode, text: (n: SyntaxNode) => string): string[] {
  const names: string[] = [];
  for (let c = s.firstChild; c; c = c.nextSibling)
    if (c.name === 'as' && c.nextSibling?.name === 'VariableName') names.push(text(c.nextSibling));
  return names;
}

/** `import a.b` binds a; `import a as b`, `from m import a as b` bind b; `from m import a` binds a. */
function importNames(s: SyntaxNode, text: (n: SyntaxNode) => string): string[] {
  const names: string[] = [];
  let seenImport = false;
  let previous: SyntaxNode | null = null;
  for (let c = s.firstChild; c; previous = c, c = c.nextSibling) {
    if (c.name === 'import') seenImport = true;
    if (!seenImport || c.name !== 'VariableName') continue;
    if (previous?.name === 'as') names[names.length - 1] = text(c);
    else if (previous?.name === '.')
      continue; // the rest of a dotted module name
    else names.push(text(c));
  }
  return names;
}

function nameOf(def: SyntaxNode, text: (n: SyntaxNode) => string): string[] {
  const name = def.getChild('VariableName');
  return name ? [text(name)] : [];
}
