import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { EMPTY_CACHE_RECORD } from './src/firmware/cache-record.ts';
import { serviceWorker } from './src/offline/service-worker-plugin.ts';

/**
 * Serves firmware/cache/ (filled by `npm run firmware`, git-ignored) at
 * /firmware/cache/ from the dev and preview servers, so a local checkout boots
 * the Virtual Pico without a file picker. Never bundled into a build: a build holds only the
 * empty record, so a static host answers the app's look-up without a 404 either.
 */
const CACHE_RECORD_URL = '/firmware/cache/firmware.json';

function serveFirmwareCache(): Plugin {
  const root = resolve(import.meta.dirname, 'firmware/cache');
  const middleware = (req: { url?: string }, res: import('node:http').ServerResponse, next: () => void) => {
    const url = decodeURIComponent((req.url ?? '').split('?')[0]);
    if (!url.startsWith('/firmware/cache/')) return next();
    const file = resolve(root, url.slice('/firmware/cache/'.length));
    const present = file.startsWith(root + sep) && existsSync(file) && statSync(file).isFile();
    if (!present && url === CACHE_RECORD_URL) {
      res.setHeader('Content-Type', 'application/json');
      res.setHeader('Cache-Control', 'no-cache');
      res.end(JSON.stringify(EMPTY_CACHE_RECORD));
      return;
    }
    if (!present) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    res.setHeader('Content-Type', file.endsWith('.json') ? 'application/json' : 'application/octet-stream');
    res.setHeader('Cache-Control', 'no-cache');
    createReadStream(file).pipe(res);
  };
  return {
    name: 'serve-firmware-cache',
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: CACHE_RECORD_URL.slice(1),
        source: JSON.stringify(EMPTY_CACHE_RECORD),
      });
    },
    configureServer: (server) => void server.middlewares.use(middleware),
    configurePreviewServer: (server) => void server.middlewares.use(middleware),
  };
}

/**
 * Cross-origin isolation: gives the page SharedArrayBuffer, which the
 * browser-wasm board needs to raise KeyboardInterrupt inside a running loop
 * (without it, Stop restarts MicroPython). A static host must send the same two headers.
 */
const crossOriginIsolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

// One config for the app (vite) and the tests (vitest).
export default defineConfig({
  // Relative asset URLs: the built site works from any folder of any static host (a project page
  // at /pico/, a school's web space), not only from a site's root.
  base: './',
  plugins: [serveFirmwareCache(), serviceWorker()],
  server: { headers: crossOriginIsolation },
  preview: { headers: crossOriginIsolation },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  worker: { format: 'es' },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
