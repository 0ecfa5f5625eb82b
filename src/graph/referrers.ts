import type { GraphLayout } from './graph-layout-types';

/**
 * Names for what refers to an object, in the words a learner would write: `list2`,
 * `dict1['key']`, `a[0].next`. An object is named by the shortest path from a variable (breadth
 * first, variables in column order); one that no variable reaches is named by type and address.
 */
export function describeReferrers(layout: GraphLayout, address: string): string[] {
  const paths = pathsFromVariables(layout);
  const out: string[] = [];
  for (const v of layout.variables) if (v.target === address && v.change !== 'gone') out.push(v.name);
  for (const e of layout.edges) {
    if (e.to !== address || e.change === 'gone' || e.from.startsWith('var:')) continue;
    out.push(join(paths.get(e.from) ?? nameByAddress(layout, e.from), e.label));
  }
  return out;
}

/** The shortest variable path to every object the variables reach. */
export function pathsFromVariables(layout: GraphLayout): Map<string, string> {
  const paths = new Map<string, string>();
  const queue: string[] = [];
  for (const v of layout.variables) {
    if (!v.target || v.change === 'gone' || paths.has(v.target)) continue;
    paths.set(v.target, v.name);
    queue.push(v.target);
  }
  const out = new Map<string, { label: string; to: string }[]>();
  for (const e of layout.edges) {
    if (e.change === 'gone' || e.from.startsWith('var:')) continue;
    const list = out.get(e.from) ?? [];
    list.push({ label: e.label, to: e.to });
    out.set(e.from, list);
  }
  for (let i = 0; i < queue.length; i++) {
    const from = queue[i];
    for (const { label, to } of out.get(from) ?? []) {
      if (paths.has(to)) continue;
      paths.set(to, join(paths.get(from)!, label));
      queue.push(to);
    }
  }
  return paths;
}

function join(base: string, label: string): string {
  if (label.startsWith('[') || label.startsWith('.')) return base + label;
  return `${base} (${label})`; // an internal slot such as @8 or subobj
}

function nameByAddress(layout: GraphLayout, address: string): string {
  const node = layout.nodes.find((n) => n.id === address);
  return node ? `the ${node.type} at ${address}` : address;
}
