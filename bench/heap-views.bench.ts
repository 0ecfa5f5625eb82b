// The heap views in the built app, measured inside Chromium with performance.now(): snapshot →
// decode → layout → render after a program ran (lesson-sized and 200-object heaps), one more object
// after that (incremental placement), and a memory-map redraw. Medians of 20, printed against the
// targets as ratios (below 1 meets it). Uses the browser board, which needs no firmware.
import type { Page } from 'playwright-core';
import { buildApp, launchChromium, serveApp } from '../test/support/browser';
import { median, reportAgainstTarget } from './stats';

const RUNS = 20;

/** `n` objects the learner made: lists, dicts, strings and instances, linked to each other. */
function program(n: number): string {
  return [
    'class Node:',
    '    def __init__(self, v, nxt):',
    '        self.v = v',
    '        self.next = nxt',
    'last = None',
    // Four objects per step (Node, list, dict, str), none in a container long enough to collapse.
    `for i in range(${Math.round(n / 4)}):`,
    "    last = Node([{'i': i}, 'text number %d' % i], last)",
  ].join('\n');
}

/**
 * Takes a snapshot through the app (Inspect) and waits until the graph has drawn that snapshot;
 * returns the in-page times (ms).
 */
function measureRefresh(page: Page): Promise<{ total: number; memory: number; decode: number; layout: number }> {
  return page.evaluate(async () => {
    const app = document.querySelector('phl-app')!;
    const graph = document.querySelector('phl-heap-pane')!.shadowRoot!.querySelector('phl-heap-graph')!;
    const t0 = performance.now();
    await app.controller.inspect();
    const snapshot = app.controller.state.heap.snapshot;
    while (graph.layoutSnapshot !== snapshot) await new Promise((r) => setTimeout(r, 0));
    await graph.updateComplete;
    const total = performance.now() - t0;
    const timings = app.controller.state.heap.timings!;
    return { total, memory: timings.memoryMs, decode: timings.decodeMs, layout: graph.lastLayoutMs ?? 0 };
  });
}

/** Runs a program and waits until the snapshot the run itself triggers is drawn: the app is quiet again. */
async function run(page: Page, code: string): Promise<void> {
  await page.evaluate(async (c) => {
    const app = document.querySelector('phl-app')!;
    const graph = document.querySelector('phl-heap-pane')!.shadowRoot!.querySelector('phl-heap-graph')!;
    const serial = app.controller.state.heap.serial;
    await app.controller.run(c);
    // (No named helpers in here: the page has no `__name`, which tsx would add for one.)
    while (app.controller.state.heap.serial === serial || app.controller.state.heap.status !== 'ready')
      await new Promise((r) => setTimeout(r, 5));
    while (graph.layoutSnapshot !== app.controller.state.heap.snapshot) await new Promise((r) => setTimeout(r, 5));
    await graph.updateComplete;
  }, code);
}

async function objectsDrawn(page: Page): Promise<number> {
  return page.locator('phl-heap-graph g.box').count();
}

export default async function bench(): Promise<void> {
  const server = await serveApp(await buildApp());
  const browser = await launchChromium({ width: 1280, height: 800 });
  try {
    for (const n of [60, 200]) {
      const page = await browser.context.newPage();
      await page.goto(server.url);
      await page.locator('phl-toolbar select#board').selectOption('browser-wasm');
      await page.locator('phl-heap-pane .status', { hasText: 'snapshot at' }).waitFor({ timeout: 60_000 });
      await run(page, program(n));
      await measureRefresh(page); // the first layout of this heap (full)
      const boxes = await objectsDrawn(page);
      // The full pipeline, from scratch each time: a new page state is not needed, the layout is
      // forced to start over by dropping the previous one.
      const full: { total: number; memory: number; decode: number; layout: number }[] = [];
      for (let i = 0; i < RUNS; i++) {
        await page.evaluate(() => {
          const graph = document.querySelector('phl-heap-pane')!.shadowRoot!.querySelector('phl-heap-graph')!;
          graph.layout = undefined;
        });
        full.push(await measureRefresh(page));
      }
      reportAgainstTarget(
        `snapshot → decode → layout → render, ${boxes} boxes`,
        full.map((t) => t.total),
        n <= 60 ? 100 : 300,
      );
      const more: { total: number; memory: number; decode: number; layout: number }[] = [];
      for (let i = 0; i < RUNS; i++) {
        await run(page, `extra_${i} = [${i}]`);
        more.push(await measureRefresh(page));
      }
      reportAgainstTarget(
        `one more object after that (${boxes} boxes, incremental)`,
        more.map((t) => t.total),
        30,
      );
      console.log(
        `  of which: memory copy median ${median(more.map((t) => t.memory)).toFixed(1)} ms, ` +
          `decode ${median(more.map((t) => t.decode)).toFixed(1)} ms, ` +
          `layout (worker round trip) ${median(more.map((t) => t.layout)).toFixed(1)} ms; the rest is drawing`,
      );
      console.log(
        '  samples (total/memory/layout): ' +
          more.map((t) => `${t.total.toFixed(0)}/${t.memory.toFixed(0)}/${t.layout.toFixed(0)}`).join(' '),
      );
      const redraw = await page.evaluate(async (runs) => {
        const map = document.querySelector('phl-heap-pane')!.shadowRoot!.querySelector('phl-heap-map')!;
        const boxes = [...map.shadowRoot!.querySelectorAll('[data-address]')].map((e) =>
          e.getAttribute('data-address')!,
        );
        const times: number[] = [];
        for (let i = 0; i < runs; i++) {
          const t0 = performance.now();
          map.selected = boxes[i % boxes.length];
          await map.updateComplete;
          times.push(performance.now() - t0);
        }
        return times;
      }, RUNS);
      reportAgainstTarget(`memory map redraw (a new selection), ${n}-object heap`, redraw, 16);
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
}
