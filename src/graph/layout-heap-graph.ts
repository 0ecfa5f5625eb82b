/**
 * Heap snapshot → positioned reference graph (see graph-layout-types.ts). Pure and deterministic:
 * the same snapshot, options and previous layout give the same layout, in Node or in a worker.
 */
import type { HeapSnapshot } from '../model/heap-snapshot';
import {
  DEFAULT_GRAPH_OPTIONS,
  type Change,
  type GraphEdge,
  type GraphLayout,
  type GraphOptions,
  type ObjectNode,
  type VariableNode,
} from './graph-layout-types';
import { buildGraph } from './build-graph';
import { MARGIN } from './geometry';
import { placeFull } from './place-full';
import { placeIncremental } from './place-incremental';
import { routeEdges } from './route-edges';

/**
 * Without `previous`: a full layout (dagre). With it: every node and variable that survives keeps its
 * exact place, new ones are fitted in, and what disappeared since is returned once more with change
 * 'gone' at its old place (the view fades it out).
 */
export function layoutHeapGraph(
  snapshot: HeapSnapshot,
  options: GraphOptions = DEFAULT_GRAPH_OPTIONS,
  previous?: GraphLayout,
): GraphLayout {
  const content = buildGraph(snapshot, { ...DEFAULT_GRAPH_OPTIONS, ...options });
  const incremental = previous ? placeIncremental(content, previous) : undefined;
  const { variables, nodes } = incremental ?? placeFull(content);
  const kept = incremental?.kept ?? new Set<string>();
  for (const n of nodes) n.change = kept.has(n.id) ? 'kept' : 'new';
  for (const v of variables) v.change = kept.has(v.id) ? 'kept' : 'new';

  const prevEdges = new Set<string>();
  for (const e of previous?.edges ?? []) if (e.change !== 'gone') prevEdges.add(e.id);
  const edgeChange = (id: string): Change => (prevEdges.has(id) ? 'kept' : 'new');
  const edges = routeEdges(
    content.links,
    new Map(variables.map((v) => [v.id, v])),
    new Map(nodes.map((n) => [n.id, n])),
    edgeChange,
  );

  if (previous) {
    variables.push(...goneSince(previous.variables, variables));
    nodes.push(...goneSince(previous.nodes, nodes));
    edges.push(...goneSince(previous.edges, edges));
  }
  return { variables, nodes, edges, ...extent(variables, nodes, edges), hidden: content.hidden };
}

/** Elements of the previous layout (not already fading) that are absent now, marked 'gone' at their old place. */
function goneSince<T extends { id: string; change: Change }>(before: readonly T[] | undefined, now: readonly T[]): T[] {
  const present = new Set(now.map((x) => x.id));
  const gone: T[] = [];
  for (const x of before ?? []) if (x.change !== 'gone' && !present.has(x.id)) gone.push({ ...x, change: 'gone' });
  return gone;
}

/** Bounding box of boxes and arrows (control points included: the curve lies within them), plus the margin. */
function extent(
  variables: readonly VariableNode[],
  nodes: readonly ObjectNode[],
  edges: readonly GraphEdge[],
): { width: number; height: number } {
  let w = 0;
  let h = 0;
  for (const b of [...variables, ...nodes]) {
    if (Number.isFinite(b.x + b.width)) w = Math.max(w, b.x + b.width);
    if (Number.isFinite(b.y + b.height)) h = Math.max(h, b.y + b.height);
  }
  for (const e of edges) {
    for (const p of e.points) {
      if (Number.isFinite(p.x)) w = Math.max(w, p.x);
      if (Number.isFinite(p.y)) h = Math.max(h, p.y);
    }
  }
  return { width: Math.ceil(w + MARGIN), height: Math.ceil(h + MARGIN) };
}
