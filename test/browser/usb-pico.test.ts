/**
 * The USB Pico in the built app, in real Chromium, through a stand-in for Web Serial whose port is
 * a real MicroPython board in the test process (test/support/fake-web-serial.ts): the Virtual Pico
 * with PICO_FIRMWARE, else the MicroPython WebAssembly build. Connect with the port chooser, run,
 * a 20 KB program, the heap over the REPL equal to the board's own memory, stepping the aliasing
 * program with each pause equal to the board's own memory there, unplugging during a long run and
 * during a memory read (then Reconnect), a port that answers garbage, a chooser closed without a
 * choice, and a browser without Web Serial. Screenshot: test/artifacts/usb-pico.png.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { Board } from '../../src/board/board';
import { createNodeWasmBoard } from '../../src/board/wasm/wasm-board-node';
import { inspectHeap } from '../../src/model/inspect-heap';
import type { HeapSnapshot } from '../../src/model/heap-snapshot';
import type { ProbeFacts } from '../../src/probe/probe-facts';
import { buildApp, launchChromium, serveApp, type LaunchedBrowser } from '../support/browser';
import { installFakeSerial } from '../support/fake-web-serial';
import { setProgram, terminalShows } from '../support/app-page';
import { ALIASING_PROGRAM } from '../support/lesson-programs';

const ARTIFACTS = resolve(import.meta.dirname, '../artifacts');
const ROOT = resolve(import.meta.dirname, '../..');
const FIRMWARE = process.env.PICO_FIRMWARE;
const hasFirmware = !!FIRMWARE && existsSync(FIRMWARE);
if (!hasFirmware) console.warn('[usb-pico] PICO_FIRMWARE not set: the port is backed by the browser MicroPython build');

let browser: LaunchedBrowser | undefined;
let server: { url: string; close: () => Promise<void> } | undefined;
let board: Board;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await serveApp(await buildApp(join(ROOT, 'test/.build/app-usb')));
  browser = await launchChromium({ width: 1280, height: 800 });
  if (hasFirmware) {
    const { VirtualPicoBoard } = await import('../../src/board/virtual-pico/virtual-pico-board');
    board = new VirtualPicoBoard({ firmware: new Uint8Array(readFileSync(FIRMWARE)), hosting: 'inline' });
  } else {
    board = createNodeWasmBoard();
  }
  await board.connect();
}, 180_000);

/** Pages of the current test: closed after it however it ended, so two never share the board. */
const pages: Page[] = [];
afterEach(async () => {
  for (const page of pages.splice(0)) await page.close().catch(() => undefined);
  // Whatever the last page left running on the board stops, as when a real Pico's port closes.
  board.write(new Uint8Array([0x03, 0x03, 0x02]));
  await new Promise((resolve) => setTimeout(resolve, 200));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await board?.dispose();
});

const pill = (page: Page) => page.locator('phl-status-pill .label').textContent();
const waitForPill = (page: Page, label: string, timeout = 30_000) =>
  page.locator('phl-status-pill .label', { hasText: label }).waitFor({ timeout });
const waitForSnapshot = (page: Page, timeout = 60_000) =>
  page.waitForFunction(
    () => {
      const heap = document.querySelector('phl-app')!.controller.state.heap;
      return heap.status === 'ready' && heap.snapshot !== undefined;
    },
    undefined,
    { timeout },
  );
const appSnapshot = (page: Page): Promise<HeapSnapshot> =>
  page.evaluate(() => document.querySelector('phl-app')!.controller.state.heap.snapshot!);
/** The probe facts of the page's board (the lab's own; nothing else can run on the board meanwhile). */
const appFacts = (page: Page): Promise<ProbeFacts> =>
  page.evaluate(
    () =>
      (document.querySelector('phl-app')!.controller as unknown as { inspector: { capture: { probe: ProbeFacts } } })
        .inspector.capture.probe,
  );

/** What a learner sees of a snapshot: names, frames, live objects with their values and references. */
const seen = (s: HeapSnapshot) => ({
  globals: s.globals,
  frames: s.frames,
  live: s.objects.filter((o) => o.reachable),
});

/** The board's own memory, decoded with the page's facts (the Virtual Pico copies it while it waits). */
async function direct(page: Page, frames?: { label: string; locals: { name: string; word: number }[] }[]) {
  const image = await board.memory!({ includeFlash: true });
  return inspectHeap(image, await appFacts(page), { frames });
}

async function openPage(options: Parameters<typeof installFakeSerial>[2] = {}, withBoard = true) {
  const page = await browser!.context.newPage();
  pages.push(page);
  const fake = await installFakeSerial(page, withBoard ? board : undefined, options);
  await page.goto(server!.url);
  await page.locator('phl-toolbar select#board').waitFor();
  await page.locator('phl-toolbar select#board').selectOption('usb-pico');
  return { page, fake };
}

async function connect(page: Page): Promise<void> {
  await waitForPill(page, 'Not connected');
  await page.locator('phl-usb-pico-strip button.choose').click();
  await waitForPill(page, 'Ready', 60_000);
  await waitForSnapshot(page);
}

describe('a USB Pico over Web Serial', () => {
  test('connect with the chooser, run, and the heap read over the REPL equals the board\u2019s memory', async () => {
    const { page, fake } = await openPage();
    expect(await page.locator('phl-usb-pico-strip button.choose').textContent()).toContain('Connect a USB Pico');
    const picked = () => page.locator('phl-toolbar select#board option[value="usb-pico"]').textContent();
    expect(await picked()).toContain('USB Pico · no port chosen');
    await connect(page);
    expect(await picked()).toContain('USB Pico · connected');
    expect(await page.locator('phl-usb-pico-strip .what').textContent()).toContain('Raspberry Pi 2E8A:0005');

    await setProgram(page, ALIASING_PROGRAM);
    await page.locator('phl-toolbar button.run').click();
    await terminalShows(page, '[1, 2, 3, 4] [1, 2, 3]');
    await page.locator('phl-heap-graph g.var[data-var="list3"]').waitFor({ timeout: 60_000 });
    await waitForSnapshot(page);
    expect(seen(await appSnapshot(page))).toEqual(seen(await direct(page)));

    // One snapshot on request, measured: what crossed the cable and how often the page waited.
    fake.resetTraffic();
    const started = Date.now();
    await page.evaluate(() => document.querySelector('phl-app')!.controller.inspect());
    await waitForSnapshot(page);
    const ms = Date.now() - started;
    const t = { ...fake.traffic };
    const modelMs = (t.fromBoard + t.toBoard) / 1000; // 1 MB/s of CDC payload at best
    console.log(
      `[usb-pico] snapshot: ${t.memoryRequests} memory reads in ${t.writes} writes, ` +
        `${t.fromBoard} bytes from the board, ${t.toBoard} to it; ${ms} ms here; ` +
        `${modelMs.toFixed(0)} ms of transfer at a Pico's 1 MB/s`,
    );
    expect(t.memoryRequests).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, 'usb-pico.png') });
    await page.close();
  });

  test('a 20 KB program runs (raw-paste with flow control)', async () => {
    const { page } = await openPage();
    await connect(page);
    const lines = ['total = 0'];
    for (let i = 0; lines.join('\n').length < 20_000; i++)
      lines.push(`total += ${i}  # padding to make a long program`);
    const n = lines.length - 1;
    lines.push("print('total', total)");
    await setProgram(page, lines.join('\n'));
    await page.locator('phl-toolbar button.run').click();
    await terminalShows(page, `total ${(n * (n - 1)) / 2}`, 120_000);
    await page.close();
  });

  test('stepping the aliasing program: each pause, read by the paused program, equals the board\u2019s memory there', async () => {
    const { page, fake } = await openPage();
    await connect(page);
    await setProgram(page, ALIASING_PROGRAM);
    const lines: number[] = [];
    for (let i = 0; i < 7; i++) {
      await page.locator('phl-toolbar button.step').click();
      await page.waitForFunction(
        (n) => {
          const s = document.querySelector('phl-app')!.controller.state.stepper;
          return !s.working && s.history.length === n;
        },
        i + 1,
        { timeout: 60_000 },
      );
      const step = await page.evaluate(() => {
        const s = document.querySelector('phl-app')!.controller.state.stepper;
        const shown = s.history[s.position];
        return { line: shown.line, snapshot: shown.snapshot };
      });
      lines.push(step.line);
      // The board's copy decoded without the frames: the aliasing program's calls hold nothing
      // the globals do not, so names and live objects must agree.
      const mine = seen(step.snapshot);
      const theirs = seen(await direct(page));
      expect(mine.globals, `before line ${step.line}`).toEqual(theirs.globals);
      expect(mine.live, `before line ${step.line}`).toEqual(theirs.live);
    }
    expect(lines).toEqual([1, 2, 3, 4, 6, 5, 7]);
    // Unplugged while the program waits at a step: it ends as stopped, the steps stay to look at.
    await fake.unplug();
    await page.waitForFunction(() => !document.querySelector('phl-app')!.controller.state.stepper.active, undefined, {
      timeout: 10_000,
    });
    const after = await page.evaluate(() => document.querySelector('phl-app')!.controller.state.stepper);
    expect(after.ended?.stopped).toBe(true);
    expect(after.history).toHaveLength(7);
    await fake.plugIn();
    await page.close();
  });

  test('unplugged during a long run: the lab says so, nothing hangs, Reconnect works, the program is kept', async () => {
    const { page, fake } = await openPage();
    await connect(page);
    const program = 'n = 0\nwhile True:\n    n += 1\n';
    await setProgram(page, program);
    await page.locator('phl-toolbar button.run').click();
    await waitForPill(page, 'Running');
    await fake.unplug();
    await waitForPill(page, 'Disconnected', 10_000);
    expect(
      await page.locator('phl-status-pill').evaluate((el) => (el as HTMLElement & { detail: string }).detail),
    ).toContain('unplugged');
    await page.locator('phl-usb-pico-strip button.reconnect').waitFor({ timeout: 10_000 });
    expect(await page.evaluate(() => document.querySelector('phl-app')!.controller.state.running)).toBe(false);

    await fake.plugIn();
    await page.locator('phl-usb-pico-strip button.reconnect').click();
    await waitForPill(page, 'Ready', 60_000);
    expect(await page.evaluate(() => document.querySelector('phl-code-editor')!.value)).toBe(program);
    await setProgram(page, 'print(6 * 7)');
    await page.locator('phl-toolbar button.run').click();
    await terminalShows(page, '42');
    await page.close();
  });

  test('unplugged during a memory read: the heap view says so instead of waiting, and Reconnect works', async () => {
    const { page, fake } = await openPage();
    await connect(page);
    fake.unplugWhen((text) => /R[0-9a-f]{12}/.test(text));
    await page.evaluate(() => void document.querySelector('phl-app')!.controller.inspect());
    await waitForPill(page, 'Disconnected', 10_000);
    await page.waitForFunction(
      () => document.querySelector('phl-app')!.controller.state.heap.status !== 'capturing',
      undefined,
      {
        timeout: 10_000,
      },
    );
    await fake.plugIn();
    await page.locator('phl-usb-pico-strip button.reconnect').click();
    await waitForPill(page, 'Ready', 60_000);
    await waitForSnapshot(page);
    await page.close();
  });

  test('unplugged while a long program is being pasted: the run ends, nothing hangs', async () => {
    const { page, fake } = await openPage();
    await connect(page);
    const lines = ['total = 0'];
    for (let i = 0; lines.join('\n').length < 20_000; i++)
      lines.push(`total += ${i}  # a long program, pasted in pieces`);
    await setProgram(page, lines.join('\n'));
    fake.unplugWhen((text) => text.includes('total += 300 '));
    await page.locator('phl-toolbar button.run').click();
    await waitForPill(page, 'Disconnected', 10_000);
    await page.waitForFunction(() => !document.querySelector('phl-app')!.controller.state.running, undefined, {
      timeout: 10_000,
    });
    await fake.plugIn();
  });

  test('a port another program holds: says so, and Reconnect opens it once it is free', async () => {
    const { page } = await openPage({ busyOnce: true });
    await waitForPill(page, 'Not connected');
    await page.locator('phl-usb-pico-strip button.choose').click();
    await page.locator('phl-usb-pico-strip .usb-problem', { hasText: 'another program is using the port' }).waitFor();
    await page.locator('phl-usb-pico-strip button.reconnect').click();
    await waitForPill(page, 'Ready', 60_000);
  });

  test('a MicroPython without raw-paste: plain raw mode, said once in the terminal', async () => {
    // The WebAssembly build declines raw-paste, as MicroPython before v1.14 does.
    const old = createNodeWasmBoard();
    await old.connect();
    try {
      const page = await browser!.context.newPage();
      pages.push(page);
      await installFakeSerial(page, old);
      await page.goto(server!.url);
      await page.locator('phl-toolbar select#board').selectOption('usb-pico');
      await connect(page);
      await terminalShows(page, 'no raw-paste mode');
      await setProgram(page, "print('plain', 6 * 7)");
      await page.locator('phl-toolbar button.run').click();
      await terminalShows(page, 'plain 42');
    } finally {
      for (const page of pages.splice(0)) await page.close().catch(() => undefined);
      await old.dispose();
    }
  });

  test('a port that answers garbage: a clear message, no hang', async () => {
    const { page } = await openPage({ garbage: new TextEncoder().encode('\x00\xffgarbage\r\n') }, false);
    await waitForPill(page, 'Not connected');
    await page.locator('phl-usb-pico-strip button.choose').click();
    await page.waitForFunction(
      () => {
        const heap = document.querySelector('phl-app')!.controller.state.heap;
        return heap.status === 'error';
      },
      undefined,
      { timeout: 30_000 },
    );
    const message = await page.evaluate(() => document.querySelector('phl-app')!.controller.state.heap.message);
    expect(message).toMatch(/MicroPython/);
    await page.close();
  });

  test('the chooser closed without a choice says what to do', async () => {
    const { page } = await openPage({ chooser: 'cancel' });
    await waitForPill(page, 'Not connected');
    await page.locator('phl-usb-pico-strip button.choose').click();
    await page.locator('phl-usb-pico-strip .usb-problem', { hasText: 'No port was chosen' }).waitFor();
    expect(await pill(page)).toBe('Not connected');
    await page.close();
  });

  test('a browser without Web Serial: one line says which browsers have it; the other boards stay usable', async () => {
    const page = await browser!.context.newPage();
    pages.push(page);
    // Chromium has Web Serial: take it away, as Firefox and Safari are.
    await page.addInitScript(() => Object.defineProperty(navigator, 'serial', { value: undefined }));
    await page.goto(server!.url);
    await page.locator('phl-toolbar select#board').selectOption('usb-pico');
    await waitForPill(page, 'Error');
    expect(
      await page.locator('phl-status-pill').evaluate((el) => (el as HTMLElement & { detail: string }).detail),
    ).toMatch(/Chrome, Edge or Opera/);
    await page.locator('phl-toolbar select#board').selectOption('browser-wasm');
    await waitForPill(page, 'Ready', 60_000);
    await page.close();
  });
});
