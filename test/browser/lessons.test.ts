/**
 * The lesson pane in Chromium, used as a learner would (built app, browser board): open lesson 2,
 * step its program to the end, answer its exercise (graded from the real heap), reload and find the
 * progress kept. And lesson Markdown holding a script or an event handler renders inert (the real
 * renderer, served by Vite, in the real browser).
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createServer, type ViteDevServer } from 'vite';
import type { Page } from 'playwright-core';
import { buildApp, launchChromium, serveApp, type LaunchedBrowser } from '../support/browser';

let browser: LaunchedBrowser | undefined;
let server: { url: string; close: () => Promise<void> } | undefined;
let page: Page;

beforeAll(async () => {
  server = await serveApp(await buildApp(resolve(import.meta.dirname, '../.build/app-lessons')));
  browser = await launchChromium({ width: 1280, height: 800 }, { bypassCSP: true });
  page = await browser.context.newPage();
  await page.goto(server.url);
  await page.locator('phl-toolbar select#board').selectOption('browser-wasm');
  await page.locator('phl-heap-pane .status', { hasText: 'snapshot at' }).waitFor({ timeout: 60_000 });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const pane = () => page.locator('phl-lesson-pane');
const stepper = () =>
  page.evaluate(() => {
    const { history, active, working } = document.querySelector('phl-app')!.controller.state.stepper;
    return { steps: history.length, active, working };
  });

describe('lessons in the app', () => {
  test('the first lesson is open on a first visit, with all eight in the list', async () => {
    await pane().locator('h2', { hasText: 'Viewing the heap' }).waitFor({ timeout: 15_000 });
    const options = await pane().locator('select option').allInnerTexts();
    expect(options.length).toBeGreaterThanOrEqual(8);
    expect(options[1]).toMatch(/^2\. Names and objects \(new\)$/);
  });

  test('lesson 2: step through to the end, answer the exercise, reload: progress kept', async () => {
    await pane().locator('select').selectOption({ label: '2. Names and objects (new)' });
    await pane().locator('h2', { hasText: 'Names and objects' }).waitFor();
    await pane().locator('button.step-code').first().click();
    await expect.poll(async () => (await stepper()).steps, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    // F10 until the program has run to its end (five lines, five steps).
    for (let i = 0; i < 10 && (await stepper()).active; i++) {
      await page.keyboard.press('F10');
      await expect.poll(async () => (await stepper()).working).toBe(false);
    }
    expect(await stepper()).toEqual({ steps: 5, active: false, working: false });
    // Back to the pause after `b = a`: the step added a name's arrow, no object, and says so.
    await page.keyboard.press('Shift+F10');
    await page.keyboard.press('Shift+F10');
    await page.keyboard.press('Shift+F10');
    const graph = page.locator('phl-heap-graph');
    await graph.locator('.var.step-changed[data-var="b"]').waitFor({ timeout: 10_000 });
    expect(await graph.locator('.box.step-added').count()).toBe(0);
    expect(await graph.locator('.edge.step-changed').count()).toBe(1);
    // The editor marks the line just run (faintly) and the line about to run.
    expect(await page.locator('phl-code-editor .view-overlays .phl-ran-line').count()).toBe(1);
    expect(await page.locator('phl-code-editor .view-overlays .phl-step-line').count()).toBe(1);
    const summary = page.locator('phl-heap-pane .step-diff');
    expect(await summary.getAttribute('data-added')).toBe('0');
    expect(await summary.getAttribute('data-changed')).toBe('1');
    // One step back: `a = [1, 2]` made the list (marked new) and the name a.
    await page.keyboard.press('Shift+F10');
    await graph.locator('.box.step-added[data-type="list"]').waitFor({ timeout: 10_000 });
    expect(await graph.locator('.var.step-changed[data-var="a"]').count()).toBe(1);
    expect(
      await page.locator('phl-terminal').evaluate((t) => (t as unknown as { bufferText(): string }).bufferText()),
    ).toContain('[1, 2, 3] [9]');

    const card = page.locator('phl-exercise-card').first();
    await card.locator('textarea').fill('[1, 2, 3] [1, 2, 3]');
    await card.locator('button.check').click();
    await card.locator('.feedback.wrong').waitFor({ timeout: 20_000 });
    expect(await card.locator('.feedback').innerText()).toContain(
      'Line 1: you wrote "[1, 2, 3] [1, 2, 3]", it printed "[1, 2, 3] [9]".',
    );
    await card.locator('textarea').fill('[1, 2, 3] [9]');
    await card.locator('button.check').click();
    await card.locator('.feedback.right').waitFor({ timeout: 20_000 });
    expect(await card.locator('.kind').textContent()).toContain('✓ solved');

    await page.reload();
    await page.locator('phl-heap-pane .status', { hasText: 'snapshot at' }).waitFor({ timeout: 60_000 });
    await pane().locator('h2', { hasText: 'Names and objects' }).waitFor({ timeout: 15_000 });
    expect(await pane().locator('.progress').innerText()).toBe('1 of 2 exercises solved');
    expect(await page.locator('phl-exercise-card').first().locator('.kind').textContent()).toContain('✓ solved');
    expect(await pane().locator('select option').nth(1).innerText()).toBe('2. Names and objects · 1/2');
  }, 120_000);

  test('a same-object exercise: the wrong pair is named from the heap; Show answer computes it', async () => {
    const card = page.locator('phl-exercise-card').nth(1);
    await card.locator('label.pair', { hasText: 'x is y' }).click();
    await card.locator('button.check').click();
    await card.locator('.feedback.wrong').waitFor({ timeout: 20_000 });
    const feedback = await card.locator('.feedback').innerText();
    expect(feedback).toContain('x and y are two different objects.');
    expect(feedback).toMatch(/x → list at 0x[0-9a-f]+/);
    await card.locator('button.reveal').click();
    await card.locator('.answer-text').waitFor({ timeout: 20_000 });
    expect(await card.locator('.answer-text').innerText()).toBe('Same object: x and z.');
  }, 60_000);
});

describe('the lesson points into the graph', () => {
  test('hovering a name in the lesson text highlights its variable, arrow and box', async () => {
    await pane().locator('select').selectOption({ index: 0 });
    await pane().locator('h2', { hasText: 'Viewing the heap' }).waitFor();
    await pane().locator('button.open-code').first().click();
    await page.locator('phl-toolbar button.run').click();
    const graph = page.locator('phl-heap-graph');
    await graph.locator('.var[data-var="list2"]').waitFor({ timeout: 20_000 });
    await pane()
      .locator('.md code', { hasText: /^list2$/ })
      .first()
      .hover();
    await graph.locator('.var.named[data-var="list2"]').waitFor({ timeout: 5_000 });
    const boxes = graph.locator('.box.named');
    expect(await boxes.count()).toBe(1);
    expect(await boxes.getAttribute('data-address')).toBe(
      await graph.locator('.var[data-var="list2"]').getAttribute('data-target'),
    );
    expect(await graph.locator('.edge.named').count()).toBe(1);
    await pane().locator('h2').hover();
    await expect.poll(() => graph.locator('.named').count()).toBe(0);

    // The lesson's callouts for this block, pinned beside the boxes their names refer to.
    const note = graph.locator('.callout[data-name="list1"]');
    expect(await note.locator('text').textContent()).toBe('list1 and list2: one list, two names');
    expect(await note.getAttribute('data-for')).toBe(
      await graph.locator('.var[data-var="list1"]').getAttribute('data-target'),
    );
    // An exercise's answer annotates the graph the same way: one note per object.
    const card = page.locator('phl-exercise-card').first();
    await card.locator('button.reveal').click();
    await graph.locator('.callout', { hasText: 'list1, list2: one object' }).waitFor({ timeout: 20_000 });
    expect(await graph.locator('.callout', { hasText: 'list3: an object of its own' }).count()).toBe(1);
  }, 60_000);
});

describe('share links', () => {
  test('Share puts the program, lesson and step in a link; opening it restores them', async () => {
    await pane().locator('select').selectOption({ index: 3 });
    await pane().locator('h2', { hasText: 'Changing a list' }).waitFor();
    await pane().locator('button.step-code').first().click();
    await expect.poll(async () => (await stepper()).steps, { timeout: 20_000 }).toBe(1);
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('F10');
      await expect.poll(async () => (await stepper()).working).toBe(false);
    }
    await pane().locator('button.share').click();
    const url = await pane().locator('input.share-url').inputValue();
    expect(url).toMatch(/#program=[A-Za-z0-9_-]+&lesson=04-mutation-and-arguments&step=4$/);
    const program = await page.evaluate(() => document.querySelector('phl-code-editor')!.value);

    const other = await browser!.context.newPage();
    await other.goto(url);
    await other.locator('phl-lesson-pane h2', { hasText: 'Changing a list' }).waitFor({ timeout: 30_000 });
    await other.waitForFunction(
      () => document.querySelector('phl-app')!.controller.state.stepper.history.length === 4,
      undefined,
      {
        timeout: 60_000,
      },
    );
    expect(await other.evaluate(() => document.querySelector('phl-code-editor')!.value)).toBe(program);
    // Inside add(): the frame's xs and the global list1 point at one list.
    const graph = other.locator('phl-heap-graph');
    await graph.locator('.var[data-var="xs"]').waitFor({ timeout: 10_000 });
    expect(await graph.locator('.var[data-var="xs"]').getAttribute('data-target')).toBe(
      await graph.locator('.var[data-var="list1"]').getAttribute('data-target'),
    );
    expect(new URL(other.url()).hash).toBe(''); // applied once: a reload keeps the learner's edits
    await other.close();

    // Progress keeps the last step: after a reload, the lesson offers to step there again.
    await page.reload();
    await page.locator('phl-heap-pane .status', { hasText: 'snapshot at' }).waitFor({ timeout: 60_000 });
    const resume = pane().locator('.resume');
    expect(await resume.innerText()).toContain('Last time you stepped a program here to step 4.');
    await resume.locator('button.resume-step').click();
    await expect.poll(async () => (await stepper()).steps, { timeout: 30_000 }).toBe(4);
  }, 120_000);
});

describe('lesson Markdown in the browser', () => {
  let vite: ViteDevServer | undefined;
  afterAll(async () => vite?.close());

  test('a script, an event handler or a javascript: link in a lesson renders inert', async () => {
    vite = await createServer({
      root: resolve(import.meta.dirname, '../..'),
      logLevel: 'error',
      server: { port: 0, host: '127.0.0.1' },
    });
    await vite.listen();
    const address = vite.httpServer!.address() as { port: number };
    const devPage = await browser!.context.newPage();
    await devPage.goto(`http://127.0.0.1:${address.port}/index.html`);
    // A module script of the page's own (not transformed by the test runner) imports the renderer.
    await devPage.addScriptTag({
      type: 'module',
      content:
        "import { renderLessonMarkdown } from '/src/ui/lesson-markdown.ts'; window.renderLessonMarkdown = renderLessonMarkdown;",
    });
    await devPage.waitForFunction(() => 'renderLessonMarkdown' in window);
    const result = await devPage.evaluate(async () => {
      const w = window as unknown as { pwned?: number; renderLessonMarkdown(md: string): string };
      const html = w.renderLessonMarkdown(
        'Hi <script>window.pwned = 1</script>\n\n<img src="x" onerror="window.pwned = 2">\n\n[link](javascript:window.pwned=3) <b onclick="window.pwned=4">bold</b>',
      );
      const box = document.createElement('div');
      box.innerHTML = html;
      document.body.append(box);
      box.querySelector('a')?.click();
      box.querySelector('b')?.click();
      await new Promise((r) => setTimeout(r, 300));
      return { html, pwned: w.pwned ?? null };
    });
    expect(result.pwned).toBeNull();
    expect(result.html).not.toMatch(/<script|onerror|onclick|javascript:/i);
    expect(result.html).toContain('<b>bold</b>');
    await devPage.close();
  }, 60_000);
});
