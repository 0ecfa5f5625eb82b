// What every benchmark needs: medians, and a line that sets a median against its target.

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

/** Median wall time of `f` over `runs` calls (ms), after `warmup` calls that let the JIT settle. */
export function medianTime(f: () => void, runs: number, warmup = 5): number {
  for (let i = 0; i < warmup; i++) f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** One line: the median of `values` (ms), its spread, and its ratio to `target` (below 1 meets it). */
export function reportAgainstTarget(what: string, values: readonly number[], target: number, width = 52): void {
  const m = median(values);
  console.log(
    `${what.padEnd(width)} median ${m.toFixed(1).padStart(6)} ms (min ${Math.min(...values).toFixed(1)}, ` +
      `max ${Math.max(...values).toFixed(1)}) — ${(m / target).toFixed(2)}× the ${target} ms target`,
  );
}
