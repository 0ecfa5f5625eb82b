/**
 * The built site as a teacher hosts it: from a sub-path (/pico/) of a plain static server that
 * sends no special headers. It loads, and a program runs on the browser board.
 */
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildApp, launchChromium, type LaunchedBrowser } from '../support/browser';
import { serveStatic } from '../support/static-server';

const ROOT = resolve(import.meta.dirname, '../..');
let browser: LaunchedBrowser | undefined;
let server: { url: string; close: () => Promise<void> } | undefined;

beforeAll(async () => {
  server = await serveStatic(await buildApp(join(ROOT, 'test/.build/app-hosted')), '/pico/');
  browser = await launchChromium({ width: 1280, height: 800 });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the built site on a plain static host', () => {
  test('from a sub-path it loads every file and runs print(1+1) on the browser board', async () => {
    const page = await browser!.context.newPage();
    const missing: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) missing.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(server!.url);
    await page.locator('phl-toolbar select#board').selectOption('browser-wasm');
    await page.locator('phl-status-pill .label', { hasText: 'Ready' }).waitFor({ timeout: 60_000 });
    await page.evaluate(() => (document.querySelector('phl-code-editor')!.value = 'print(1+1)'));
    await page.locator('phl-toolbar button.run').click();
    await page.waitForFunction(() => /\n2\r?\n/.test(document.querySelector('phl-terminal')!.bufferText()), undefined, {
      timeout: 30_000,
    });
    expect(missing).toEqual([]);
    // Nothing was asked of the site's root: every URL stays under the sub-path.
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    await page.close();
  });
});
