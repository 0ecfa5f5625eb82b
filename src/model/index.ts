// The heap inspector's public face: what the CLI and the UI call.
export { inspectHeap, type InspectOptions } from './inspect-heap';
export { formatHeapText } from './format-heap-text';
export type { HeapSnapshot, HeapObject, HeapRef, HeapStatsJson, SlotValue } from './heap-snapshot';
export { openFlashFiles } from './open-files';
