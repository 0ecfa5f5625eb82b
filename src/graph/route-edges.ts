/**
 * Arrows as cubic Béziers: from the right edge of a row (or a variable) to the left edge of the
 * target box at its header's height, so an arrow always leaves rightwards and enters from the left;
 * except between boxes of one column, above and below each other, where the arrow loops out to the
 * right and enters the target from its right edge (crossing the column would cut through boxes).
 */
import type { Change, GraphEdge, ObjectNode, Point, VariableNode } from './graph-layout-types';
import type { Link } from './build-graph';
import type { Box } from './geometry';
import { HEADER_H } from './text-metrics';

/** Below this horizontal run an arrow is a back reference (target left of, or under, the source). */
const MIN_FORWARD = 24;
/** How far a back reference swings out right of its source and left of its target. */
const BACK_SWING = 40;
const MAX_BACK_SWING = 140;
/** How far above the boxes an arrow between overlapping rows (a self reference) passes. */
const ARC_CLEARANCE = 12;

export function routeEdges(
  links: readonly Link[],
  variables: ReadonlyMap<string, VariableNode>,
  nodes: ReadonlyMap<string, ObjectNode>,
  change: (id: string) => Change,
): GraphEdge[] {
  const edges: GraphEdge[] = [];
  for (const l of links) {
    const target = nodes.get(l.to);
    if (!target) continue;
    let start: Point;
    let source: Box;
    if (l.row < 0) {
      const v = variables.get(l.from);
      if (!v) continue;
      start = { x: v.x + v.width, y: v.y + v.height / 2 };
      source = v;
    } else {
      const n = nodes.get(l.from);
      const row = n?.rows[l.row];
      if (!n || !row) continue;
      start = { x: n.x + n.width, y: n.y + row.y };
      source = n;
    }
    const sameColumn =
      l.row >= 0 &&
      target.x < source.x + source.width &&
      source.x < target.x + target.width &&
      (target.y >= source.y + source.height || source.y >= target.y + target.height);
    const points = sameColumn
      ? loopRight(start, { x: target.x + target.width, y: target.y + HEADER_H / 2 })
      : curve(start, { x: target.x, y: target.y + HEADER_H / 2 }, source, target);
    edges.push({ id: l.id, from: l.from, to: l.to, label: l.label, points, change: change(l.id) });
  }
  return edges;
}

/** From a row's right edge out to the right and back into the right edge of a box above or below. */
function loopRight(s: Point, e: Point): [Point, Point, Point, Point] {
  const swing = Math.min(MAX_BACK_SWING, BACK_SWING + Math.abs(s.y - e.y) / 4);
  const x = Math.max(s.x, e.x) + swing;
  return [s, { x, y: s.y }, { x, y: e.y }, e];
}

/** Control points of the arrow from `s` (on `source`'s right edge) to `e` (on `target`'s left edge). */
export function curve(s: Point, e: Point, source: Box, target: Box): [Point, Point, Point, Point] {
  const dx = e.x - s.x;
  if (dx >= MIN_FORWARD) {
    const k = dx / 2;
    return [s, { x: s.x + k, y: s.y }, { x: e.x - k, y: e.y }, e];
  }
  // Farther apart, wider: the curve then clears its own boxes' corners.
  const swing = Math.min(MAX_BACK_SWING, BACK_SWING + (s.x - e.x) / 4 + Math.abs(s.y - e.y) / 4);
  const c1x = s.x + swing;
  // Never left of the origin: the drawing's box starts at 0 (the variables' column).
  const c2x = Math.max(0, e.x - swing);
  if (source.y < target.y + target.height && target.y < source.y + source.height) {
    // Side by side or the same box: pass over both. The curve's middle is at (s + 3·c1 + 3·c2 + e) / 8.
    const top = Math.min(source.y, target.y) - ARC_CLEARANCE;
    const cy = Math.max(0, (4 / 3) * (top - (s.y + e.y) / 8));
    return [s, { x: c1x, y: cy }, { x: c2x, y: cy }, e];
  }
  return [s, { x: c1x, y: s.y }, { x: c2x, y: e.y }, e];
}
