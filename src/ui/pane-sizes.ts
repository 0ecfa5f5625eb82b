/**
 * The pane sizes the learner dragged, kept in this browser (localStorage) so a reload shows the
 * same layout. What is read back is checked: only known panes, finite numbers of pixels; a window
 * smaller than the one they were set in clamps them where they are applied.
 */
export type Pane = 'lesson' | 'heap' | 'terminal';
export type PaneSizes = Partial<Record<Pane, number>>;

const KEY = 'pico-heap-lab:pane-sizes';
const PANES: readonly Pane[] = ['lesson', 'heap', 'terminal'];
/** No pane is narrower (or the terminal lower) than this, in px. */
export const MIN_PANE_PX = 120;
/** Nothing larger than a very large screen is believed (px). */
const MAX_PANE_PX = 8000;

export function loadPaneSizes(storage: Storage | undefined = safeStorage()): PaneSizes {
  let parsed: unknown;
  try {
    parsed = JSON.parse(storage?.getItem(KEY) ?? '{}');
  } catch {
    return {};
  }
  const sizes: PaneSizes = {};
  if (typeof parsed !== 'object' || parsed === null) return sizes;
  for (const pane of PANES) {
    const value = (parsed as Record<string, unknown>)[pane];
    if (typeof value === 'number' && Number.isFinite(value) && value >= MIN_PANE_PX && value <= MAX_PANE_PX)
      sizes[pane] = Math.round(value);
  }
  return sizes;
}

export function savePaneSizes(sizes: PaneSizes, storage: Storage | undefined = safeStorage()): void {
  try {
    storage?.setItem(KEY, JSON.stringify(sizes));
  } catch {
    /* a layout is a convenience: a full or missing storage keeps it for this visit only */
  }
}

function safeStorage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}
