/**
 * Placement against the previous layout, without dagre: learners lose track when boxes jump, so
 * whatever survives keeps its exact place and only what is new is fitted in around it.
 */
import type { GraphLayout, ObjectNode, VariableNode } from './graph-layout-types';
import { fitVariable, type GraphContent, type Link } from './build-graph';
import {
  BLOCK_GAP,
  BOX_GAP_X,
  COL_GAP,
  MIN_COL_GAP,
  NODE_SEP,
  RANK_SEP,
  bottom,
  freeY,
  overlaps,
  type Box,
} from './geometry';
import { SCOPE_GAP, type Placed } from './place-full';
import { HEADER_H, MAX_VAR_W, MIN_VAR_W, VAR_GAP, clamp } from './text-metrics';

/** Rows of boxes without referrers are at least this wide. */
const MIN_ROW_W = 720;

export interface IncrementalPlacement extends Placed {
  /** Ids of the nodes and variables that kept their place. */
  kept: Set<string>;
}

/**
 * Kept nodes and variables stay at their previous x/y (a box that grew pushes the boxes it now
 * covers down); new ones go right of their first placed referrer, at that row's height, moved down
 * until they overlap nothing; new variables go at the end of the column. Returns undefined when
 * nothing survives (then a full layout loses nothing).
 */
export function placeIncremental(content: GraphContent, previous: GraphLayout): IncrementalPlacement | undefined {
  const prevNodes = new Map<string, ObjectNode>();
  for (const n of previous.nodes ?? []) if (n.change !== 'gone') prevNodes.set(n.id, n);
  const prevVars = new Map<string, VariableNode>();
  for (const v of previous.variables ?? []) if (v.change !== 'gone') prevVars.set(v.id, v);

  const kept = new Set<string>();
  for (const n of content.nodes) {
    const p = prevNodes.get(n.id);
    // The same address holding another type is another object.
    if (p && p.type === n.type && finite(p)) kept.add(n.id);
  }
  for (const v of content.variables) {
    const p = prevVars.get(v.id);
    if (p && finite(p)) kept.add(v.id);
  }
  if (!kept.size) return undefined;

  // The column may widen only into the gap before the leftmost box drawn before.
  let leftmost = Number.POSITIVE_INFINITY;
  for (const n of prevNodes.values()) if (finite(n)) leftmost = Math.min(leftmost, n.x);
  let natural = MIN_VAR_W;
  for (const v of content.variables) natural = Math.max(natural, v.width);
  const colW = Math.floor(clamp(natural, MIN_VAR_W, Math.max(MIN_VAR_W, Math.min(MAX_VAR_W, leftmost - MIN_COL_GAP))));

  let nextVarY = 0;
  for (const v of prevVars.values()) if (finite(v)) nextVarY = Math.max(nextVarY, v.y + v.height + VAR_GAP);
  const variables = content.variables.map((v, i) => {
    const out = fitVariable(v, colW);
    const p = prevVars.get(v.id);
    if (p && kept.has(v.id)) {
      out.x = p.x;
      out.y = p.y;
    } else {
      // A frame's first local leaves room for the frame's label.
      if (i > 0 && v.scope !== content.variables[i - 1].scope) nextVarY += SCOPE_GAP;
      out.x = 0;
      out.y = nextVarY;
      nextVarY += out.height + VAR_GAP;
    }
    return out;
  });

  const placed: Box[] = [];
  const isPlaced = new Set<string>();
  // Kept boxes top to bottom: one that grew is placed before the boxes below it, which then move down.
  const keptNodes = content.nodes.filter((n) => kept.has(n.id));
  keptNodes.sort(
    (a, b) => prevNodes.get(a.id)!.y - prevNodes.get(b.id)!.y || prevNodes.get(a.id)!.x - prevNodes.get(b.id)!.x,
  );
  for (const n of keptNodes) {
    const p = prevNodes.get(n.id)!;
    n.x = p.x;
    n.y = p.y;
    if (placed.some((b) => overlaps(n, b))) n.y = freeY(placed, n.x, n.width, n.height, n.y, 0, NODE_SEP);
    placed.push(n);
    isPlaced.add(n.id);
  }

  const minX = colW + MIN_COL_GAP;
  const firstColumn = Math.max(minX, Math.min(colW + COL_GAP, leftmost));
  const vars = new Map(variables.map((v) => [v.id, v]));
  const nodes = new Map(content.nodes.map((n) => [n.id, n]));
  const referrers = new Map<string, Link[]>();
  for (const l of content.links) {
    if (l.from === l.to) continue;
    const list = referrers.get(l.to);
    if (list) list.push(l);
    else referrers.set(l.to, [l]);
  }
  const put = (n: ObjectNode, x: number, y: number) => {
    n.x = Math.round(Math.max(minX, x));
    n.y = freeY(placed, n.x, n.width, n.height, Math.max(0, Math.round(y)), BOX_GAP_X, NODE_SEP);
    placed.push(n);
    isPlaced.add(n.id);
  };
  const placeBesideReferrer = (n: ObjectNode): boolean => {
    for (const l of referrers.get(n.id) ?? []) {
      if (l.row < 0) {
        const v = vars.get(l.from);
        if (!v) continue;
        put(n, firstColumn, v.y + v.height / 2 - HEADER_H / 2);
        return true;
      }
      const src = nodes.get(l.from);
      if (!src || !isPlaced.has(src.id)) continue;
      put(n, src.x + src.width + RANK_SEP, src.y + (src.rows[l.row]?.y ?? HEADER_H / 2) - HEADER_H / 2);
      return true;
    }
    return false;
  };

  // In discovery order, so a referrer is usually placed before what it refers to; a box whose
  // referrers are all unplaced (a new cycle, a garbage root) waits, and goes below everything
  // when nothing else can be placed.
  let pending = content.nodes.filter((n) => !kept.has(n.id));
  // Boxes without a placed referrer fill rows below everything (a loop's garbage strings would
  // otherwise make one tall column); a row ends at the drawing's right edge, or MIN_ROW_W.
  let row: { y: number; right: number; from: number } | undefined;
  while (pending.length) {
    const before = pending.length;
    pending = pending.filter((n) => !placeBesideReferrer(n));
    if (pending.length === before) {
      const n = pending.shift()!;
      // Right of the row's boxes so far, and of what they refer to (placed in the passes since).
      let x = firstColumn;
      if (row)
        for (let i = row.from; i < placed.length; i++) x = Math.max(x, placed[i].x + placed[i].width + BOX_GAP_X);
      if (!row || x + n.width > row.right) {
        let right = firstColumn + MIN_ROW_W;
        for (const b of placed) right = Math.max(right, b.x + b.width);
        const y = placed.length ? bottom(placed) + (row ? NODE_SEP : BLOCK_GAP) : 0;
        row = { y, right, from: placed.length };
        x = firstColumn;
      }
      put(n, x, row.y);
    }
  }
  return { variables, nodes: content.nodes, kept };
}

function finite(b: Box): boolean {
  return Number.isFinite(b.x) && Number.isFinite(b.y) && Number.isFinite(b.width) && Number.isFinite(b.height);
}
