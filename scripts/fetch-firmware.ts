/**
 * `npm run firmware`: downloads the pinned official MicroPython RPI_PICO
 * firmware (firmware/manifest.json) into firmware/cache/, falling back to
 * "latest" when the pinned file is gone (404), validates it, and writes it
 * atomically. On any failure it prints one line, exits 1 and leaves
 * firmware/cache/ untouched.
 *
 * Environment (for tests and mirrors):
 *   FIRMWARE_BASE_URL    directory URL to download from instead of micropython.org
 *   FIRMWARE_CACHE_DIR   where to store the file instead of firmware/cache/
 *   FIRMWARE_TIMEOUT_MS  give up after this long without progress (default 30000)
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FirmwareCacheRecord } from '../src/firmware/cache-record';
import { parseCacheRecord } from '../src/firmware/cache-record';
import { checkOfficialFirmware, FirmwareMismatchError } from '../src/firmware/check-official';
import { describeFirmware } from '../src/firmware/firmware-info';
import { firmwareManifest, firmwareUrl, type FirmwareManifest } from '../src/firmware/manifest';
import { formatBytes, progressLine } from '../src/firmware/progress-text';
import { parseUf2, Uf2Error } from '../src/firmware/uf2';

/** An expected failure: printed as one line, exit code 1. */
class FetchFailure extends Error {}

const NETWORK_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EPIPE',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

function networkCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    const errors = (e as { errors?: unknown[] }).errors; // AggregateError from happy-eyeballs
    if (Array.isArray(errors) && errors.length) e = errors[0];
    else e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Progress on stderr: redrawn in place on a terminal, a few plain lines otherwise. */
function makeProgress(total: number | undefined): { update(received: number): void; done(received: number): void } {
  const tty = process.stderr.isTTY === true;
  let lastQuarter = -1;
  return {
    update(received) {
      if (tty) process.stderr.write(`\r${progressLine(received, total)}`);
      else if (total) {
        const quarter = Math.floor((4 * received) / total);
        if (quarter > lastQuarter && quarter < 4) {
          lastQuarter = quarter;
          process.stderr.write(`${progressLine(received, total)}\n`);
        }
      }
    },
    done(received) {
      process.stderr.write(`${tty ? '\r' : ''}${progressLine(received, total ?? received)}\n`);
    },
  };
}

interface Download {
  bytes: Uint8Array;
  url: string;
}

/** GET with a stall timeout covering connect, headers and every body chunk; `null` on 404/410. */
async function download(url: string, timeoutMs: number, maxBytes: number): Promise<Download | null> {
  const controller = new AbortController();
  let timer = setTimeout(() => controller.abort(), timeoutMs);
  const kick = () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(), timeoutMs);
  };
  try {
    const response = await fetch(url, { signal: controller.signal, redirect: 'follow' });
    if (response.status === 404 || response.status === 410) {
      await response.body?.cancel();
      return null;
    }
    if (!response.ok)
      throw new FetchFailure(`the server answered HTTP ${response.status} ${response.statusText} for ${url}`);
    const lengthHeader = Number(response.headers.get('content-length'));
    const total = Number.isFinite(lengthHeader) && lengthHeader > 0 ? lengthHeader : undefined;
    if (total && total > maxBytes)
      throw new FetchFailure(
        `${url} is ${formatBytes(total)}, too big for a Pico firmware (max ${formatBytes(maxBytes)})`,
      );
    const progress = makeProgress(total);
    const chunks: Uint8Array[] = [];
    let received = 0;
    if (response.body) {
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        kick();
        chunks.push(value);
        received += value.length;
        if (received > maxBytes) {
          await reader.cancel();
          throw new FetchFailure(`${url} is larger than ${formatBytes(maxBytes)}: not a Pico firmware`);
        }
        progress.update(received);
      }
    }
    progress.done(received);
    if (total && received !== total)
      throw new FetchFailure(`the download of ${url} stopped after ${received} of ${total} bytes; try again`);
    const bytes = new Uint8Array(received);
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.length;
    }
    return { bytes, url };
  } catch (error) {
    if (error instanceof FetchFailure) throw error;
    const host = new URL(url).host;
    if (controller.signal.aborted)
      throw new FetchFailure(`you seem to be offline (no answer from ${host} for ${timeoutMs / 1000} s: timed out)`);
    const code = networkCode(error);
    if (code) throw new FetchFailure(`you seem to be offline (cannot reach ${host}: ${code})`);
    throw new FetchFailure(`download of ${url} failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    clearTimeout(timer);
  }
}

/** Writes both files to temporaries first, then renames, so a failure never leaves half a firmware. */
async function storeAtomically(cacheDir: string, file: string, bytes: Uint8Array, record: FirmwareCacheRecord) {
  await mkdir(cacheDir, { recursive: true });
  const previous = await readFile(path.join(cacheDir, 'firmware.json'), 'utf8')
    .then((text) => parseCacheRecord(JSON.parse(text)))
    .catch(() => undefined);
  const tmpUf2 = path.join(cacheDir, `.${file}.${process.pid}.tmp`);
  const tmpJson = path.join(cacheDir, `.firmware.json.${process.pid}.tmp`);
  try {
    await writeFile(tmpUf2, bytes);
    await writeFile(tmpJson, `${JSON.stringify(record, null, 2)}\n`);
    await rename(tmpUf2, path.join(cacheDir, file));
    await rename(tmpJson, path.join(cacheDir, 'firmware.json'));
  } finally {
    await rm(tmpUf2, { force: true });
    await rm(tmpJson, { force: true });
  }
  if (previous && previous.file !== file) await rm(path.join(cacheDir, previous.file), { force: true });
}

async function main(manifest: FirmwareManifest): Promise<void> {
  const baseUrl = process.env.FIRMWARE_BASE_URL || manifest.baseUrl;
  const cacheDir = path.resolve(
    process.env.FIRMWARE_CACHE_DIR || fileURLToPath(new URL('../firmware/cache/', import.meta.url)),
  );
  const timeoutMs = Number(process.env.FIRMWARE_TIMEOUT_MS) || 30_000;

  const pinnedUrl = firmwareUrl(manifest, manifest.file, baseUrl);
  process.stderr.write(`Downloading MicroPython ${manifest.version} for ${manifest.boardName}: ${pinnedUrl}\n`);
  let pinned = true;
  let got = await download(pinnedUrl, timeoutMs, manifest.maxBytes);
  if (!got) {
    pinned = false;
    const latestUrl = firmwareUrl(manifest, manifest.fallbackFile, baseUrl);
    process.stderr.write(`The pinned file is not on the server (404); trying the latest release: ${latestUrl}\n`);
    got = await download(latestUrl, timeoutMs, manifest.maxBytes);
    if (!got)
      throw new FetchFailure(`neither ${manifest.file} nor ${manifest.fallbackFile} exists at ${baseUrl} (HTTP 404)`);
  }
  const file = pinned ? manifest.file : manifest.fallbackFile;

  let warnings: string[];
  let image;
  try {
    image = parseUf2(got.bytes);
    ({ warnings } = checkOfficialFirmware(image, manifest));
  } catch (error) {
    if (error instanceof Uf2Error || error instanceof FirmwareMismatchError)
      throw new FetchFailure(`the downloaded file is not usable: ${error.message}`);
    throw error;
  }
  const sha256 = createHash('sha256').update(got.bytes).digest('hex');
  const record: FirmwareCacheRecord = {
    file,
    url: got.url,
    pinned,
    size: got.bytes.length,
    sha256,
    info: image.info,
    downloadedAt: new Date().toISOString(),
  };
  await storeAtomically(cacheDir, file, got.bytes, record);

  await fetchLicence(manifest, cacheDir);
  for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
  process.stdout.write(
    [
      `firmware: ${describeFirmware(image.info)}`,
      `file:     ${path.join(cacheDir, file)}${pinned ? '' : ' (fallback: latest release)'}`,
      `size:     ${got.bytes.length} bytes (${image.blocks} UF2 blocks, ${formatBytes(image.endOffset)} of flash)`,
      `sha256:   ${sha256}`,
      '',
    ].join('\n'),
  );
}

/**
 * MicroPython's licence for the release, saved beside the firmware as LICENSE-micropython: a build
 * that ships the firmware ships it too. Best effort: without it the build points at the licence.
 */
async function fetchLicence(manifest: FirmwareManifest, cacheDir: string): Promise<void> {
  // A test server stands in for micropython.org (FIRMWARE_BASE_URL): no licence unless it names one.
  const url =
    process.env.FIRMWARE_LICENSE_URL ??
    (process.env.FIRMWARE_BASE_URL
      ? undefined
      : `https://raw.githubusercontent.com/micropython/micropython/${manifest.version}/LICENSE`);
  if (!url) return;
  try {
    const got = await download(url, 10_000, 1024 * 1024);
    if (!got) throw new Error('not found');
    await writeFile(path.join(cacheDir, 'LICENSE-micropython'), got.bytes);
  } catch (error) {
    process.stderr.write(`note: MicroPython's licence could not be fetched from ${url} (${String(error)}).\n`);
  }
}

main(firmwareManifest).catch((error: unknown) => {
  const manifest = firmwareManifest;
  const reason = error instanceof FetchFailure ? error.message : String(error instanceof Error ? error.stack : error);
  process.stderr.write(
    `npm run firmware: ${reason.replace(/[.?]$/, '')}. Nothing in firmware/cache/ was changed. ` +
      `You can download ${firmwareUrl(manifest, manifest.file)} by hand and drop it onto the board in the app.\n`,
  );
  process.exitCode = 1;
});
