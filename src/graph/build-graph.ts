/**
 * What the graph shows, before placement: which objects become boxes, their rows and sizes, the
 * variables, and the arrows between them. Pure; tolerates refs to unknown addresses, cycles and
 * self references.
 */
import { isLabName } from '../probe/lab-names';
import type { HeapObject, HeapSnapshot, ObjectKind, SlotValue } from '../model/heap-snapshot';
import type { GraphLayout, GraphOptions, GraphRow, ObjectNode, VariableNode } from './graph-layout-types';
import {
  BOX_PAD_BOTTOM,
  HEADER_H,
  MAX_BOX_W,
  MAX_VAR_W,
  MIN_BOX_W,
  MIN_VAR_W,
  PAD_X,
  ROW_H,
  VAR_H,
  clamp,
  fitRow,
  fitText,
  headerDetail,
  headerTitle,
  moreRowText,
  rowWidth,
  textWidth,
} from './text-metrics';

/** Code and namespaces: drawn as a header only, their insides (a module's dict, a class's methods) left out. */
export const COMPACT_KINDS: ReadonlySet<ObjectKind> = new Set<ObjectKind>([
  'function',
  'closure',
  'class',
  'module',
  'bound_method',
  'cell',
]);
/** Boxes whose rows are their content: no value line ("len 3" says less than the rows). */
const CONTAINER_KINDS: ReadonlySet<ObjectKind> = new Set<ObjectKind>([
  'list',
  'tuple',
  'dict',
  'set',
  'frozenset',
  'instance',
]);

export const GLOBALS_SCOPE = 'globals';

/** An arrow before placement: from a variable, or from row `row` of a box, to a drawn object. */
export interface Link {
  id: string;
  from: string;
  label: string;
  to: string;
  /** Index into the source box's rows; -1 when the source is a variable. */
  row: number;
}

export interface GraphContent {
  /** Unplaced (x = y = 0); `name` and `text` uncut, `width` the natural one (see fitVariable). */
  variables: VariableNode[];
  /** Sized, unplaced, in discovery order: first what the variables reach, then the other roots' parts. */
  nodes: ObjectNode[];
  links: Link[];
  /** How many of `nodes`, from the start, the variables reach; the rest hang off garbage or internal roots. */
  reachableCount: number;
  hidden: GraphLayout['hidden'];
}

type Slot = { text: string } | { target: string };

/** A frame's scope: its place in the call stack (a recursive call is a scope of its own) and its function. */
export function frameScope(index: number, label: string): string {
  return `frame${index}:${label}`;
}

export function variableId(scope: string, name: string): string {
  return `var:${scope}:${name}`;
}

/**
 * Dunder globals (`__name__`, `__file__`) belong to the interpreter, not to the learner; `__phl_`
 * names to the stepper (its hooks, while a program is stepped).
 */
function isInternalName(name: string): boolean {
  return (name.length >= 4 && name.startsWith('__') && name.endsWith('__')) || isLabName(name);
}

function isInternalRole(o: HeapObject): boolean {
  return o.role === 'firmware' || o.role === 'compiler';
}

/** `<function f>`, `<class Node>`, `<module rp2>`: code drawn as a name (codeAsNames). */
export function plainName(o: Pick<HeapObject, 'kind' | 'type' | 'value'>): string {
  const value = (o.value ?? '').trim();
  if (o.kind === 'class' || o.kind === 'module') {
    return value.startsWith(o.kind + ' ') ? `<${value}>` : `<${o.kind}${value ? ' ' + value : ''}>`;
  }
  const name = value.replace(/\(\)$/, '');
  return name ? `<${o.type} ${name}>` : `<${o.type}>`;
}

export function buildGraph(snapshot: HeapSnapshot, options: GraphOptions): GraphContent {
  const objects = new Map<string, HeapObject>();
  for (const o of snapshot.objects ?? []) {
    if (o && typeof o.address === 'string' && !objects.has(o.address)) objects.set(o.address, o);
  }
  const limit =
    Number.isFinite(options.collapseAfter) && options.collapseAfter >= 0
      ? Math.floor(options.collapseAfter)
      : Number.POSITIVE_INFINITY;
  const expanded = new Set(options.expanded ?? []);
  const hiddenInternal = (o: HeapObject) => !options.showInternal && isInternalRole(o);
  const asName = (o: HeapObject) => options.codeAsNames && COMPACT_KINDS.has(o.kind);
  const drawable = (o: HeapObject) => !hiddenInternal(o) && !asName(o);

  const nodes: ObjectNode[] = [];
  const byId = new Map<string, ObjectNode>();
  const queue: HeapObject[] = [];
  const links: Link[] = [];
  const linkIds = new Set<string>();
  /** Refs behind collapsed rows: walked at the end to count what collapsing hid. */
  const behindCollapsed: string[] = [];

  const visit = (o: HeapObject): void => {
    if (byId.has(o.address)) return;
    const node = newNode(o);
    byId.set(o.address, node);
    nodes.push(node);
    queue.push(o);
  };
  const slot = (value: SlotValue | undefined): Slot => {
    const address = refOf(value);
    if (address === undefined) {
      const ok = typeof value === 'object' && value !== null && 'inline' in value;
      return { text: ok ? String(value.inline) : '?' };
    }
    const o = objects.get(address);
    if (!o) return { text: address };
    if (asName(o)) return { text: plainName(o) };
    if (hiddenInternal(o)) return { text: `<${o.type} at ${o.address}>` };
    visit(o);
    return { target: o.address };
  };
  const addLink = (from: string, label: string, to: string, row: number): void => {
    let id = `${from}|${label}|${to}`;
    // Labels repeat in a few objects (a closure's cells, a set's members): keep ids unique.
    for (let n = 2; linkIds.has(id); n++) id = `${from}|${label}|${to}#${n}`;
    linkIds.add(id);
    links.push({ id, from, label, to, row });
  };

  const variables: VariableNode[] = [];
  /** A name in the variables column, with its arrow (or its inline value drawn in place). */
  const addVariable = (scope: string, name: string, value: SlotValue | undefined): VariableNode => {
    const id = variableId(scope, name);
    const s = slot(value);
    const text = 'text' in s ? s.text : undefined;
    const v: VariableNode = {
      id,
      name,
      scope,
      x: 0,
      y: 0,
      width: Math.ceil(clamp(rowWidth(name, text), MIN_VAR_W, MAX_VAR_W)),
      height: VAR_H,
      change: 'new',
    };
    if (text !== undefined) v.text = text;
    else if ('target' in s) {
      v.target = s.target;
      addLink(id, name, s.target, -1);
    }
    variables.push(v);
    return v;
  };
  const names = new Set<string>();
  for (const g of snapshot.globals ?? []) {
    if (!g || typeof g.name !== 'string' || names.has(g.name)) continue;
    if (!options.showInternal && isInternalName(g.name)) continue;
    names.add(g.name);
    addVariable(GLOBALS_SCOPE, g.name, g.value);
  }
  // The calls under way (while stepping): each frame's locals below the globals, under its label.
  (snapshot.frames ?? []).forEach((frame, index) => {
    const scope = frameScope(index, frame.label);
    frame.locals.forEach((local, i) => {
      const v = addVariable(scope, local.name, local.value);
      if (i === 0) v.scopeLabel = `${frame.label}()`;
    });
  });

  const drain = () => {
    for (let i = 0; i < queue.length; i++) {
      const o = queue[i];
      const node = byId.get(o.address)!;
      if (node.shape === 'box') fillRows(node, o);
    }
    queue.length = 0;
  };
  const fillRows = (node: ObjectNode, o: HeapObject): void => {
    const refs = o.refs ?? [];
    const shown = refs.length > limit && !expanded.has(o.address) ? limit : refs.length;
    const top = HEADER_H + (node.value !== undefined ? ROW_H : 0);
    for (let i = 0; i < refs.length; i++) {
      const ref = refs[i];
      if (i >= shown) {
        const address = refOf(ref?.target);
        if (address !== undefined) behindCollapsed.push(address);
        continue;
      }
      const s = slot(ref?.target);
      const fitted = fitRow(String(ref?.label ?? '?'), 'text' in s ? s.text : undefined, MAX_BOX_W);
      const row: GraphRow = { label: fitted.label, y: top + i * ROW_H + ROW_H / 2 };
      if (fitted.text !== undefined) row.text = fitted.text;
      if ('target' in s) {
        row.target = s.target;
        addLink(node.id, row.label, s.target, node.rows.length);
      }
      node.rows.push(row);
    }
    node.hiddenRows = refs.length - shown;
    size(node);
  };

  drain();
  const reachableCount = nodes.length;
  // Garbage, and with showInternal the firmware's and the compiler's, are drawn even when nothing refers to them.
  for (const o of objects.values()) {
    const root = o.role === 'garbage' || (options.showInternal && isInternalRole(o));
    if (root && drawable(o) && !byId.has(o.address)) {
      visit(o);
      drain();
    }
  }

  let collapsed = 0;
  const counted = new Set<string>();
  while (behindCollapsed.length) {
    const address = behindCollapsed.pop()!;
    const o = objects.get(address);
    if (!o || byId.has(address) || counted.has(address) || !drawable(o)) continue;
    counted.add(address);
    collapsed++;
    if (COMPACT_KINDS.has(o.kind)) continue;
    for (const r of o.refs ?? []) {
      const next = refOf(r?.target);
      if (next !== undefined) behindCollapsed.push(next);
    }
  }
  let internal = 0;
  if (!options.showInternal) for (const o of objects.values()) if (isInternalRole(o)) internal++;

  return { variables, nodes, links, reachableCount, hidden: { internal, collapsed } };
}

/** The address a slot refers to; undefined for an inline value (or a malformed slot). */
function refOf(value: SlotValue | undefined): string | undefined {
  if (typeof value !== 'object' || value === null || !('ref' in value)) return undefined;
  return typeof value.ref === 'string' ? value.ref : undefined;
}

function newNode(o: HeapObject): ObjectNode {
  const compact = COMPACT_KINDS.has(o.kind);
  const node: ObjectNode = {
    id: o.address,
    address: o.address,
    type: String(o.type),
    kind: o.kind,
    role: o.role,
    bytes: Number(o.bytes) || 0,
    blocks: Number(o.blocks) || 0,
    shape: compact ? 'compact' : 'box',
    rows: [],
    hiddenRows: 0,
    dimmed: o.role === 'garbage' || o.role === 'compiler',
    x: 0,
    y: 0,
    width: MIN_BOX_W,
    height: HEADER_H,
    change: 'new',
  };
  const value = typeof o.value === 'string' ? o.value : '';
  if (compact) node.value = value;
  else if (!CONTAINER_KINDS.has(o.kind) && value) node.value = fitText(value, MAX_BOX_W - 2 * PAD_X);
  size(node);
  return node;
}

/** Width from the longest line, height from the lines (see text-metrics.ts for the box's anatomy). */
function size(node: ObjectNode): void {
  let w = Math.max(textWidth(headerTitle(node)), textWidth(headerDetail(node))) + 2 * PAD_X;
  if (node.shape === 'compact') {
    node.width = Math.ceil(clamp(w, MIN_BOX_W, MAX_BOX_W));
    node.height = HEADER_H;
    return;
  }
  let lines = node.rows.length;
  if (node.value !== undefined) {
    w = Math.max(w, textWidth(node.value) + 2 * PAD_X);
    lines++;
  }
  for (const r of node.rows) w = Math.max(w, rowWidth(r.label, r.text));
  if (node.hiddenRows > 0) {
    w = Math.max(w, textWidth(moreRowText(node.hiddenRows)) + 2 * PAD_X);
    lines++;
  }
  // Whole pixels: positions computed from widths stay whole, and boxes draw crisp.
  node.width = Math.ceil(clamp(w, MIN_BOX_W, MAX_BOX_W));
  node.height = HEADER_H + lines * ROW_H + BOX_PAD_BOTTOM;
}

/**
 * The variable with its name and text cut to `width` (the column's width). Its id and its arrow's
 * label keep the whole name, so they do not change when the column does.
 */
export function fitVariable(v: VariableNode, width: number): VariableNode {
  const fitted = fitRow(v.name, v.text, width);
  const out: VariableNode = { ...v, name: fitted.label, width };
  if (fitted.text !== undefined) out.text = fitted.text;
  return out;
}
