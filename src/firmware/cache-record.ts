import type { FirmwareInfo } from './firmware-info';

/**
 * firmware/cache/firmware.json, written by `npm run firmware` next to the
 * .uf2 it downloaded; the dev server serves both, and the app reads this
 * record to learn the file name.
 */
export interface FirmwareCacheRecord {
  /** File name of the .uf2 in the same folder. */
  file: string;
  /** Where it was downloaded from. */
  url: string;
  /** true when it is the manifest's pinned file, false for the "latest" fallback. */
  pinned: boolean;
  size: number;
  sha256: string;
  info: FirmwareInfo;
  downloadedAt: string;
}

/** Validates a parsed firmware.json; returns undefined when it is not a usable record. */
export function parseCacheRecord(json: unknown): FirmwareCacheRecord | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const r = json as Partial<Record<keyof FirmwareCacheRecord, unknown>>;
  if (typeof r.file !== 'string' || !/^[A-Za-z0-9._-]+\.uf2$/.test(r.file)) return undefined;
  if (typeof r.size !== 'number' || typeof r.sha256 !== 'string' || typeof r.url !== 'string') return undefined;
  const info = r.info as FirmwareInfo | undefined;
  if (!info || typeof info !== 'object' || typeof info.kind !== 'string') return undefined;
  return {
    file: r.file,
    url: r.url,
    pinned: r.pinned === true,
    size: r.size,
    sha256: r.sha256,
    info,
    downloadedAt: typeof r.downloadedAt === 'string' ? r.downloadedAt : '',
  };
}

/**
 * What the dev and preview servers, and every build, answer for firmware.json when no firmware was
 * cached: a valid "nothing here" rather than a 404, which the browser would log as an error on every
 * first visit to the Virtual Pico.
 */
export const EMPTY_CACHE_RECORD = { empty: true } as const;

/** True for EMPTY_CACHE_RECORD (parsed). */
export function isEmptyCacheRecord(json: unknown): boolean {
  return typeof json === 'object' && json !== null && (json as { empty?: unknown }).empty === true;
}
