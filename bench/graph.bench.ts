// Reference graph layout speed (src/graph/layout-heap-graph.ts) on random heaps: a full layout
// (dagre), and the incremental layout after one more object (what each step of a program costs).
import { layoutHeapGraph } from '../src/graph/layout-heap-graph';
import { DEFAULT_GRAPH_OPTIONS } from '../src/graph/graph-layout-types';
import { randomSnapshot, withOneMore } from '../test/graph/support/random-heap';
import { medianTime } from './stats';

export default function bench(): void {
  const targets: [number, number][] = [
    [60, 100],
    [200, 300],
  ];
  for (const [objects, fullTarget] of targets) {
    const snapshot = randomSnapshot(objects, objects);
    const full = layoutHeapGraph(snapshot);
    const fullMs = medianTime(() => layoutHeapGraph(snapshot), 20);
    console.log(
      `full layout, ${objects} objects (${full.nodes.length} boxes, ${full.edges.length} arrows): ` +
        `median ${fullMs.toFixed(1)} ms — ${(fullMs / fullTarget).toFixed(2)}× the ${fullTarget} ms target`,
    );
    const next = withOneMore(snapshot);
    const stepMs = medianTime(() => layoutHeapGraph(next, DEFAULT_GRAPH_OPTIONS, full), 20);
    console.log(
      `incremental layout, ${objects} objects + 1: median ${stepMs.toFixed(2)} ms — ` +
        `${(stepMs / 30).toFixed(2)}× the 30 ms target`,
    );
  }
}
