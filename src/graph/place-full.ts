/**
 * Full placement (no previous layout): the variables stacked at x = 0 in the globals' order, the
 * boxes they reach laid out left to right by dagre, and the garbage (and internal) roots' boxes as
 * a second dagre block below, so that no root without referrers lands in the variables' rank.
 */
import dagre, { type Graph } from '@dagrejs/dagre';
import type { ObjectNode, VariableNode } from './graph-layout-types';
import { fitVariable, type GraphContent, type Link } from './build-graph';
import { BLOCK_GAP, BOX_GAP_X, COL_GAP, NODE_SEP, RANK_SEP, bottom } from './geometry';
import { MAX_VAR_W, MIN_VAR_W, VAR_GAP, clamp } from './text-metrics';

/**
 * Ranks of detour that alias arrows may add to a block (see addCrossEdges): 32 keeps a 200-box
 * layout within ~1.5× the time of the bare forest while every lesson-sized heap gets all of them.
 */
const CROSS_EDGE_BUDGET = 32;

/** Rows of garbage and internal groups are at least this wide (see placeFull). */
const MIN_FLOW_W = 720;

/** Room above a frame's locals for its label (px). */
export const SCOPE_GAP = 22;

/** One source standing for the variables column, so every box a variable reaches starts in rank 1. */
const ROOT = '\u0000root';

export interface Placed {
  variables: VariableNode[];
  nodes: ObjectNode[];
}

/** Width of the variables column: the widest variable, within bounds (also when there are none). */
export function columnWidth(variables: readonly VariableNode[]): number {
  let w = MIN_VAR_W;
  for (const v of variables) w = Math.max(w, v.width);
  return clamp(w, MIN_VAR_W, MAX_VAR_W);
}

export function placeFull(content: GraphContent): Placed {
  const colW = columnWidth(content.variables);
  let y = 0;
  const variables = content.variables.map((v, i) => {
    y += i > 0 && v.scope !== content.variables[i - 1].scope ? SCOPE_GAP : 0;
    const placed = { ...fitVariable(v, colW), x: 0, y };
    y += v.height + VAR_GAP;
    return placed;
  });
  const x0 = colW + COL_GAP;
  const live = content.nodes.slice(0, content.reachableCount);
  const rest = content.nodes.slice(content.reachableCount);
  const liveBottom = layoutBlock(live, content.links, x0, 0, true);
  // What only garbage (or internal) roots reach: each connected group laid out on its own, the
  // groups then filling rows under the live graph. One dagre block would stack them all in one
  // tall column (a hundred garbage strings from a loop).
  const groups = connectedGroups(rest, content.links);
  for (const group of groups) if (group.length > 1) layoutBlock(group, content.links, 0, 0, false);
  groups.sort((a, b) => Number(b.length > 1) - Number(a.length > 1)); // stable: structures first
  // As wide as the live graph, and wider for many groups so their rows come out about 3:2.
  let right = x0 + MIN_FLOW_W;
  for (const n of live) right = Math.max(right, n.x + n.width);
  let area = 0;
  for (const n of rest) area += (n.width + BOX_GAP_X) * (n.height + NODE_SEP);
  flow(groups, x0, live.length ? liveBottom + BLOCK_GAP : 0, Math.max(right, x0 + 1.5 * Math.sqrt(area)));
  return { variables, nodes: content.nodes };
}

/** `nodes` split into groups joined by arrows among them, in order of each group's first box. */
function connectedGroups(nodes: readonly ObjectNode[], links: readonly Link[]): ObjectNode[][] {
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const up = nodes.map((_, i) => i);
  const find = (i: number): number => {
    while (up[i] !== i) i = up[i] = up[up[i]];
    return i;
  };
  for (const l of links) {
    const a = index.get(l.from);
    const b = index.get(l.to);
    if (a === undefined || b === undefined) continue;
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) up[Math.max(ra, rb)] = Math.min(ra, rb);
  }
  const byRoot = new Map<number, ObjectNode[]>();
  nodes.forEach((n, i) => {
    const r = find(i);
    const group = byRoot.get(r);
    if (group) group.push(n);
    else byRoot.set(r, [n]);
  });
  return [...byRoot.values()];
}

/** Groups of placed boxes moved into rows from (x0, y0), a new row before one would cross `right`. */
function flow(groups: readonly ObjectNode[][], x0: number, y0: number, right: number): void {
  let x = x0;
  let y = y0;
  let rowH = 0;
  for (const group of groups) {
    let minX = Number.POSITIVE_INFINITY;
    let minY = Number.POSITIVE_INFINITY;
    let maxX = Number.NEGATIVE_INFINITY;
    let maxY = Number.NEGATIVE_INFINITY;
    for (const n of group) {
      minX = Math.min(minX, n.x);
      minY = Math.min(minY, n.y);
      maxX = Math.max(maxX, n.x + n.width);
      maxY = Math.max(maxY, n.y + n.height);
    }
    if (x > x0 && x + maxX - minX > right) {
      x = x0;
      y += rowH + NODE_SEP;
      rowH = 0;
    }
    for (const n of group) {
      n.x += x - minX;
      n.y += y - minY;
    }
    x += maxX - minX + BOX_GAP_X;
    rowH = Math.max(rowH, maxY - minY);
  }
}

/**
 * Lays `nodes` out with dagre and moves them so the block's top-left is (x0, y0); returns the
 * block's bottom. dagre sees each box's discovery edge (from the variable or the box that first
 * reached it: a forest, ranked by depth like the incremental placement) plus a budget of alias
 * arrows. Given every arrow, dagre takes 3–5× longer on 200 boxes: back references and aliases
 * are long edges that it fills with dummy nodes.
 */
function layoutBlock(nodes: ObjectNode[], links: readonly Link[], x0: number, y0: number, rooted: boolean): number {
  if (!nodes.length) return y0;
  const g = new dagre.graphlib.Graph<object, { width: number; height: number; x?: number; y?: number }, object>();
  // rankalign 'top' in LR aligns each column's left edges. tight-tree ranks a forest as well as
  // network-simplex and took 20–40 % less time here (longest-path pushes leaves to the last rank).
  g.setGraph({ rankdir: 'LR', ranksep: RANK_SEP, nodesep: NODE_SEP, ranker: 'tight-tree', rankalign: 'top' });
  g.setDefaultEdgeLabel(() => ({}));
  // dagre keeps nodes in plain objects: ids it cannot confuse with Object.prototype's keys.
  const order = new Map<string, number>();
  nodes.forEach((n, i) => {
    g.setNode(`n${i}`, { width: n.width, height: n.height });
    order.set(n.id, i);
  });
  if (rooted) g.setNode(ROOT, { width: 0, height: 0 });
  const parent = new Map<number, number>();
  const depth = new Array<number>(nodes.length).fill(rooted ? 1 : 0);
  for (const l of links) {
    const to = order.get(l.to);
    if (to === undefined || parent.has(to)) continue;
    if (l.row < 0) {
      if (!rooted) continue;
      g.setEdge(ROOT, `n${to}`);
      parent.set(to, -1);
    } else {
      // Only from a box found earlier: a root found before its referrer stays a root (no cycle).
      const from = order.get(l.from);
      if (from === undefined || from >= to) continue;
      g.setEdge(`n${from}`, `n${to}`, { weight: 4 });
      parent.set(to, from);
      depth[to] = depth[from] + 1;
    }
  }
  addCrossEdges(g, links, order, parent, depth, CROSS_EDGE_BUDGET);
  // The variables' own boxes (those left in rank 1) top to bottom in the variables' order: dagre
  // orders a rank to cross fewer edges, but arrows out of the column cross anyway.
  const constraints: { left: string; right: string }[] = [];
  if (rooted) {
    let last: string | undefined;
    const seen = new Set<string>();
    for (const l of links) {
      const to = order.get(l.to);
      if (l.row >= 0 || to === undefined || parent.get(to) !== -1) continue;
      const id = `n${to}`;
      // Once per box (two variables may share one), so the constraints cannot form a cycle.
      if (seen.has(id) || g.predecessors(id)?.length !== 1) continue;
      seen.add(id);
      if (last !== undefined) constraints.push({ left: last, right: id });
      last = id;
    }
  }
  try {
    dagre.layout(g, { constraints });
  } catch {
    // Not expected (a forest of finite boxes); a plain column still shows everything.
    stack(nodes, x0, y0);
    return bottom(nodes);
  }
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  nodes.forEach((n, i) => {
    const p = g.node(`n${i}`);
    n.x = (p?.x ?? 0) - n.width / 2;
    n.y = (p?.y ?? 0) - n.height / 2;
    minX = Math.min(minX, n.x);
    minY = Math.min(minY, n.y);
  });
  for (const n of nodes) {
    n.x = Math.round(n.x - minX + x0);
    n.y = Math.round(n.y - minY + y0);
  }
  return bottom(nodes);
}

function stack(nodes: ObjectNode[], x0: number, y0: number): void {
  let y = y0;
  for (const n of nodes) {
    n.x = x0;
    n.y = y;
    y += n.height + NODE_SEP;
  }
}

/**
 * Arrows that would point back into their source's column or further left (an alias: `t = (a, d)`
 * refers to boxes the variables `a` and `d` already placed): given to dagre as well, they push the
 * target right of its referrer so the arrow runs forward. Each one lengthens the target's discovery
 * edge by that many ranks (dummy nodes, dagre's main cost), so the cheapest go first, within a budget.
 * Arrows back to an ancestor (cycles) are left out: they cannot point forward; so are arrows into
 * a box a variable refers to directly.
 */
function addCrossEdges(
  g: Graph,
  links: readonly Link[],
  order: ReadonlyMap<string, number>,
  parent: ReadonlyMap<number, number>,
  depth: readonly number[],
  budget: number,
): void {
  const isAncestor = (a: number, of: number) => {
    for (let p = parent.get(of); p !== undefined && p >= 0; p = parent.get(p)) if (p === a) return true;
    return false;
  };
  const candidates: { from: number; to: number; cost: number }[] = [];
  for (const l of links) {
    if (l.row < 0) continue;
    const from = order.get(l.from);
    const to = order.get(l.to);
    if (from === undefined || to === undefined || from === to || parent.get(to) === from) continue;
    if (depth[to] > depth[from] || isAncestor(to, from)) continue;
    // A name's own object stays in the column next to the names (the aliasing lesson: `d = {'k': a}`
    // must not pull `a`'s list away from `a`); the arrow into it loops within the column instead.
    if (parent.get(to) === -1) continue;
    candidates.push({ from, to, cost: depth[from] - depth[to] + 1 });
  }
  candidates.sort((a, b) => a.cost - b.cost); // stable: link order among equals
  for (const c of candidates) {
    if (c.cost > budget) break;
    const v = `n${c.from}`;
    const w = `n${c.to}`;
    if (g.hasEdge(v, w) || g.hasEdge(w, v)) continue;
    g.setEdge(v, w, { weight: 1 });
    budget -= c.cost;
  }
}
