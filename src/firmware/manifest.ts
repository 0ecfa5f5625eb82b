import manifestJson from '../../firmware/manifest.json';
import { RP2040_FAMILY_ID } from './families';

/** The pinned official firmware (firmware/manifest.json), validated. */
export interface FirmwareManifest {
  /** MicroPython board name, e.g. "RPI_PICO". */
  board: string;
  /** What the banner calls the board, e.g. "Raspberry Pi Pico". */
  boardName: string;
  mcu: string;
  familyId: number;
  kind: 'micropython';
  /** Exact pinned version, e.g. "v1.28.0". */
  version: string;
  /** Versions starting with this are the ones the lab is tested with. */
  versionPrefix: string;
  /** Directory URL ending in "/". */
  baseUrl: string;
  file: string;
  fallbackFile: string;
  downloadPage: string;
  /** Upper bound for a download: 2 MiB flash in 256-byte payloads = 8192 blocks × 512 bytes. */
  maxBytes: number;
}

/** A manifest problem is a bug in the repository, so it names the field. */
export class ManifestError extends Error {
  constructor(message: string) {
    super(`firmware/manifest.json: ${message}`);
    this.name = 'ManifestError';
  }
}

const FILE_NAME = /^[A-Za-z0-9._-]+\.uf2$/;

function str(o: Record<string, unknown>, key: string, check?: (v: string) => boolean): string {
  const v = o[key];
  if (typeof v !== 'string' || v.length === 0) throw new ManifestError(`"${key}" must be a non-empty string`);
  if (check && !check(v)) throw new ManifestError(`"${key}" has an invalid value ${JSON.stringify(v)}`);
  return v;
}

/** Validates raw manifest JSON. */
export function parseManifest(json: unknown): FirmwareManifest {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new ManifestError('must be a JSON object');
  const o = json as Record<string, unknown>;
  const familyId = Number.parseInt(
    str(o, 'familyId', (v) => /^0x[0-9a-f]{8}$/i.test(v)),
    16,
  );
  if (familyId !== RP2040_FAMILY_ID) throw new ManifestError('"familyId" must be the RP2040 family 0xe48bff56');
  const kind = str(o, 'kind');
  if (kind !== 'micropython') throw new ManifestError('"kind" must be "micropython"');
  const version = str(o, 'version', (v) => /^v\d+\.\d+\.\d+/.test(v));
  const versionPrefix = str(o, 'versionPrefix', (v) => version.startsWith(v));
  const maxBytes = o.maxBytes;
  if (typeof maxBytes !== 'number' || !Number.isInteger(maxBytes) || maxBytes < 512)
    throw new ManifestError('"maxBytes" must be an integer ≥ 512');
  return {
    board: str(o, 'board'),
    boardName: str(o, 'boardName'),
    mcu: str(o, 'mcu'),
    familyId,
    kind,
    version,
    versionPrefix,
    baseUrl: str(o, 'baseUrl', (v) => /^https?:\/\/.+\/$/.test(v)),
    file: str(o, 'file', (v) => FILE_NAME.test(v)),
    fallbackFile: str(o, 'fallbackFile', (v) => FILE_NAME.test(v)),
    downloadPage: str(o, 'downloadPage', (v) => /^https?:\/\//.test(v)),
    maxBytes,
  };
}

/** The repository's manifest, validated once at import. */
export const firmwareManifest: FirmwareManifest = parseManifest(manifestJson);

/** URL of a firmware file; `baseUrl` overrides the manifest's (tests, mirrors). */
export function firmwareUrl(manifest: FirmwareManifest, file: string, baseUrl = manifest.baseUrl): string {
  return new URL(file, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`).href;
}
