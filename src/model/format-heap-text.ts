import type { HeapObject, HeapSnapshot, SlotValue } from './heap-snapshot';

const show = (v: SlotValue): string => ('ref' in v ? `→ ${v.ref}` : v.inline);

/**
 * A readable listing of a snapshot (`--heap text`): statistics, the globals,
 * then reachable objects, garbage awaiting collection, and a count of
 * firmware-internal allocations.
 */
export function formatHeapText(s: HeapSnapshot, opts: { internal?: boolean } = {}): string {
  const h = s.heap;
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const lines = [
    `MicroPython ${s.micropython.version} on ${s.board}`,
    `heap ${h.poolStart}–${h.poolEnd}${h.areas.length > 1 ? ` (+${h.areas.length - 1} more area(s))` : ''}: ` +
      `${kb(h.totalBytes)} total, ${kb(h.usedBytes)} used, ${kb(h.freeBytes)} free, ` +
      `largest free run ${kb(h.largestFreeBytes)}, ${h.freeRuns} free runs, ` +
      `fragmentation ${(h.fragmentation * 100).toFixed(1)}%`,
    '',
    'globals:',
    ...s.globals.map((g) => `  ${g.name} = ${show(g.value)}`),
  ];
  const section = (title: string, objs: HeapObject[]) => {
    if (!objs.length) return;
    lines.push('', `${title}:`);
    for (const o of objs) {
      const size = o.heap ? `${o.bytes} B / ${o.blocks} block${o.blocks === 1 ? '' : 's'}` : 'static';
      lines.push(`  ${o.address} ${o.type} (${size}) ${o.value}`);
      for (const r of o.refs) lines.push(`      ${r.label} ${show(r.target)}`);
    }
  };
  section(
    'objects',
    s.objects.filter((o) => o.reachable),
  );
  section(
    'garbage (freed at the next gc.collect())',
    s.objects.filter((o) => !o.reachable && !o.internal),
  );
  const internal = s.objects.filter((o) => o.internal);
  if (opts.internal) section('firmware-internal', internal);
  else if (internal.length) {
    const bytes = internal.reduce((n, o) => n + o.bytes, 0);
    lines.push(
      '',
      `firmware-internal: ${internal.length} allocations, ${kb(bytes)} (qstr pools, compiled code, REPL state)`,
    );
  }
  if (s.warnings.length) lines.push('', 'warnings:', ...s.warnings.map((w) => `  ${w}`));
  return lines.join('\n') + '\n';
}
