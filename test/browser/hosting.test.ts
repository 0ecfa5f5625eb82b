/**
 * The built site as a teacher hosts it: from a sub-path (/pico/) of a plain static server that
 * sends no special headers. It loads, and a program runs on the browser board (and the Virtual
 * Pico with PICO_FIRMWARE), all under the site's Content-Security-Policy without a violation.
 * After one reload the service worker makes the page cross-origin isolated, so Stop raises a real
 * KeyboardInterrupt and the variables stay; offline, after that visit, the page reloads and
 * programs run on the browser board and on the Virtual Pico (its firmware kept in the browser).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { setProgram, startVirtualPico, terminalShows } from '../support/app-page';
import { buildApp, launchChromium, type LaunchedBrowser } from '../support/browser';
import { serveStatic } from '../support/static-server';
import type { FirmwareCacheRecord } from '../../src/firmware/cache-record';
import { parseUf2 } from '../../src/firmware/uf2';

const ROOT = resolve(import.meta.dirname, '../..');
const FIRMWARE = process.env.PICO_FIRMWARE;
const hasFirmware = !!FIRMWARE && existsSync(FIRMWARE);

/** Records every Content-Security-Policy violation the page reports. */
const WATCH_CSP = () => {
  const seen: string[] = [];
  (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
  document.addEventListener('securitypolicyviolation', (e) =>
    seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
  );
};
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
    await page.addInitScript(WATCH_CSP);
    const missing: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) missing.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(server!.url);
    await page.locator('phl-toolbar select#board').selectOption('browser-wasm');
    await page.locator('phl-status-pill .label', { hasText: 'Ready' }).waitFor({ timeout: 60_000 });
    await setProgram(page, 'print(1+1)');
    await page.locator('phl-toolbar button.run').click();
    await page.waitForFunction(() => /\n2\r?\n/.test(document.querySelector('phl-terminal')!.bufferText()), undefined, {
      timeout: 30_000,
    });
    expect(missing).toEqual([]);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
    expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
    await page.close();
  });

  test.skipIf(!hasFirmware)('the Virtual Pico boots and runs under the Content-Security-Policy', async () => {
    const page = await browser!.context.newPage();
    await page.addInitScript(WATCH_CSP);
    await page.goto(server!.url);
    await startVirtualPico(page, FIRMWARE!);
    await setProgram(page, 'print(6*7)');
    await page.locator('phl-toolbar button.run').click();
    await page.waitForFunction(
      () => /\n42\r?\n/.test(document.querySelector('phl-terminal')!.bufferText()),
      undefined,
      {
        timeout: 30_000,
      },
    );
    await page.locator('phl-heap-graph .save-picture, phl-heap-pane button.save-picture').first().click();
    expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
    await page.close();
  });

  test('after one reload the page is cross-origin isolated without headers: Stop keeps the variables', async () => {
    const page = await browser!.context.newPage();
    await page.goto(server!.url);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await page.locator('phl-toolbar select#board').selectOption('browser-wasm');
    await page.locator('phl-status-pill .label', { hasText: 'Ready' }).waitFor({ timeout: 60_000 });
    expect(await page.locator('phl-board-files .stop-mode').textContent()).toContain('Stop keeps variables');
    await setProgram(page, 'kept = 41\nwhile True:\n    kept = 42\n');
    await page.locator('phl-toolbar button.run').click();
    await page.locator('phl-status-pill .label', { hasText: 'Running' }).waitFor();
    await page.waitForTimeout(300);
    await page.locator('phl-toolbar button.stop').click();
    await terminalShows(page, 'KeyboardInterrupt', 15_000);
    await setProgram(page, 'print("kept", kept)');
    await page.locator('phl-toolbar button.run').click();
    await terminalShows(page, 'kept 42', 15_000);
    await page.close();
  });

  test('offline after one visit: the page reloads and programs run', async () => {
    const page = await browser!.context.newPage();
    await page.goto(server!.url);
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await browser!.context.setOffline(true);
    try {
      await page.reload();
      await page.locator('phl-toolbar select#board').selectOption('browser-wasm');
      await page.locator('phl-status-pill .label', { hasText: 'Ready' }).waitFor({ timeout: 60_000 });
      await setProgram(page, 'print("offline", 6 * 7)');
      await page.locator('phl-toolbar button.run').click();
      await terminalShows(page, 'offline 42', 30_000);
      await page.locator('.monaco-editor').waitFor({ timeout: 30_000 });
      if (hasFirmware) {
        // The firmware loaded in the first test is kept in this browser: the Virtual Pico boots offline.
        await page.locator('phl-toolbar select#board').selectOption('virtual-pico');
        await page.locator('phl-heap-pane .status', { hasText: 'snapshot at' }).waitFor({ timeout: 90_000 });
        await setProgram(page, 'print("pico", 7 * 6)');
        await page.locator('phl-toolbar button.run').click();
        await terminalShows(page, 'pico 42', 30_000);
      }
    } finally {
      await browser!.context.setOffline(false);
    }
    await page.close();
  });

  describe.skipIf(!hasFirmware)('a lab built with the firmware in its cache', () => {
    let shipped: { url: string; close: () => Promise<void> } | undefined;
    let dir: string;
    beforeAll(async () => {
      // What `npm run firmware` leaves in firmware/cache/: the .uf2, its record, MicroPython's licence.
      const cache = mkdtempSync(join(tmpdir(), 'phl-firmware-cache-'));
      const bytes = readFileSync(FIRMWARE!);
      const file = 'RPI_PICO-test-v1.28.0.uf2';
      writeFileSync(join(cache, file), bytes);
      const record: FirmwareCacheRecord = {
        file,
        url: 'https://micropython.org/resources/firmware/RPI_PICO-20260406-v1.28.0.uf2',
        pinned: true,
        size: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        info: parseUf2(new Uint8Array(bytes)).info,
        downloadedAt: new Date().toISOString(),
      };
      writeFileSync(join(cache, 'firmware.json'), JSON.stringify(record));
      writeFileSync(join(cache, 'LICENSE-micropython'), 'The MIT License (MIT), as MicroPython states it.\n');
      dir = await buildApp(join(ROOT, 'test/.build/app-shipped'), { firmwareCache: cache });
      shipped = await serveStatic(dir, '/lab/');
    });
    afterAll(async () => shipped?.close());

    test('ships the firmware and its licence, and the Virtual Pico starts without asking', async () => {
      expect(existsSync(join(dir, 'firmware/cache/RPI_PICO-test-v1.28.0.uf2'))).toBe(true);
      expect(readFileSync(join(dir, 'firmware/cache/LICENSE-micropython'), 'utf8')).toContain('MIT');
      const page = await browser!.context.newPage();
      await page.goto(shipped!.url);
      await page.locator('phl-toolbar select#board').selectOption('virtual-pico');
      await page.locator('phl-heap-pane .status', { hasText: 'snapshot at' }).waitFor({ timeout: 90_000 });
      await page.locator('phl-firmware-panel').getByText('shipped with this site').waitFor();
      expect(await page.locator('phl-firmware-help').count()).toBe(0);
      // Offline after this visit: the shipped firmware comes from the service worker's cache.
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
      });
      await browser!.context.setOffline(true);
      try {
        await page.reload();
        await page.locator('phl-toolbar select#board').selectOption('virtual-pico');
        await page.locator('phl-heap-pane .status', { hasText: 'snapshot at' }).waitFor({ timeout: 90_000 });
      } finally {
        await browser!.context.setOffline(false);
      }
      await page.close();
    });
  });

  test('a new version waits for "Reload to update", then takes over', async () => {
    const dir = join(ROOT, 'test/.build/app-versions');
    const emptyCache = mkdtempSync(join(tmpdir(), 'phl-no-firmware-'));
    await buildApp(dir, { firmwareCache: emptyCache });
    const site = await serveStatic(dir, '/v/');
    try {
      const page = await browser!.context.newPage();
      await page.goto(site.url);
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
      });
      const version = () =>
        page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('pico-heap-lab-')));
      const first = await version();
      // The teacher deploys a new build: here one that ships a (stand-in) firmware file, so files differ.
      const cache = mkdtempSync(join(tmpdir(), 'phl-other-'));
      const stand = Buffer.from('a stand-in file: the update is about files changing, not about what they hold');
      writeFileSync(join(cache, 'stand-in.uf2'), stand);
      writeFileSync(
        join(cache, 'firmware.json'),
        JSON.stringify({
          file: 'stand-in.uf2',
          url: 'https://example.org/stand-in.uf2',
          pinned: false,
          size: stand.length,
          sha256: createHash('sha256').update(stand).digest('hex'),
          info: { kind: 'unknown' },
          downloadedAt: new Date().toISOString(),
        }),
      );
      await buildApp(dir, { firmwareCache: cache });
      expect(existsSync(join(dir, 'firmware/cache/stand-in.uf2'))).toBe(true);
      await page.reload();
      await page.locator('.phl-update button', { hasText: 'Reload to update' }).click({ timeout: 30_000 });
      await page.waitForFunction((old) => caches.keys().then((keys) => !keys.includes(old)), first[0], {
        timeout: 30_000,
      });
      await page.locator('phl-toolbar select#board').waitFor();
      expect((await version()).length).toBe(1);
      await page.close();
    } finally {
      await site.close();
    }
  });

  test('the editor is usable with at most 450 KB of JavaScript (gzip) loaded', async () => {
    // A first visit: an origin of its own, where no service worker from the other tests answers.
    const dir = join(ROOT, 'test/.build/app-hosted');
    const fresh = await serveStatic(dir, '/pico/');
    const page = await browser!.context.newPage();
    // As on a slow link: Monaco (the largest file) has not arrived yet when the learner starts typing.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/monaco-setup-[^/]*\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    const loaded: string[] = [];
    page.on('requestfinished', (r) => {
      if (r.url().endsWith('.js')) loaded.push(r.url());
    });
    await page.goto(fresh.url);
    // Usable: the program is in an editable box, and Run works.
    await page.locator('textarea.phl-editor-plain').waitFor({ timeout: 30_000 });
    await page.locator('phl-toolbar button.run:not([disabled])').waitFor({ timeout: 30_000 });
    const before = [...new Set(loaded)];
    release();
    const gzipBytes = before.reduce((sum, url) => {
      const file = join(dir, new URL(url).pathname.replace(/^\/pico\//, ''));
      return sum + gzipSync(readFileSync(file)).length;
    }, 0);
    console.log(
      `[first load] ${before.length} JavaScript files until the editor and Run are usable: ${(gzipBytes / 1024).toFixed(0)} KB gzip`,
    );
    expect(gzipBytes).toBeLessThanOrEqual(450 * 1024);
    await page.close();
    await fresh.close();
  });
});
