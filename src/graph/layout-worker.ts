/// <reference lib="webworker" />
// Web Worker entry: lays heap graphs out off the page's main thread (see graph-layout-client.ts).
import { layoutHeapGraph } from './layout-heap-graph';
import type { LayoutRequest, LayoutResponse } from './layout-protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<LayoutRequest>) => {
  const { id, snapshot, options, previous } = event.data;
  let response: LayoutResponse;
  try {
    response = { id, layout: layoutHeapGraph(snapshot, options, previous) };
  } catch (e) {
    response = { id, error: e instanceof Error ? e.message : String(e) };
  }
  scope.postMessage(response);
};
