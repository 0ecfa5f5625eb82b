import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCacheRecord } from '../../src/firmware/cache-record';
import { firmwareManifest } from '../../src/firmware/manifest';
import { writeUf2 } from '../../src/firmware/uf2-writer';
import { syntheticImage, syntheticMicroPythonUf2 } from './synthetic';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tsx = path.join(root, 'node_modules/.bin/tsx');
const script = path.join(root, 'scripts/fetch-firmware.ts');

/** What the local server answers per path: bytes (with or without Content-Length), or hang. */
type Route = { body: Uint8Array; chunked?: boolean } | 'hang';
const routes = new Map<string, Route>();
let server: http.Server;
let base = '';
const hanging: http.ServerResponse[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const route = routes.get(req.url ?? '');
    if (route === 'hang') return void hanging.push(res);
    if (!route) return void res.writeHead(404).end('not found');
    if (route.chunked) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      for (let i = 0; i < route.body.length; i += 4096) res.write(route.body.subarray(i, i + 4096));
      res.end();
    } else {
      res.writeHead(200, { 'content-length': route.body.length }).end(route.body);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fw/`;
});

afterAll(async () => {
  for (const res of hanging) res.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runScript(env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(tsx, [script], { env: { ...process.env, ...env }, cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function tempCache(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'phl-fw-cache-'));
}

/** Names and contents of a folder, to prove a failed run changed nothing. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of await readdir(dir).catch(() => [] as string[]))
    out[name] = createHash('sha256')
      .update(await readFile(path.join(dir, name)))
      .digest('hex');
  return out;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const pinnedPath = `/fw/${firmwareManifest.file}`;
const latestPath = `/fw/${firmwareManifest.fallbackFile}`;

describe('npm run firmware (scripts/fetch-firmware.ts) against a local server', () => {
  const pinned = syntheticMicroPythonUf2({}, 64 * 1024);

  it('downloads the pinned file, validates it, stores it with its sha256 and reports it', async () => {
    routes.clear();
    routes.set(pinnedPath, { body: pinned });
    const cache = await tempCache();
    const run = await runScript({ FIRMWARE_BASE_URL: base, FIRMWARE_CACHE_DIR: cache });
    expect(run.stderr).toContain('100%');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('MicroPython v1.28.0 (2026-04-06) on Raspberry Pi Pico with RP2040');
    expect(run.stdout).toContain(sha256(pinned));
    expect(run.stdout).toContain(`${pinned.length} bytes`);
    expect(new Uint8Array(await readFile(path.join(cache, firmwareManifest.file)))).toEqual(pinned);
    const record = parseCacheRecord(JSON.parse(await readFile(path.join(cache, 'firmware.json'), 'utf8')));
    expect(record).toMatchObject({
      file: firmwareManifest.file,
      pinned: true,
      size: pinned.length,
      sha256: sha256(pinned),
    });
    expect(record?.info.version).toBe('v1.28.0');
    expect(Object.keys(await snapshot(cache)).sort()).toEqual([firmwareManifest.file, 'firmware.json'].sort());
    await rm(cache, { recursive: true });
  });

  const fallbackTitle =
    'falls back to the latest release when the pinned file is 404, warns about the version, replaces the old file';
  it(fallbackTitle, async () => {
    const latest = writeUf2(
      syntheticImage(['MicroPython v1.29.0 on 2026-09-01', '; Raspberry Pi Pico with RP2040'], 20_000, 5),
    );
    routes.clear();
    routes.set(pinnedPath, { body: pinned });
    const cache = await tempCache();
    expect((await runScript({ FIRMWARE_BASE_URL: base, FIRMWARE_CACHE_DIR: cache })).code).toBe(0);

    routes.clear();
    routes.set(latestPath, { body: latest, chunked: true });
    const run = await runScript({ FIRMWARE_BASE_URL: base, FIRMWARE_CACHE_DIR: cache });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/not on the server \(404\); trying the latest/);
    expect(run.stderr).toMatch(/warning: .*v1\.29\.0.*tested with v1\.28/);
    expect(run.stdout).toContain('fallback: latest release');
    expect(Object.keys(await snapshot(cache)).sort()).toEqual([firmwareManifest.fallbackFile, 'firmware.json'].sort());
    const record = parseCacheRecord(JSON.parse(await readFile(path.join(cache, 'firmware.json'), 'utf8')));
    expect(record).toMatchObject({ file: firmwareManifest.fallbackFile, pinned: false, sha256: sha256(latest) });
    await rm(cache, { recursive: true });
  });

  describe('failures print one line, exit 1 and change nothing', () => {
    let cache = '';
    let before: Record<string, string> = {};

    beforeAll(async () => {
      // A cache holding an earlier good download, which every failure must leave alone.
      cache = await tempCache();
      await writeFile(path.join(cache, firmwareManifest.file), pinned);
      await writeFile(path.join(cache, 'firmware.json'), '{"file":"' + firmwareManifest.file + '"}\n');
      before = await snapshot(cache);
    });
    afterAll(() => rm(cache, { recursive: true }));

    async function expectFailure(env: Record<string, string>, message: RegExp): Promise<void> {
      const run = await runScript({ FIRMWARE_CACHE_DIR: cache, ...env });
      expect(run.code).toBe(1);
      const errorLines = run.stderr.split('\n').filter((l) => l.startsWith('npm run firmware:'));
      expect(errorLines).toHaveLength(1);
      expect(errorLines[0]).toMatch(message);
      expect(errorLines[0]).toContain('Nothing in firmware/cache/ was changed');
      expect(run.stdout).toBe('');
      expect(await snapshot(cache)).toEqual(before);
    }

    it('truncated download', async () => {
      routes.clear();
      routes.set(pinnedPath, { body: pinned.subarray(0, pinned.length - 200) });
      await expectFailure({ FIRMWARE_BASE_URL: base }, /not usable: The UF2 file is truncated.*200 bytes short/);
    });

    it('an HTML page instead of the firmware', async () => {
      routes.clear();
      routes.set(pinnedPath, { body: new TextEncoder().encode('<!doctype html><p>Moved</p>') });
      await expectFailure({ FIRMWARE_BASE_URL: base }, /not-uf2|not a UF2 firmware file.*web page/);
    });

    it('a CircuitPython image', async () => {
      routes.clear();
      const circuit = writeUf2(
        syntheticImage(['Adafruit CircuitPython 9.2.1 on 2024-11-20; Raspberry Pi Pico with rp2040']),
      );
      routes.set(pinnedPath, { body: circuit });
      await expectFailure({ FIRMWARE_BASE_URL: base }, /expected MicroPython v1\.28\.0.*CircuitPython 9\.2\.1/);
    });

    it('both files missing (404)', async () => {
      routes.clear();
      await expectFailure({ FIRMWARE_BASE_URL: base }, /neither .* nor .* exists .*404/);
    });

    it('unreachable host (connection refused)', async () => {
      const closed = http.createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const port = (closed.address() as AddressInfo).port;
      await new Promise((resolve) => closed.close(resolve));
      await expectFailure(
        { FIRMWARE_BASE_URL: `http://127.0.0.1:${port}/fw/` },
        /you seem to be offline \(cannot reach 127\.0\.0\.1:\d+: ECONNREFUSED\)/,
      );
    });

    it('server that never answers (timeout)', async () => {
      routes.clear();
      routes.set(pinnedPath, 'hang');
      await expectFailure(
        { FIRMWARE_BASE_URL: base, FIRMWARE_TIMEOUT_MS: '700' },
        /offline \(no answer from .* timed out\)/,
      );
    });
  });
});
