import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';

// The IndexedDB stores need a real browser: Chromium loads the modules from a vite dev server.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`[firmware stores] skipped: no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);

describe.skipIf(!haveChromium)('firmware and flash stores in Chromium (real IndexedDB)', () => {
  let vite: ViteDevServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    vite = await createServer({
      root: fileURLToPath(new URL('../../', import.meta.url)),
      configFile: false,
      logLevel: 'silent',
      server: { host: '127.0.0.1', port: 0, hmr: false },
    });
    await vite.listen();
    const url = vite.resolvedUrls?.local[0] ?? '';
    browser = await chromium.launch({ executablePath: CHROMIUM });
    page = await browser.newPage();
    await page.goto(url);
  });

  /** Runs a module-context async body in the page (a string, so vitest does not rewrite its imports). */
  const inPage = <T = Record<string, unknown>>(body: string): Promise<T> =>
    page.evaluate<T>(`(async () => {${body}})()`);

  afterAll(async () => {
    await browser?.close();
    await vite?.close();
  });

  it('saves, reloads and clears the user firmware; refuses a bad file without touching the stored one', async () => {
    const result = await inPage<{
      empty: unknown;
      saved: { name: string; id: string };
      badCode: string;
      size: number;
    }>(`
      const { firmwareStore } = await import('/src/firmware/firmware-store.ts');
      const { syntheticMicroPythonUf2 } = await import('/test/firmware/synthetic.ts');
      const bytes = syntheticMicroPythonUf2();
      const empty = await firmwareStore.load();
      const saved = await firmwareStore.save('RPI_PICO-test.uf2', bytes);
      let badCode = '';
      try {
        await firmwareStore.save('broken.uf2', bytes.subarray(0, 1000));
      } catch (e) {
        badCode = e.code;
      }
      return { empty, saved: { name: saved.name, id: saved.id }, badCode, size: bytes.length };
    `);
    expect(result.empty).toBeNull();
    expect(result.badCode).toBe('truncated');
    expect(result.saved.id).toMatch(/^[0-9a-f]{64}$/);

    await page.reload(); // survives a page reload
    const after = await inPage(`
      const { firmwareStore } = await import('/src/firmware/firmware-store.ts');
      const { findFirmware } = await import('/src/firmware/firmware-source.ts');
      const loaded = await firmwareStore.load();
      const search = await findFirmware();
      await firmwareStore.clear();
      const cleared = await firmwareStore.load();
      const none = await findFirmware();
      return {
        name: loaded?.name,
        length: loaded?.bytes.length,
        isBytes: loaded?.bytes instanceof Uint8Array,
        info: loaded?.info,
        origin: search.found?.origin,
        cleared,
        noneHelp: none.found === null ? none.help.command : '',
      };
    `);
    expect(after).toMatchObject({
      name: 'RPI_PICO-test.uf2',
      length: result.size,
      isBytes: true,
      info: { kind: 'micropython', version: 'v1.28.0', board: 'Raspberry Pi Pico' },
      origin: 'indexeddb',
      cleared: null,
      noneHelp: 'npm run firmware', // the vite server has no firmware/cache here (SPA fallback / 404)
    });
  });

  it('keeps one 2 MiB flash image per firmware, survives reload, and erases', async () => {
    await inPage(`
      const { flashStore } = await import('/src/firmware/flash-store.ts');
      const a = new Uint8Array(2 * 1024 * 1024).fill(0xff);
      a[0x1000] = 0xaa;
      const b = new Uint8Array(2 * 1024 * 1024).fill(0xff);
      b[0x1000] = 0xbb;
      await flashStore.save('fw-a', a);
      await flashStore.save('fw-b', b);
      a[0x1000] = 0; // the store keeps its own copy
    `);
    await page.reload();
    const returnAll =
      'return { a: a?.[0x1000], aLen: a?.length, b: b?.[0x1000], wrongSize, listed, erasedA, keptB, ' +
      'left: await flashStore.list() };';
    const r = await inPage(`
      const { flashStore } = await import('/src/firmware/flash-store.ts');
      const a = await flashStore.load('fw-a');
      const b = await flashStore.load('fw-b');
      let wrongSize = '';
      try {
        await flashStore.save('fw-c', new Uint8Array(10));
      } catch (e) {
        wrongSize = e.message;
      }
      const listed = (await flashStore.list()).sort();
      await flashStore.erase('fw-a');
      const erasedA = await flashStore.load('fw-a');
      const keptB = (await flashStore.load('fw-b'))?.[0x1000];
      await flashStore.eraseAll();
      ${returnAll}
    `);
    expect(r).toEqual({
      a: 0xaa,
      aLen: 2 * 1024 * 1024,
      b: 0xbb,
      wrongSize: 'flash image must be 2097152 bytes, got 10',
      listed: ['fw-a', 'fw-b'],
      erasedA: null,
      keptB: 0xbb,
      left: [],
    });
  });
});
