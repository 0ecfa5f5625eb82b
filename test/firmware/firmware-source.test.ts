import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { EMPTY_CACHE_RECORD } from '../../src/firmware/cache-record';
import { fetchCachedFirmware, findFirmware, howToGetFirmware } from '../../src/firmware/firmware-source';
import { firmwareManifest } from '../../src/firmware/manifest';
import { writeUf2 } from '../../src/firmware/uf2-writer';
import { syntheticImage, syntheticMicroPythonUf2 } from './synthetic';

// A stand-in for the dev server: serves whatever `files` holds, and optionally an SPA fallback page.
const files = new Map<string, Uint8Array | string>();
let spaFallback = false;
let server: http.Server;
let base = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const body = files.get(req.url ?? '');
    if (body !== undefined) return void res.writeHead(200).end(body);
    if (spaFallback)
      return void res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>app</title>');
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

function serveCache(uf2: Uint8Array, recordPatch: Record<string, unknown> = {}): void {
  files.clear();
  const file = 'RPI_PICO-20260406-v1.28.0.uf2';
  files.set(`/firmware/cache/${file}`, uf2);
  files.set(
    '/firmware/cache/firmware.json',
    JSON.stringify({
      file,
      url: 'https://example.invalid/x.uf2',
      pinned: true,
      size: uf2.length,
      sha256: createHash('sha256').update(uf2).digest('hex'),
      info: { kind: 'micropython' },
      downloadedAt: '2026-04-07T00:00:00Z',
      ...recordPatch,
    }),
  );
}

describe('firmware source order (Node: no IndexedDB, so the dev-server cache is next)', () => {
  const uf2 = syntheticMicroPythonUf2();

  it('finds firmware/cache/ through firmware.json, checks its sha256 and parses it', async () => {
    serveCache(uf2);
    spaFallback = false;
    const cached = await fetchCachedFirmware(base);
    expect(cached?.bytes).toEqual(uf2);
    const search = await findFirmware({ baseUrl: base });
    expect(search.found?.origin).toBe('site');
    expect(search.found?.image.info.version).toBe('v1.28.0');
    expect(search.found?.id).toBe(createHash('sha256').update(uf2).digest('hex'));
    expect(search.found?.warning).toBeUndefined();
    // The IndexedDB step was tried and its absence reported, not thrown.
    expect(search.problems.join('\n')).toMatch(/IndexedDB\) is not available/);
  });

  it('no cache (the empty record, a 404, an SPA fallback page) means "none", with how-to-get-it help', async () => {
    for (const answer of ['empty record', '404', 'fallback page']) {
      files.clear();
      if (answer === 'empty record') files.set('/firmware/cache/firmware.json', JSON.stringify(EMPTY_CACHE_RECORD));
      spaFallback = answer === 'fallback page';
      expect(await fetchCachedFirmware(base)).toBeNull();
      const search = await findFirmware({ baseUrl: base });
      expect(search.found).toBeNull();
      if (search.found === null) {
        expect(search.help.command).toBe('npm run firmware');
        expect(search.help.downloadUrl).toBe(`https://micropython.org/resources/firmware/${firmwareManifest.file}`);
        expect(search.help.steps.join(' ')).toMatch(/drop it onto the board/);
      }
    }
    spaFallback = false;
  });

  it('a cache whose .uf2 does not match firmware.json is reported and skipped', async () => {
    serveCache(uf2, { sha256: '0'.repeat(64) });
    await expect(fetchCachedFirmware(base)).rejects.toThrow(/does not match its sha256/);
    const search = await findFirmware({ baseUrl: base });
    expect(search.found).toBeNull();
    expect(search.problems.join('\n')).toMatch(/does not match its sha256.*npm run firmware/);
  });

  it('firmware.json naming a missing file is reported', async () => {
    serveCache(uf2, { file: 'gone.uf2' });
    await expect(fetchCachedFirmware(base)).rejects.toThrow(/gone\.uf2 is missing \(HTTP 404\)/);
  });

  it('a CircuitPython image is found with its warning', async () => {
    serveCache(writeUf2(syntheticImage(['Adafruit CircuitPython 9.2.1 on 2024-11-20; Raspberry Pi Pico with rp2040'])));
    const search = await findFirmware({ baseUrl: base });
    expect(search.found?.warning).toBe('This is CircuitPython: it boots, but the lab decodes MicroPython heaps only.');
  });

  it('a cached RP2350 image is refused with the Pico 2 message', async () => {
    serveCache(writeUf2(new Uint8Array(512), { familyId: 0xe48bff59 }));
    const search = await findFirmware({ baseUrl: base });
    expect(search.found).toBeNull();
    expect(search.problems.join('\n')).toMatch(/RP2350 \/ Raspberry Pi Pico 2/);
  });

  it('help text names the pinned version and the browser board', () => {
    const help = howToGetFirmware();
    expect(help.title).toContain('RPI_PICO v1.28.0');
    expect(help.steps.at(-1)).toMatch(/browser MicroPython board/);
  });
});
