import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { EMPTY_CACHE_RECORD, parseCacheRecord } from './src/firmware/cache-record.ts';
import { serviceWorker } from './src/offline/service-worker-plugin.ts';

/**
 * Serves firmware/cache/ (filled by `npm run firmware`, git-ignored; FIRMWARE_CACHE_DIR elsewhere) at
 * /firmware/cache/ from the dev and preview servers, so a local checkout boots the Virtual Pico
 * without a file picker. A build ships the firmware found there, with MicroPython's licence, when
 * its record is valid and the file matches its sha256: a hosted lab then starts the Virtual Pico
 * without asking anyone for a file. Without one, the build holds the empty record, so a static
 * host answers the app's look-up without a 404.
 */
const CACHE_RECORD_URL = '/firmware/cache/firmware.json';
const LICENCE_FILE = 'LICENSE-micropython';

/** The validated firmware in the cache, to ship with a build; undefined (and why) when there is none. */
function cachedFirmware(root: string): { record: string; file: string; bytes: Buffer; licence?: Buffer } | undefined {
  const recordPath = resolve(root, 'firmware.json');
  if (!existsSync(recordPath)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(recordPath, 'utf8'));
  } catch {
    console.warn('firmware/cache/firmware.json is not JSON: the build ships no firmware');
    return undefined;
  }
  const record = parseCacheRecord(json);
  const uf2 = record && resolve(root, record.file);
  if (!record || !uf2 || !existsSync(uf2)) return undefined;
  const bytes = readFileSync(uf2);
  if (createHash('sha256').update(bytes).digest('hex') !== record.sha256) {
    console.warn(`firmware/cache/${record.file} does not match its sha256: the build ships no firmware`);
    return undefined;
  }
  const licence = resolve(root, LICENCE_FILE);
  return {
    record: JSON.stringify(record),
    file: record.file,
    bytes,
    licence: existsSync(licence) ? readFileSync(licence) : undefined,
  };
}

function serveFirmwareCache(): Plugin {
  const root = resolve(process.env.FIRMWARE_CACHE_DIR || resolve(import.meta.dirname, 'firmware/cache'));
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
      const shipped = cachedFirmware(root);
      this.emitFile({
        type: 'asset',
        fileName: CACHE_RECORD_URL.slice(1),
        source: shipped ? shipped.record : JSON.stringify(EMPTY_CACHE_RECORD),
      });
      if (!shipped) return;
      this.emitFile({ type: 'asset', fileName: `firmware/cache/${shipped.file}`, source: shipped.bytes });
      this.emitFile({
        type: 'asset',
        fileName: `firmware/cache/${LICENCE_FILE}`,
        source:
          shipped.licence ??
          'This site includes MicroPython firmware, which is free software under the MIT licence (and the\n' +
            'licences of its third-party parts): https://github.com/micropython/micropython/blob/master/LICENSE\n',
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
