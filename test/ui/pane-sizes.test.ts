// Pane sizes kept across reloads (src/ui/pane-sizes.ts): what is read back is checked, so a
// damaged or foreign value gives the default layout instead of a broken one.
import { describe, expect, test } from 'vitest';
import { loadPaneSizes, MIN_PANE_PX, savePaneSizes } from '../../src/ui/pane-sizes';

/** A Storage as the browser gives it (Node has none): getItem, setItem, and a quota. */
function memoryStorage(quota = Infinity): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    key: (i) => [...items.keys()][i] ?? null,
    getItem: (k) => items.get(k) ?? null,
    removeItem: (k) => void items.delete(k),
    setItem: (k, v) => {
      if (v.length > quota) throw new DOMException('quota', 'QuotaExceededError');
      items.set(k, v);
    },
  };
}

describe('pane sizes', () => {
  test('saved sizes come back as they were (rounded to whole pixels)', () => {
    const storage = memoryStorage();
    savePaneSizes({ lesson: 301.4, terminal: 250 }, storage);
    expect(loadPaneSizes(storage)).toEqual({ lesson: 301, terminal: 250 });
  });

  test('damaged, foreign or out-of-range values give the defaults, never an error', () => {
    const storage = memoryStorage();
    for (const raw of ['{', 'null', '"x"', '[1,2]', '{"lesson":"300"}', '{"heap":-5}', '{"heap":1e9}', '{"x":300}']) {
      storage.setItem('pico-heap-lab:pane-sizes', raw);
      expect(loadPaneSizes(storage), raw).toEqual({});
    }
    storage.setItem('pico-heap-lab:pane-sizes', `{"heap":${MIN_PANE_PX - 1},"lesson":${MIN_PANE_PX}}`);
    expect(loadPaneSizes(storage)).toEqual({ lesson: MIN_PANE_PX });
  });

  test('no storage, or a full one, keeps the layout for this visit only', () => {
    expect(loadPaneSizes(undefined)).toEqual({});
    expect(() => savePaneSizes({ lesson: 300 }, undefined)).not.toThrow();
    expect(() => savePaneSizes({ lesson: 300 }, memoryStorage(2))).not.toThrow();
  });
});
