/**
 * The app by keyboard and for screen readers, in real Chromium at 1280×800: axe-core finds no
 * violation of impact serious or critical on the first visit, after a run, and with the Virtual Pico
 * chosen (with PICO_FIRMWARE); from page load, Tab and Shift+Tab (and the documented Ctrl+M for the
 * editor and the terminal) reach every pane and control, and leave the editor and the terminal.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { startVirtualPico } from '../support/app-page';
import { buildApp, launchChromium, serveApp, type LaunchedBrowser } from '../support/browser';

const FIRMWARE = process.env.PICO_FIRMWARE;
const hasFirmware = !!FIRMWARE && existsSync(FIRMWARE);
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let browser: LaunchedBrowser | undefined;
let server: { url: string; close: () => Promise<void> } | undefined;

beforeAll(async () => {
  server = await serveApp(await buildApp());
  browser = await launchChromium({ width: 1280, height: 800 }, { bypassCSP: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's violations of impact serious or critical, one line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: Violation[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

async function openReady(): Promise<Page> {
  const page = await browser!.context.newPage();
  await page.goto(server!.url);
  await page.locator('phl-toolbar select#board').selectOption('browser-wasm');
  await page.locator('phl-status-pill .label', { hasText: 'Ready' }).waitFor({ timeout: 60_000 });
  await page.locator('phl-heap-pane .status', { hasText: 'snapshot at' }).waitFor({ timeout: 60_000 });
  await page.locator('.monaco-editor').waitFor({ timeout: 60_000 });
  return page;
}

describe('accessibility', () => {
  test('axe-core: no serious or critical violation on the first visit and after a run', async () => {
    const page = await openReady();
    expect(await seriousViolations(page), 'first visit').toEqual([]);
    await page.evaluate(() => (document.querySelector('phl-code-editor')!.value = 'a = [1, 2]\nb = a\nprint(a)'));
    await page.locator('phl-toolbar button.run').click();
    await page.locator('phl-heap-graph g.var[data-var="b"]').waitFor({ timeout: 30_000 });
    expect(await seriousViolations(page), 'after a run').toEqual([]);
    await page.close();
  });

  test.skipIf(!hasFirmware)('axe-core: no serious or critical violation with the Virtual Pico chosen', async () => {
    const page = await browser!.context.newPage();
    await page.goto(server!.url);
    await startVirtualPico(page, FIRMWARE!);
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  test('keyboard: Tab reaches every pane and control, and Ctrl+M lets Tab leave the editor and the terminal', async () => {
    const page = await openReady();
    // From the top of the page (the board picker was used last: the focus leaves it for the page).
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    /** Which part of the app holds the focus (across shadow roots). */
    const where = () =>
      page.evaluate(() => {
        let el: Element | null = document.activeElement;
        while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
        const parts = ['phl-toolbar', 'phl-lesson-pane', 'phl-code-editor', 'phl-terminal', 'phl-heap-pane'];
        for (let node: Node | null = el; node;) {
          if (node instanceof Element) {
            const tag = node.tagName.toLowerCase();
            if (tag === 'phl-splitter') return `splitter:${(node as HTMLElement).dataset.pane}`;
            if (parts.includes(tag)) return tag;
          }
          node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
        }
        return el === document.body || !el ? 'body' : (el.tagName ?? '?').toLowerCase();
      });
    const visited: string[] = [];
    // One round, from the page back to the page (Ctrl+M is a switch that stays on: once is enough).
    for (let i = 0; i < 120; i++) {
      const at = await where();
      if (at === 'body' && visited.length > 1) break;
      if (visited[visited.length - 1] !== at) visited.push(at);
      // Tab indents in the editor and completes in the REPL: Ctrl+M first makes it move the focus.
      if (at === 'phl-code-editor' || at === 'phl-terminal') {
        await page.keyboard.press('Control+m');
        await page.keyboard.press('Tab');
        expect(await where(), `Tab left ${at} (visited ${visited.join(', ')})`).not.toBe(at);
        await page.keyboard.press('Shift+Tab');
        expect(await where(), `Shift+Tab came back to ${at}`).toBe(at);
        await page.keyboard.press('Tab');
        continue;
      }
      await page.keyboard.press('Tab');
    }
    for (const part of [
      'phl-toolbar',
      'phl-lesson-pane',
      'splitter:lesson',
      'phl-code-editor',
      'splitter:terminal',
      'phl-terminal',
      'splitter:heap',
      'phl-heap-pane',
    ]) {
      expect(visited, `Tab reached ${part}`).toContain(part);
    }
    await page.close();
  });

  test('the splitters are complete separators: size, limits, arrow keys, Home and End', async () => {
    const page = await openReady();
    const splitter = page.locator('phl-splitter[data-pane="lesson"]');
    const attr = async (name: string) => Number(await splitter.getAttribute(name));
    expect(await splitter.getAttribute('role')).toBe('separator');
    const before = await attr('aria-valuenow');
    expect(before).toBeGreaterThan(await attr('aria-valuemin'));
    expect(before).toBeLessThan(await attr('aria-valuemax'));
    await splitter.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => attr('aria-valuenow')).toBe(before + 16);
    await page.keyboard.press('Home');
    await expect.poll(() => attr('aria-valuenow')).toBe(await attr('aria-valuemin'));
    await page.keyboard.press('End');
    await expect.poll(() => attr('aria-valuenow')).toBe(await attr('aria-valuemax'));
    await page.close();
  });
});
