/**
 * <phl-heap-map> alone in real Chromium, fed real snapshots written by the CLI: one queryable
 * element per object the map draws, clicks and keys firing object-select, the selection outline,
 * the statistics and the MemoryError sentence, and the redraw time for a 15,008-block heap (worst
 * case: every block its own allocation). The element is served by the Vite dev server from
 * test/browser/fixtures/heap-map.html. Screenshot: test/artifacts/heap-map.png.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CDPSession, Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { launchChromium, type LaunchedBrowser } from '../support/browser';
import { cliHeapSnapshot } from '../support/run-cli';
import { buildMemoryMap, formatNumber, statsSentence } from '../../src/graph/memory-map-model';
import type { HeapObject, HeapSnapshot, ObjectKind, ObjectRole } from '../../src/model/heap-snapshot';
import type { HeapMap } from '../../src/ui/heap-map';
import type { MapGeometry } from '../../src/ui/heap-map-canvas';

const ROOT = resolve(import.meta.dirname, '../..');
const ARTIFACTS = join(ROOT, 'test/artifacts');

/**
 * Live lists with garbage strings between them: something to see. (The WebAssembly build collects
 * by itself after ~16 KB of allocations, so the program stays small to keep its garbage.)
 */
const PROGRAM = `
keep = []
junk = []
for i in range(30):
    keep.append([i] * (i % 6 + 1))
    junk.append('x' * (i * 3 + 20))
junk = None
words = {'pico': 1, 'heap': 2, 'map': 3}
point = (1.5, 2.5)
`;

let server: ViteDevServer | undefined;
let browser: LaunchedBrowser | undefined;
let page: Page;
let cdp: CDPSession | undefined;
let fragmented: HeapSnapshot;
let split: HeapSnapshot;
const pageErrors: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  [fragmented, split] = await Promise.all([
    cliHeapSnapshot('fragmented', PROGRAM),
    cliHeapSnapshot('split', 'big = bytearray(300000)\nsmall = [big]\n'),
  ]);
  server = await createServer({
    root: ROOT,
    configFile: join(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false },
    // Found up front, so the first page load does not reload once Vite has bundled lit.
    optimizeDeps: { entries: ['test/browser/fixtures/heap-map.html'] },
  });
  await server.listen();
  browser = await launchChromium({ width: 1000, height: 900 });
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (m) => void (m.type() === 'error' && pageErrors.push(m.text())));
  await page.goto(`${server.resolvedUrls!.local[0]}test/browser/fixtures/heap-map.html`);
  await page.waitForFunction(() => !!customElements.get('phl-heap-map'), undefined, { timeout: 30_000 });
  await page.evaluate(() => {
    const w = window as unknown as { selects: unknown[] };
    w.selects = [];
    document.addEventListener('object-select', (e) => w.selects.push((e as CustomEvent).detail));
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

// ---- helpers -------------------------------------------------------------------------------

const map = () => page.locator('phl-heap-map');
const hits = () => page.locator('phl-heap-map [data-address]');

/** Puts a fresh element with this snapshot in the pane and waits until it has drawn at its width. */
async function mount(snapshot: HeapSnapshot, props: { selected?: string; showInternal?: boolean } = {}) {
  await page.evaluate(
    async ({ snapshot, props }) => {
      const pane = document.getElementById('pane')!;
      const el = document.createElement('phl-heap-map');
      Object.assign(el, props);
      el.snapshot = snapshot;
      pane.replaceChildren(el);
      (window as unknown as { selects: unknown[] }).selects.length = 0;
      await el.updateComplete;
      // The ResizeObserver reports the real width on the next frame: one more update.
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      await el.updateComplete;
    },
    { snapshot, props },
  );
}

/** Emulates a display with this devicePixelRatio (1: the launch default). */
async function deviceScale(scale: number): Promise<void> {
  // One session for the page: an override ends with the session that set it.
  cdp ??= await page.context().newCDPSession(page);
  if (scale === 1) await cdp.send('Emulation.clearDeviceMetricsOverride');
  else
    await cdp.send('Emulation.setDeviceMetricsOverride', {
      width: 1000,
      height: 900,
      deviceScaleFactor: scale,
      mobile: false,
    });
  expect(await page.evaluate(() => window.devicePixelRatio)).toBe(scale);
}

function selects(): Promise<{ address?: string }[]> {
  return page.evaluate(() => (window as unknown as { selects: { address?: string }[] }).selects);
}

/** The cell geometry the element drew with (private, read for the test's clicks and pixel checks). */
function geometry(): Promise<MapGeometry> {
  return page.evaluate(() => (document.querySelector('phl-heap-map') as unknown as { geo: MapGeometry }).geo);
}

async function canvasBox() {
  const box = await page.locator('phl-heap-map canvas').boundingBox();
  if (!box) throw new Error('no canvas');
  return box;
}

/** A canvas pixel (CSS px coordinates) as [r, g, b, a]. */
function pixel(x: number, y: number): Promise<number[]> {
  return page.evaluate(
    ({ x, y }) => {
      const canvas = document.querySelector('phl-heap-map')!.shadowRoot!.querySelector('canvas')!;
      const dpr = canvas.width / canvas.getBoundingClientRect().width;
      return [...canvas.getContext('2d')!.getImageData(Math.floor(x * dpr), Math.floor(y * dpr), 1, 1).data];
    },
    { x, y },
  );
}

function globalRef(snapshot: HeapSnapshot, name: string): string {
  const value = snapshot.globals.find((g) => g.name === name)?.value;
  if (!value || !('ref' in value)) throw new Error(`no global ${name} holding an object`);
  return value.ref;
}

// ---- tests ---------------------------------------------------------------------------------

describe('<phl-heap-map> in Chromium', () => {
  test('one queryable element per object the map draws, with its type and blocks', async () => {
    await mount(fragmented);
    const model = buildMemoryMap(fragmented);
    expect(model.warnings).toEqual([]);
    await expect.poll(() => hits().count()).toBe(model.owners.length);
    const keep = globalRef(fragmented, 'keep');
    const owner = model.owners.find((o) => o.address === keep)!;
    const hit = page.locator(`phl-heap-map [data-address="${keep}"]`);
    expect(await hit.getAttribute('data-type')).toBe('list');
    expect(await hit.getAttribute('data-blocks')).toBe(String(owner.blocks));
    expect(await page.locator('phl-heap-map [data-selected]').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  test('clicking an object fires object-select with its address; free space with none', async () => {
    await mount(fragmented);
    const words = globalRef(fragmented, 'words');
    await page.locator(`phl-heap-map [data-address="${words}"]`).click();
    expect(await selects()).toEqual([{ address: words }]);

    // A free block in the fragmented part of the heap, clicked on the canvas itself.
    const model = buildMemoryMap(fragmented);
    const free = model.areas[0].blockAllocation.indexOf(-1);
    expect(free).toBeGreaterThan(0);
    const geo = await geometry();
    const position = {
      x: (free % geo.cols) * geo.cell + geo.cell / 2,
      y: geo.areas[0].top + Math.floor(free / geo.cols) * geo.cell + geo.cell / 2,
    };
    await page.locator('phl-heap-map canvas').click({ position });
    expect((await selects())[1]).toEqual({ address: undefined });
    expect(await selects()).toHaveLength(2);
  });

  test('the selected object is marked and outlined, its parts too', async () => {
    const keep = globalRef(fragmented, 'keep');
    const model = buildMemoryMap(fragmented);
    const owner = model.owners.find((o) => o.address === keep)!;
    expect(owner.allocations.length).toBeGreaterThan(1); // the list and its item array
    await mount(fragmented);
    const geo = await geometry();
    // Above each of its allocations' first cell: the outline's top edge, dark, where before it was not.
    const edges = owner.allocations.map((i) => {
      const a = model.allocations[i];
      return {
        x: (a.startBlock % geo.cols) * geo.cell + geo.cell / 2,
        y: geo.areas[a.area].top + Math.floor(a.startBlock / geo.cols) * geo.cell - 1,
      };
    });
    const before = await Promise.all(edges.map((e) => pixel(e.x, e.y)));
    await page.evaluate((address) => (document.querySelector('phl-heap-map')!.selected = address), keep);
    await page.evaluate(() => document.querySelector('phl-heap-map')!.updateComplete);
    const selected = page.locator('phl-heap-map [data-selected]');
    expect(await selected.count()).toBe(1);
    expect(await selected.getAttribute('data-address')).toBe(keep);
    const after = await Promise.all(edges.map((e) => pixel(e.x, e.y)));
    for (const [i, [r, g, b]] of after.entries()) {
      expect(r + g + b, `outline above allocation ${i}`).toBeLessThan(200); // --phl-selected: #1f2328
      expect(after[i]).not.toEqual(before[i]);
    }
  });

  test('statistics and the MemoryError sentence show the snapshot numbers', async () => {
    await mount(fragmented);
    const facts = statsSentence(fragmented)!;
    const stats = page.locator('phl-heap-map .stats');
    await expect.poll(() => stats.locator('.sentence').textContent()).toBe(facts.text);
    expect(facts.text).toContain(`A request of ${formatNumber(facts.requestBytes)} bytes would fail now`);
    const row = async (label: string) => (await stats.locator(`dt:text-is("${label}") + dd`).textContent())?.trim();
    const h = fragmented.heap;
    expect(await row('Total')).toBe(`${formatNumber(h.totalBytes)} bytes`);
    expect(await row('Used')).toBe(`${formatNumber(h.usedBytes)} bytes`);
    expect(await row('Free')).toBe(`${formatNumber(h.freeBytes)} bytes`);
    expect(await row('Largest free run')).toBe(`${formatNumber(h.largestFreeBytes)} bytes`);
    expect(await row('Free runs')).toBe(formatNumber(h.freeRuns));
    expect(await row('Fragmentation')).toBe(`${(h.fragmentation * 100).toFixed(1)} %`);
    expect(await row('Garbage')).toBe(`${formatNumber(h.bytesByRole.garbage)} bytes`);
    expect(h.bytesByRole.garbage).toBeGreaterThan(0);
    expect(facts.text).toContain('this board grows its heap instead');
  });

  test('hovering names the allocation and the variable that holds it', async () => {
    await mount(fragmented);
    const model = buildMemoryMap(fragmented);
    const words = globalRef(fragmented, 'words');
    const a = model.allocations.find((x) => x.address === words)!;
    const geo = await geometry();
    const box = await canvasBox();
    await page.mouse.move(
      box.x + (a.startBlock % geo.cols) * geo.cell + geo.cell / 2,
      box.y + geo.areas[0].top + Math.floor(a.startBlock / geo.cols) * geo.cell + geo.cell / 2,
    );
    const tooltip = page.locator('phl-heap-map .tooltip');
    await expect.poll(() => tooltip.textContent()).toContain(`dict at ${words}`);
    expect(await tooltip.textContent()).toContain('held by words');
    await page.mouse.move(0, 0);
    await expect.poll(() => tooltip.count()).toBe(0);
  });

  test('arrow keys move between allocations, Enter selects, Escape clears', async () => {
    await mount(fragmented);
    const model = buildMemoryMap(fragmented);
    // Without showInternal, the keys stop at the learner's objects only.
    const stops = model.allocations.filter((a) => a.role === 'live' || a.role === 'garbage');
    await page.locator('phl-heap-map canvas').focus();
    const live = page.locator('phl-heap-map [aria-live]');
    const owner = (i: number) => model.owners[stops[i].ownerIndex];
    await expect.poll(() => live.textContent()).toContain(`at ${owner(0).address}`);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => live.textContent()).toContain(`at ${owner(2).address}`);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => live.textContent()).toContain(`at ${owner(1).address}`);
    await page.keyboard.press('Enter');
    await page.keyboard.press('End');
    await expect.poll(() => live.textContent()).toContain(`at ${owner(stops.length - 1).address}`);
    await page.keyboard.press('Escape');
    expect(await selects()).toEqual([{ address: owner(1).address }, { address: undefined }]);
  });

  test('a split heap shows every area in order, each with its label', async () => {
    await mount(split);
    const labels = await page.locator('phl-heap-map .area-label').allTextContents();
    expect(labels.map((l) => l.trim())).toEqual(
      split.heap.areas.map(
        (a, i) =>
          `Area ${i + 1} of ${split.heap.areas.length} · ` +
          `${a.poolStart} – ${a.poolEnd} · ${formatNumber(a.blocks)} blocks`,
      ),
    );
    const big = globalRef(split, 'big');
    const model = buildMemoryMap(split);
    await expect.poll(() => hits().count()).toBe(model.owners.length);
    expect(await page.locator(`phl-heap-map [data-address="${big}"]`).getAttribute('data-type')).toBe('bytearray');
    await map().screenshot({ path: join(ARTIFACTS, 'heap-map-split.png') });
  });

  test('redraws a 15,008-block heap within a frame (16 ms), even with every block its own allocation', async () => {
    const results: Record<string, { median: number; max: number; update: number }> = {};
    const cases = [
      ['real', fragmented, 1],
      ['worst', worstCase(15_008), 1],
      ['worst@2x', worstCase(15_008), 2],
    ] as const;
    for (const [name, snapshot, scale] of cases) {
      await deviceScale(scale);
      await mount(snapshot, { showInternal: true });
      const model = buildMemoryMap(snapshot);
      const selected = model.owners[Math.floor(model.owners.length / 2)].address;
      results[name] = await page.evaluate(async (selected) => {
        const el = document.querySelector('phl-heap-map') as HeapMap;
        const canvas = el.shadowRoot!.querySelector('canvas')!;
        const ctx = canvas.getContext('2d')!;
        const times: number[] = [];
        for (let i = 0; i < 30; i++) {
          const start = performance.now();
          el.draw();
          ctx.getImageData(0, 0, 1, 1); // waits for the pixels, not only the recorded commands
          times.push(performance.now() - start);
        }
        times.sort((a, b) => a - b);
        // A whole update as the pane causes it: a new selection, rendered and drawn.
        const start = performance.now();
        el.selected = selected;
        await el.updateComplete;
        ctx.getImageData(0, 0, 1, 1);
        const update = performance.now() - start;
        return { median: times[times.length >> 1], max: times[times.length - 1], update };
      }, selected);
    }
    await deviceScale(1);
    for (const [name, r] of Object.entries(results))
      console.log(
        `[heap-map] redraw of 15,008 blocks, ${name}: median ${r.median.toFixed(2)} ms (max ${r.max.toFixed(2)}), ` +
          `selection update ${r.update.toFixed(2)} ms`,
      );
    for (const r of Object.values(results)) expect(r.median).toBeLessThanOrEqual(16);
  });

  test('screenshot: the fragmented heap with a selection and a tooltip', async () => {
    const keep = globalRef(fragmented, 'keep');
    await mount(fragmented, { selected: keep });
    const model = buildMemoryMap(fragmented);
    const words = model.allocations.find((a) => a.address === globalRef(fragmented, 'words'))!;
    const geo = await geometry();
    const box = await canvasBox();
    await page.mouse.move(
      box.x + (words.startBlock % geo.cols) * geo.cell + geo.cell / 2,
      box.y + geo.areas[0].top + Math.floor(words.startBlock / geo.cols) * geo.cell + geo.cell / 2,
    );
    await page.locator('phl-heap-map .tooltip').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'heap-map.png'), fullPage: true });
    // The same at devicePixelRatio 2, for a close look at cells, hatching and outline.
    await deviceScale(2);
    await mount(fragmented, { selected: keep });
    // Through CDP: Playwright's own screenshot scales by the context's ratio (1), not the emulated one.
    const mapBox = (await map().boundingBox())!;
    const shot = await cdp!.send('Page.captureScreenshot', {
      format: 'png',
      clip: { x: mapBox.x, y: mapBox.y, width: mapBox.width, height: 260, scale: 1 },
    });
    writeFileSync(join(ARTIFACTS, 'heap-map@2x.png'), Buffer.from(shot.data, 'base64'));
    await deviceScale(1);
    // A pane dragged wide: bigger cells; the statistics stay above the map, readable without scrolling it.
    await page.evaluate(() => (document.getElementById('pane')!.style.width = '720px'));
    await mount(fragmented, { selected: keep });
    await map().screenshot({ path: join(ARTIFACTS, 'heap-map-wide.png') });
    const [mapBox2, statsBox] = await Promise.all([
      page.locator('phl-heap-map .scroller').boundingBox(),
      page.locator('phl-heap-map .stats').boundingBox(),
    ]);
    expect(statsBox!.y + statsBox!.height).toBeLessThanOrEqual(mapBox2!.y + 1);
    await page.evaluate(() => (document.getElementById('pane')!.style.width = ''));
    expect(pageErrors).toEqual([]);
  });
});

/** Every block its own allocation, kinds and roles mixed, a free block every seventh: most runs, most colours. */
function worstCase(blocks: number): HeapSnapshot {
  const kinds: ObjectKind[] = ['list', 'tuple', 'dict', 'set', 'str', 'bytes', 'int', 'float', 'instance', 'function'];
  const roles: ObjectRole[] = ['live', 'garbage', 'live', 'compiler', 'firmware'];
  const start = 0x20010000;
  let blockMap = '';
  const objects: HeapObject[] = [];
  const bytesByRole = { live: 0, garbage: 0, compiler: 0, firmware: 0 };
  for (let b = 0; b < blocks; b++) {
    if (b % 7 === 6) {
      blockMap += '.';
      continue;
    }
    blockMap += 'h';
    const kind = kinds[b % kinds.length];
    const role = roles[b % roles.length] as Exclude<ObjectRole, 'static'>;
    bytesByRole[role] += 16;
    objects.push({
      address: '0x' + (start + b * 16).toString(16),
      type: kind,
      kind,
      role,
      blocks: 1,
      bytes: 16,
      value: '',
      refs: [],
      reachable: role === 'live',
      internal: role === 'firmware',
      heap: true,
    });
  }
  const free = (blocks - objects.length) * 16;
  return {
    board: 'synthetic',
    micropython: { version: '1.27.0' },
    heap: {
      poolStart: '0x' + start.toString(16),
      poolEnd: '0x' + (start + blocks * 16).toString(16),
      totalBytes: blocks * 16,
      usedBytes: objects.length * 16,
      freeBytes: free,
      largestFreeBytes: 16,
      freeRuns: free / 16,
      fragmentation: 1 - 16 / free,
      bytesByRole,
      areas: [
        {
          poolStart: '0x' + start.toString(16),
          poolEnd: '0x' + (start + blocks * 16).toString(16),
          blocks,
          blockMap,
        },
      ],
    },
    globals: [],
    objects,
    warnings: [],
  };
}
