import { slotKey, type HeapObject, type HeapSnapshot } from '../model/heap-snapshot';
import { frameScope, GLOBALS_SCOPE, variableId } from './build-graph';

/**
 * What one step changed on the heap, for the views to highlight: the learner's objects that
 * appeared, those that were freed, and the slots (a name, or an object's `[0]` / `['k']` / `.attr`)
 * that now refer to something else or hold another inline value.
 */
export interface StepDiff {
  /** Addresses of heap objects (live or garbage) that were not there before. */
  added: ReadonlySet<string>;
  /** Heap objects of before that are gone (a collection freed them, or their blocks now hold another object). */
  freed: readonly HeapObject[];
  /**
   * Slots that are new or changed, as `<from>|<label>`: `from` is a variable's graph id
   * (`var:<scope>:<name>`, label = the name) or an object's address (label = the slot's).
   */
  changedSlots: ReadonlySet<string>;
}

export const NO_DIFF: StepDiff = { added: new Set(), freed: [], changedSlots: new Set() };

/** The learner's own objects: what the views draw by default. */
const learners = (o: HeapObject) => o.heap && (o.role === 'live' || o.role === 'garbage');

/** Every named slot of a snapshot (variables and object references) with what it holds. */
function slots(snapshot: HeapSnapshot): Map<string, string> {
  const out = new Map<string, string>();
  for (const g of snapshot.globals) out.set(`${variableId(GLOBALS_SCOPE, g.name)}|${g.name}`, slotKey(g.value));
  (snapshot.frames ?? []).forEach((frame, i) => {
    const scope = frameScope(i, frame.label);
    for (const l of frame.locals) out.set(`${variableId(scope, l.name)}|${l.name}`, slotKey(l.value));
  });
  for (const o of snapshot.objects)
    if (learners(o)) for (const r of o.refs) out.set(`${o.address}|${r.label}`, slotKey(r.target));
  return out;
}

/** The changes from `before` to `after` (two pauses of one stepped program). */
export function diffSteps(before: HeapSnapshot, after: HeapSnapshot): StepDiff {
  const beforeObjects = new Map(before.objects.filter(learners).map((o) => [o.address, o]));
  const afterObjects = new Map(after.objects.filter(learners).map((o) => [o.address, o]));
  const same = (a: HeapObject, b: HeapObject | undefined) => b !== undefined && a.type === b.type;
  const added = new Set<string>();
  for (const [address, o] of afterObjects) if (!same(o, beforeObjects.get(address))) added.add(address);
  // Gone from the heap altogether, not just from the learner's view (a live object becoming firmware's, say).
  const present = new Map(after.objects.map((o) => [o.address, o]));
  const freed = [...beforeObjects.values()].filter((o) => !same(o, present.get(o.address)));
  const was = slots(before);
  const changedSlots = new Set<string>();
  // A new object's slots are all new: the object is marked, not each of them.
  for (const [key, value] of slots(after))
    if (was.get(key) !== value && !added.has(key.slice(0, key.indexOf('|')))) changedSlots.add(key);
  return { added, freed, changedSlots };
}
