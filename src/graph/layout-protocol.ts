/** Messages between GraphLayoutClient and the layout worker (layout-worker.ts). */
import type { HeapSnapshot } from '../model/heap-snapshot';
import type { GraphLayout, GraphOptions } from './graph-layout-types';

export interface LayoutRequest {
  /** Increasing per client: the answer carries it back. */
  id: number;
  snapshot: HeapSnapshot;
  options: GraphOptions;
  previous?: GraphLayout;
}

export type LayoutResponse = { id: number; layout: GraphLayout } | { id: number; error: string };
