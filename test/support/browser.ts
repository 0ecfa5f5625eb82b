/**
 * Browser-test support: builds the app with Vite's JS API, serves the build
 * with `vite preview` on 127.0.0.1 (random port), and launches Debian's
 * Chromium through playwright-core. Never downloads a browser: if Chromium is
 * missing the suite fails with a clear message (.ci/run installs it).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, preview, type PreviewServer } from 'vite';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

const ROOT = resolve(import.meta.dirname, '../..');

/** Builds the production app into test/.build/app (git-ignored) and returns that folder. */
export async function buildApp(
  outDir = join(ROOT, 'test/.build/app'),
  /**
   * The firmware cache the build may ship (FIRMWARE_CACHE_DIR). By default none: a developer's
   * firmware/cache/ must not change what the tests see.
   */
  { firmwareCache = join(ROOT, 'test/.build/no-firmware-cache') }: { firmwareCache?: string } = {},
): Promise<string> {
  // vitest sets NODE_ENV=test, which would make Vite pick the packages' development builds
  // (e.g. Lit's dev mode); test what users get.
  const nodeEnv = process.env.NODE_ENV;
  const cacheDir = process.env.FIRMWARE_CACHE_DIR;
  process.env.NODE_ENV = 'production';
  process.env.FIRMWARE_CACHE_DIR = firmwareCache;
  try {
    await build({
      root: ROOT,
      configFile: join(ROOT, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'error',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
    if (cacheDir === undefined) delete process.env.FIRMWARE_CACHE_DIR;
    else process.env.FIRMWARE_CACHE_DIR = cacheDir;
  }
  return outDir;
}

/** Serves a built app on 127.0.0.1 with a random free port. */
export async function serveApp(outDir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server: PreviewServer = await preview({
    root: ROOT,
    configFile: join(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error(`vite preview gave no TCP address (${String(address)})`);
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () => server.close(),
  };
}

export interface LaunchedBrowser {
  browser: Browser;
  context: BrowserContext;
  close: () => Promise<void>;
}

/** Launches Chromium with a fresh user-data-dir (a persistent context, so nothing leaks between runs). */
export async function launchChromium(
  viewport = { width: 1280, height: 800 },
  /** Tests that inject scripts of their own (axe-core, hostile lesson text) step around the site's CSP. */
  { bypassCSP = false }: { bypassCSP?: boolean } = {},
): Promise<LaunchedBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. Install it with "apt-get install -y chromium" (.ci/run does) ` +
        'or point CHROMIUM_PATH at a Chromium binary. The browser tests never download a browser.',
    );
  }
  const userDataDir = mkdtempSync(join(tmpdir(), 'phl-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    bypassCSP,
  });
  const browser = context.browser();
  return {
    browser: browser as Browser,
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
