/**
 * The heap views in the built app, in real Chromium, after a Run of the aliasing program: the
 * reference graph (one box per object, one arrow per reference, aliases at one box) and the block
 * memory map agree with each other, with the decoder, and with the CLI's --heap-json for the same
 * program. On the browser board always; on the Virtual Pico with the official firmware when
 * PICO_FIRMWARE is set. Screenshots: test/artifacts/heap-graph-<board>.png, heap-map-<board>.png.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { buildApp, launchChromium, serveApp, type LaunchedBrowser } from '../support/browser';
import { ALIASING_PROGRAM } from '../support/lesson-programs';
import { cliHeapSnapshot } from '../support/run-cli';
import type { HeapSnapshot } from '../../src/model/heap-snapshot';

const ARTIFACTS = resolve(import.meta.dirname, '../artifacts');
const FIRMWARE = process.env.PICO_FIRMWARE;
const hasFirmware = !!FIRMWARE && existsSync(FIRMWARE);
if (!hasFirmware) console.warn('[skip] heap views on the Virtual Pico: set PICO_FIRMWARE=path/to/RPI_PICO.uf2');

const PROGRAM = "list1 = [1, 2, 3]\nlist2 = list1\nlist3 = [1, 2, 3]\ndict1 = {'key': list1}\n";

let browser: LaunchedBrowser | undefined;
let server: { url: string; close: () => Promise<void> } | undefined;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await serveApp(await buildApp());
  browser = await launchChromium({ width: 1280, height: 800 });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openOn(board: 'browser-wasm' | 'virtual-pico'): Promise<Page> {
  const page = await browser!.context.newPage();
  await page.goto(server!.url);
  await page.locator('phl-toolbar select#board').waitFor();
  if (board === 'virtual-pico') {
    await page.locator('phl-toolbar select#board').selectOption('virtual-pico');
    await page.locator('phl-firmware-panel input[type=file]').setInputFiles({
      name: basename(FIRMWARE!),
      mimeType: 'application/octet-stream',
      buffer: readFileSync(FIRMWARE!),
    });
  } else {
    await page.locator('phl-toolbar select#board').selectOption('browser-wasm');
  }
  // Ready, probed and cleaned: the pane shows its first snapshot.
  await page.locator('phl-heap-pane .status', { hasText: 'snapshot at' }).waitFor({ timeout: 60_000 });
  return page;
}

/** Runs the program with the Run button and waits for the snapshot taken after it. */
async function runProgram(page: Page): Promise<void> {
  await page.evaluate((c) => (document.querySelector('phl-code-editor')!.value = c), PROGRAM);
  await page.locator('phl-toolbar button.run').click();
  await page.locator('phl-heap-graph g.var[data-var="dict1"]').waitFor({ timeout: 30_000 });
  await page.locator('phl-heap-pane .status', { hasText: 'lay out' }).waitFor({ timeout: 30_000 });
}

const varTarget = (page: Page, name: string) =>
  page.locator(`phl-heap-graph g.var[data-var="${name}"]`).getAttribute('data-target');

/** The slot texts of a box, in order (what a learner reads in it). */
const boxRows = (page: Page, address: string) =>
  page.locator(`phl-heap-graph g.box[data-address="${address}"] text`).allTextContents();

function appSnapshot(page: Page): Promise<HeapSnapshot> {
  return page.evaluate(() => document.querySelector('phl-app')!.controller.state.heap.snapshot!);
}

for (const board of ['browser-wasm', 'virtual-pico'] as const) {
  describe.skipIf(board === 'virtual-pico' && !hasFirmware)(`heap views on ${board}`, () => {
    let page: Page;
    beforeAll(async () => {
      page = await openOn(board);
      await runProgram(page);
    });
    afterAll(async () => {
      await page?.close();
    });

    test('aliases end at one box; an equal list is another box; dict1["key"] points at list1', async () => {
      const list1 = await varTarget(page, 'list1');
      expect(list1).toMatch(/^0x[0-9a-f]+$/);
      expect(await varTarget(page, 'list2')).toBe(list1);
      const list3 = await varTarget(page, 'list3');
      expect(list3).toMatch(/^0x[0-9a-f]+$/);
      expect(list3).not.toBe(list1);
      // One box per object, however many names refer to it.
      expect(await page.locator(`phl-heap-graph g.box[data-address="${list1}"]`).count()).toBe(1);
      expect(await page.locator(`phl-heap-graph g.box[data-address="${list1}"]`).getAttribute('data-type')).toBe(
        'list',
      );
      // Equal contents: the rows read the same apart from the header's address.
      const rows1 = (await boxRows(page, list1!)).filter((t) => !t.includes('0x'));
      const rows3 = (await boxRows(page, list3!)).filter((t) => !t.includes('0x'));
      expect(rows1).toEqual(rows3);
      expect(rows1.join(' ')).toMatch(/\[0\].*1.*\[1\].*2.*\[2\].*3/);
      const dict1 = await varTarget(page, 'dict1');
      const arrow = page.locator(`phl-heap-graph g.edge[data-from="${dict1}"][data-label="['key']"]`);
      expect(await arrow.getAttribute('data-to')).toBe(list1);
      // Two names' arrows end at list1's box.
      expect(await page.locator(`phl-heap-graph g.edge[data-to="${list1}"]`).count()).toBe(3);
    });

    test('every global of the CLI snapshot of the same program appears with the same target', async () => {
      const cli = await cliHeapSnapshot(`views-${board}`, PROGRAM, board, FIRMWARE);
      const learnerGlobals = cli.globals.filter((g) => !g.name.startsWith('__'));
      expect(learnerGlobals.map((g) => g.name)).toEqual(expect.arrayContaining(['list1', 'list2', 'list3', 'dict1']));
      for (const g of learnerGlobals) {
        const element = page.locator(`phl-heap-graph g.var[data-var="${g.name}"]`);
        expect(await element.count(), g.name).toBe(1);
        if ('ref' in g.value) expect(await element.getAttribute('data-target'), g.name).toBe(g.value.ref);
      }
    });

    test('the map shows as many allocations as the decoder reports; map and graph select each other', async () => {
      const snapshot = await appSnapshot(page);
      // Every heap allocation is drawn as the object it belongs to: a heap object, or one outside the
      // heap that owns heap buffers (__main__'s globals dict owns its table).
      const drawnAsOwn = new Set(snapshot.objects.filter((o) => o.heap || o.parts?.length).map((o) => o.address));
      const mapped = await page
        .locator('phl-heap-map [data-address]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-address')!));
      expect(new Set(mapped)).toEqual(drawnAsOwn);
      const list1 = (await varTarget(page, 'list1'))!;
      const list3 = (await varTarget(page, 'list3'))!;
      await page.locator(`phl-heap-map [data-address="${list1}"]`).first().click();
      await expect.poll(() => page.locator(`phl-heap-graph g.box.selected`).getAttribute('data-address')).toBe(list1);
      await expect
        .poll(() => page.locator('phl-heap-graph .referrers').textContent())
        .toMatch(/referred to by list1, list2 and dict1\['key'\]/);
      await page.locator(`phl-heap-graph g.box[data-address="${list3}"]`).click();
      await expect
        .poll(() => page.locator(`phl-heap-map [data-address="${list3}"][data-selected]`).count())
        .toBeGreaterThan(0);
      await page.locator('phl-heap-graph').screenshot({ path: join(ARTIFACTS, `heap-graph-${board}.png`) });
      await page.locator('phl-heap-map').screenshot({ path: join(ARTIFACTS, `heap-map-${board}.png`) });
    });

    test('Save picture downloads the graph as a standalone SVG with every box and colours resolved', async () => {
      const list1 = (await varTarget(page, 'list1'))!;
      const download = page.waitForEvent('download');
      await page.locator('phl-heap-pane button.save-picture').click();
      const file = await download;
      expect(file.suggestedFilename()).toBe('heap-graph.svg');
      const text = readFileSync(await file.path(), 'utf8');
      const parsed = await page.evaluate((t) => {
        const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
        const box = doc.querySelector<SVGElement>('g.box rect.frame');
        return {
          error: doc.querySelector('parsererror')?.textContent ?? '',
          root: doc.documentElement.nodeName,
          addresses: [...doc.querySelectorAll('g.box')].map((g) => g.getAttribute('data-address')),
          stroke: box?.style.getPropertyValue('stroke') ?? '',
        };
      }, text);
      expect(parsed.error).toBe('');
      expect(parsed.root).toBe('svg');
      expect(parsed.addresses).toContain(list1);
      expect(parsed.stroke).toMatch(/^rgb/); // a colour, not var(--…), so it renders outside the app
    });

    test('a line typed at the REPL is drawn once the prompt is back; Reset leaves a clean heap', async () => {
      const serial = () => page.evaluate(() => document.querySelector('phl-app')!.controller.state.heap.serial);
      let before = await serial();
      await page.locator('phl-terminal .xterm').click();
      await page.keyboard.type('typed = [7, 8]');
      await page.keyboard.press('Enter');
      await page.locator('phl-heap-graph g.var[data-var="typed"]').waitFor({ timeout: 20_000 });
      expect(await serial()).toBeGreaterThan(before);
      const typed = await varTarget(page, 'typed');
      expect(await page.locator(`phl-heap-graph g.box[data-address="${typed}"]`).getAttribute('data-type')).toBe(
        'list',
      );
      before = await serial();
      await page.locator('phl-toolbar button.reset').click();
      await expect.poll(serial, { timeout: 60_000 }).toBeGreaterThan(before);
      // Freed: faded out (class gone) until the next snapshot, then removed.
      await expect.poll(() => page.locator('phl-heap-graph g.var[data-var="typed"]:not(.gone)').count()).toBe(0);
      expect(await page.locator('phl-heap-graph g.var[data-var="list1"]:not(.gone)').count()).toBe(0);
      // Run the program again for the tests after this one.
      await runProgram(page);
    });

    test("the snapshot agrees with the program's own gc.mem_alloc() within a few blocks", async () => {
      await page.evaluate(
        (c) => (document.querySelector('phl-code-editor')!.value = c),
        "print('ALLOC', __import__('gc').mem_alloc())",
      );
      const serial = () => page.evaluate(() => document.querySelector('phl-app')!.controller.state.heap.serial);
      const before = await serial();
      await page.locator('phl-toolbar button.run').click();
      await page.waitForFunction(() => /ALLOC \d+/.test(document.querySelector('phl-terminal')!.bufferText()));
      const alloc = Number(
        /ALLOC (\d+)/.exec(await page.evaluate(() => document.querySelector('phl-terminal')!.bufferText()))![1],
      );
      await expect.poll(serial).toBeGreaterThan(before);
      const used = (await appSnapshot(page)).heap.usedBytes;
      expect(Math.abs(used - alloc)).toBeLessThanOrEqual(4 * 16);
    });

    test('Step: line by line into add(list1), where the frame\u2019s xs and the global list1 are one box; Back and Step again draw the same', async () => {
      const program = ALIASING_PROGRAM;
      await page.evaluate((c) => (document.querySelector('phl-code-editor')!.value = c), program);
      const where = page.locator('phl-step-bar .where');
      const stepButton = page.locator('phl-toolbar button.step');
      const lines: string[] = [];
      for (let i = 0; i < 6; i++) {
        await expect.poll(() => stepButton.isEnabled(), { timeout: 30_000 }).toBe(true);
        await stepButton.click();
        await where.filter({ hasText: `Step ${i + 1} of ${i + 1}` }).waitFor({ timeout: 30_000 });
        lines.push((await where.innerText()).replace(/^Step \d+ of \d+ · /, ''));
      }
      expect(lines).toEqual(['line 1', 'line 2', 'line 3', 'line 4', 'line 6', 'line 5 · in add()']);
      const graph = () =>
        page
          .locator('phl-heap-graph g.var')
          .evaluateAll((els) =>
            els.map(
              (e) => `${e.getAttribute('data-scope')}:${e.getAttribute('data-var')}->${e.getAttribute('data-target')}`,
            ),
          );
      const xs = page.locator('phl-heap-graph g.var:not(.gone)[data-scope^="frame"][data-var="xs"]');
      const list1 = page.locator('phl-heap-graph g.var[data-scope="globals"][data-var="list1"]');
      await xs.waitFor();
      expect(await xs.getAttribute('data-target')).toMatch(/^0x[0-9a-f]+$/);
      expect(await xs.getAttribute('data-target')).toBe(await list1.getAttribute('data-target'));
      // The stepper's own names are not the learner's: not drawn.
      expect((await graph()).filter((v) => v.includes('__phl_'))).toEqual([]);
      const inAdd = await graph();
      // The editor marks line 5 as the one about to run.
      expect(await page.evaluate(() => document.querySelector('phl-code-editor')!.steppedLine)).toBe(5);

      // Under the map, the heap across the steps: used, free and largest free run, the step shown marked.
      const chart = page.locator('phl-heap-pane phl-step-chart');
      expect(await chart.locator('polyline').count()).toBe(3);
      const points = await chart.locator('polyline[data-series="used"]').getAttribute('points');
      expect(points!.trim().split(' ')).toHaveLength(6);
      const marker = () => chart.locator('line.now').getAttribute('x1');
      const atSix = await marker();
      await page.keyboard.press('Shift+F10');
      await where.filter({ hasText: 'Step 5 of 6' }).waitFor();
      await expect.poll(marker).not.toBe(atSix);
      await expect.poll(() => xs.count()).toBe(0); // before the call: no frame
      await page.keyboard.press('F10');
      await where.filter({ hasText: 'Step 6 of 6' }).waitFor();
      await xs.waitFor();
      await expect.poll(graph).toEqual(inAdd);

      // To the end: the output, and the heap after the program (the stepper's names gone, the learner's kept).
      await page.keyboard.press('F10');
      await where.filter({ hasText: 'Step 7 of 7' }).waitFor({ timeout: 30_000 });
      await expect.poll(() => stepButton.isEnabled(), { timeout: 30_000 }).toBe(true);
      await page.keyboard.press('F10');
      await page.locator('phl-step-bar .ended', { hasText: 'the program has ended' }).waitFor({ timeout: 30_000 });
      await page.waitForFunction(() =>
        document.querySelector('phl-terminal')!.bufferText().includes('[1, 2, 3, 4] [1, 2, 3]'),
      );
      await page.waitForFunction(() => {
        const state = document.querySelector('phl-app')!.controller.state;
        return !state.running && state.heap.reason === 'run';
      });
      const names = (await appSnapshot(page)).globals.map((g) => g.name);
      expect(names).toEqual(expect.arrayContaining(['list1', 'list2', 'list3', 'add']));
      expect(names.filter((n) => n.startsWith('__phl_'))).toEqual([]);
    });

    test('Run to cursor (Ctrl+F10): from the start to the line the cursor is on, into the call; Stop ends it quietly', async () => {
      await page.evaluate((c) => (document.querySelector('phl-code-editor')!.value = c), ALIASING_PROGRAM);
      await page.locator('phl-code-editor .view-line', { hasText: 'xs.append(4)' }).click();
      await page.keyboard.press('Control+F10');
      const where = page.locator('phl-step-bar .where');
      await where.filter({ hasText: 'line 5 · in add()' }).waitFor({ timeout: 30_000 });
      expect(await where.innerText()).toMatch(/^Step 6 of 6/);
      await page.locator('phl-toolbar button.stop').click();
      await page.locator('phl-step-bar .ended', { hasText: 'stopped' }).waitFor({ timeout: 30_000 });
      await page.waitForFunction(() => !document.querySelector('phl-app')!.controller.state.running);
      expect(await page.evaluate(() => document.querySelector('phl-app')!.controller.state.runError)).toBeUndefined();
    });

    // Printed, not asserted (timings vary with the machine): issue 10's targets are 100 ms (browser
    // board) and 150 ms (Virtual Pico) a step, 30 ms for Back. npm run bench has the Node side.
    test('step timings in the page: a step (run a line, copy, decode, lay out, draw); Back (lay out, draw)', async () => {
      const program =
        'def add(xs, item):\n    xs.append(item)\n\nlist1 = [1, 2, 3]\nlist2 = list1\nfor i in range(4):\n    add(list1, i)\nprint(list1)\n';
      const times = await page.evaluate(async (code) => {
        const app = document.querySelector('phl-app')!;
        const drawn = () =>
          new Promise<void>((resolve) => app.addEventListener('layout-done', () => resolve(), { once: true }));
        const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
        const steps: number[] = [];
        const backs: number[] = [];
        for (let i = 0; i < 12; i++) {
          const t0 = performance.now();
          const done = drawn();
          await app.controller.step(code);
          await done;
          steps.push(performance.now() - t0);
        }
        for (let i = 0; i < 6; i++) {
          const t0 = performance.now();
          const done = drawn();
          app.controller.stepBack();
          await done;
          backs.push(performance.now() - t0);
        }
        await app.controller.stop();
        return { step: median(steps.slice(1)), back: median(backs) };
      }, program);
      console.log(
        `${board} in Chromium: one step with redraw, median ${times.step.toFixed(1)} ms ` +
          `(target ${board === 'virtual-pico' ? 150 : 100}); Back, median ${times.back.toFixed(1)} ms (target 30)`,
      );
      expect(times.step).toBeGreaterThan(0);
      await page.waitForFunction(() => !document.querySelector('phl-app')!.controller.state.running);
    }, 120_000);
  });
}
