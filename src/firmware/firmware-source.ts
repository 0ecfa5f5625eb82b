import { isEmptyCacheRecord, parseCacheRecord, type FirmwareCacheRecord } from './cache-record';
import { firmwareId } from './firmware-id';
import { firmwareWarning } from './firmware-info';
import { firmwareStore as defaultStore, type FirmwareStore } from './firmware-store';
import { firmwareManifest, firmwareUrl, type FirmwareManifest } from './manifest';
import { parseUf2, Uf2Error, type Uf2Image } from './uf2';

/** A firmware the app can boot, and where it came from. */
export interface FoundFirmware {
  origin: 'indexeddb' | 'site';
  name: string;
  bytes: Uint8Array;
  image: Uf2Image;
  /** sha256 of the .uf2 bytes: the key for the saved flash image. */
  id: string;
  /** Shown next to the board when the firmware is not the expected MicroPython (CircuitPython, other version…). */
  warning?: string;
}

/** What to tell the user when there is no firmware anywhere. */
export interface FirmwareHelp {
  title: string;
  /** Ordered ways to get it, one sentence each. */
  steps: string[];
  /** The command that fetches it into a checkout (absent on a hosted lab: the learner has no project folder). */
  command?: string;
  downloadUrl: string;
  downloadPage: string;
}

export type FirmwareSearch =
  { found: FoundFirmware; problems: string[] } | { found: null; help: FirmwareHelp; problems: string[] };

/**
 * How to get the firmware. On a hosted lab (`hosted`: a built site) the learner has no project
 * folder: the official download and a drop onto the board, never a command.
 */
export function howToGetFirmware(
  manifest: FirmwareManifest = firmwareManifest,
  { hosted = false }: { hosted?: boolean } = {},
): FirmwareHelp {
  const downloadUrl = firmwareUrl(manifest, manifest.file);
  const download =
    `${hosted ? 'Download' : 'Or download'} ${manifest.file} from ${downloadUrl} (all versions: ${manifest.downloadPage}) ` +
    'and drop it onto the board, or use "Load firmware…".';
  return {
    title:
      `The virtual Pico needs the official MicroPython firmware for the ${manifest.boardName} ` +
      `(${manifest.board} ${manifest.version}).`,
    steps: [
      ...(hosted ? [] : ['In the project folder run "npm run firmware" and reload this page.']),
      download,
      'Meanwhile, the browser MicroPython board works without any firmware.',
    ],
    ...(hosted ? {} : { command: 'npm run firmware' }),
    downloadUrl,
    downloadPage: manifest.downloadPage,
  };
}

/** The firmware `npm run firmware` left in firmware/cache/, as served by the dev server. */
export interface CachedFirmware {
  name: string;
  bytes: Uint8Array;
  record: FirmwareCacheRecord;
}

/**
 * Tries `firmware/cache/firmware.json` under `baseUrl`, then the .uf2 it names.
 * Returns null when the server has no cache (its empty record, a 404, or an HTML fallback page);
 * throws an Error with a readable message when the cache is there but broken.
 */
export async function fetchCachedFirmware(
  baseUrl: string,
  fetchFn: typeof fetch = fetch,
): Promise<CachedFirmware | null> {
  const dir = new URL('firmware/cache/', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  const recordResponse = await fetchFn(new URL('firmware.json', dir));
  if (!recordResponse.ok) return null;
  let json: unknown;
  try {
    json = JSON.parse(await recordResponse.text());
  } catch {
    return null; // e.g. a dev server's index.html fallback: no cache here
  }
  if (isEmptyCacheRecord(json)) return null;
  const record = parseCacheRecord(json);
  if (!record) throw new Error('firmware/cache/firmware.json is not a valid record; run "npm run firmware" again.');
  const fileResponse = await fetchFn(new URL(record.file, dir));
  if (!fileResponse.ok) {
    throw new Error(
      `firmware/cache/${record.file} is missing (HTTP ${fileResponse.status}); run "npm run firmware" again.`,
    );
  }
  const bytes = new Uint8Array(await fileResponse.arrayBuffer());
  if (bytes.length !== record.size || (await firmwareId(bytes)) !== record.sha256) {
    throw new Error(
      `firmware/cache/${record.file} does not match its sha256 in firmware.json; run "npm run firmware" again.`,
    );
  }
  return { name: record.file, bytes, record };
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

function describe(
  origin: FoundFirmware['origin'],
  name: string,
  bytes: Uint8Array,
  id: string,
  manifest: FirmwareManifest,
): FoundFirmware {
  const image = parseUf2(bytes);
  const found: FoundFirmware = { origin, name, bytes, image, id };
  const warning = firmwareWarning(image.info, manifest.versionPrefix, manifest.boardName);
  if (warning) found.warning = warning;
  return found;
}

export interface FindFirmwareOptions {
  store?: FirmwareStore;
  /** Base URL of the dev server; defaults to the page's base URL, and the step is skipped without one. */
  baseUrl?: string;
  fetch?: typeof fetch;
  manifest?: FirmwareManifest;
  /** A hosted lab (a built site): the help offers the download, never a command. */
  hosted?: boolean;
}

/**
 * Where the app finds firmware, in order: the one the user loaded (IndexedDB),
 * then the dev server's firmware/cache/, else a structured "how to get it".
 * A broken source is reported in `problems` and the search goes on.
 */
export async function findFirmware(options: FindFirmwareOptions = {}): Promise<FirmwareSearch> {
  const manifest = options.manifest ?? firmwareManifest;
  const store = options.store ?? defaultStore;
  const problems: string[] = [];

  try {
    const stored = await store.load();
    if (stored) return { found: describe('indexeddb', stored.name, stored.bytes, stored.id, manifest), problems };
  } catch (error) {
    const what =
      error instanceof Uf2Error
        ? 'The firmware saved in this browser is not usable'
        : 'Could not read the saved firmware';
    problems.push(`${what}: ${reason(error)}`);
  }

  const baseUrl = options.baseUrl ?? (typeof document !== 'undefined' ? document.baseURI : undefined);
  if (baseUrl) {
    try {
      const cached = await fetchCachedFirmware(baseUrl, options.fetch ?? fetch);
      if (cached)
        return { found: describe('site', cached.name, cached.bytes, cached.record.sha256, manifest), problems };
    } catch (error) {
      problems.push(
        error instanceof Uf2Error ? `firmware/cache/ holds an unusable file: ${reason(error)}` : reason(error),
      );
    }
  }

  return { found: null, help: howToGetFirmware(manifest, { hosted: options.hosted }), problems };
}
