import { MemoryImage, type MemoryImageOptions } from './memory-image';

/** Reads `length` bytes at `address` from a board that can only be read piece by piece (a USB Pico). */
export type ReadMemory = (address: number, length: number) => Promise<Uint8Array>;

/** [start, end) in bytes. */
export interface AddressRange {
  start: number;
  end: number;
}

export interface PagedReadOptions {
  /** Where reads may go at all: a read elsewhere could fault the board. Everything is cut to these. */
  readable: readonly AddressRange[];
  /** Reads start and end on multiples of this (bytes); small requests round out to it. */
  granule?: number;
  /** Two wanted pieces closer than this (bytes) are read as one: a request costs more than a few bytes. */
  mergeGap?: number;
  /** The most one request asks for (bytes): the board encodes a reply in a buffer of fixed size. */
  maxRead?: number;
  /** Called after each request (for a progress bar): bytes read so far, bytes this fetch wants. */
  onProgress?: (done: number, total: number) => void;
}

/** One request as it went to the board. */
export interface ReadRecord {
  address: number;
  length: number;
}

interface Piece {
  start: number;
  bytes: Uint8Array;
}

const DEFAULT_GRANULE = 16;
const DEFAULT_MERGE_GAP = 48;
const DEFAULT_MAX_READ = 1536;
/** Requests under way at once. */
const IN_FLIGHT = 8;

/**
 * Memory of a board read piece by piece: fetch() asks the board only for what is not cached yet,
 * cut to the readable ranges, rounded to the granule, near pieces merged and long ones split;
 * image() hands the decoder what it has as a MemoryImage (touching pieces joined). Every request
 * is logged, so a caller (and a test) sees exactly what was read.
 */
export class PagedMemoryReader {
  private pieces: Piece[] = [];
  readonly log: ReadRecord[] = [];
  private readonly granule: number;
  private readonly mergeGap: number;
  private readonly maxRead: number;

  constructor(
    /** Where reads go: replaceable, so what is cached (flash) outlives one way of reading. */
    public source: ReadMemory,
    private readonly options: PagedReadOptions,
  ) {
    this.granule = options.granule ?? DEFAULT_GRANULE;
    this.mergeGap = options.mergeGap ?? DEFAULT_MERGE_GAP;
    this.maxRead = options.maxRead ?? DEFAULT_MAX_READ;
  }

  /** Bytes asked of the board so far. */
  get bytesRead(): number {
    return this.log.reduce((sum, r) => sum + r.length, 0);
  }

  /** Whether every byte of [start, end) is cached. */
  has(start: number, end: number): boolean {
    return this.missing([{ start, end }]).length === 0;
  }

  /**
   * Reads whatever of `ranges` is readable and not cached yet; `granule` overrides the reader's
   * rounding (a wider one reads ahead where one read is likely to lead to the next).
   */
  async fetch(ranges: readonly AddressRange[], granule = this.granule): Promise<void> {
    const requests = this.plan(ranges, granule);
    const total = requests.reduce((sum, r) => sum + r.end - r.start, 0);
    let done = 0;
    // Several requests under way at once: a board answers them in order, and over USB the wait
    // for each answer would otherwise add up.
    const inFlight: Promise<void>[] = [];
    let failure: { reason: unknown } | undefined;
    for (const { start, end } of requests) {
      if (failure) break;
      const length = end - start;
      this.log.push({ address: start, length });
      inFlight.push(
        this.source(start, length).then((bytes) => {
          if (bytes.length !== length) {
            throw new Error(`the board sent ${bytes.length} bytes for a read of ${length} at 0x${start.toString(16)}`);
          }
          this.insert({ start, bytes });
          done += length;
          this.options.onProgress?.(done, total);
        }),
      );
      if (inFlight.length >= IN_FLIGHT) await inFlight.shift()!.catch((reason: unknown) => (failure ??= { reason }));
    }
    // Every request settles (none is left running unobserved), then the first failure is thrown.
    for (const r of await Promise.allSettled(inFlight)) if (r.status === 'rejected') failure ??= { reason: r.reason };
    if (failure) throw failure.reason;
  }

  /** What fetch(ranges, granule) would ask for, in order, without asking. */
  plan(ranges: readonly AddressRange[], granule = this.granule): AddressRange[] {
    const rounded = ranges.flatMap((r) => this.clip(roundOut(r, granule)));
    const wanted = this.missing(rounded).map((r) => roundOut(r, this.granule));
    const merged = mergeRanges(wanted, this.mergeGap).flatMap((r) => this.clip(r));
    return merged.flatMap((r) => this.missing([r])).flatMap((r) => split(r, this.maxRead));
  }

  /** The cached bytes as a memory image. */
  image(options: MemoryImageOptions = {}): MemoryImage {
    return new MemoryImage(
      this.pieces.map((p) => ({ name: `read 0x${p.start.toString(16)}`, base: p.start, bytes: p.bytes })),
      options,
    );
  }

  /** Drops what is cached outside `keep` (memory that may have changed since; flash stays). */
  forget(keep: readonly AddressRange[] = []): void {
    const kept: Piece[] = [];
    for (const p of this.pieces) {
      const end = p.start + p.bytes.length;
      for (const k of keep) {
        const start = Math.max(p.start, k.start);
        const stop = Math.min(end, k.end);
        if (stop > start) kept.push({ start, bytes: p.bytes.slice(start - p.start, stop - p.start) });
      }
    }
    this.pieces = [];
    for (const p of kept) this.insert(p);
  }

  /** `r` cut to the readable ranges (possibly several pieces, possibly none). */
  private clip(r: AddressRange): AddressRange[] {
    const out: AddressRange[] = [];
    for (const ok of this.options.readable) {
      const start = Math.max(r.start, ok.start);
      const end = Math.min(r.end, ok.end);
      if (end > start) out.push({ start, end });
    }
    return out;
  }

  /** The parts of `ranges` not cached, sorted and merged. */
  private missing(ranges: readonly AddressRange[]): AddressRange[] {
    const out: AddressRange[] = [];
    for (const r of mergeRanges(ranges, 0)) {
      let at = r.start;
      for (const p of this.pieces) {
        const end = p.start + p.bytes.length;
        if (end <= at) continue;
        if (p.start >= r.end) break;
        if (p.start > at) out.push({ start: at, end: p.start });
        at = Math.max(at, end);
      }
      if (at < r.end) out.push({ start: at, end: r.end });
    }
    return out;
  }

  /** Adds a piece, joining it with the pieces it touches or overlaps (the newer bytes win). */
  private insert(piece: Piece): void {
    let start = piece.start;
    let end = piece.start + piece.bytes.length;
    const touching = this.pieces.filter((p) => p.start <= end && p.start + p.bytes.length >= start);
    if (touching.length === 0) {
      this.pieces.push(piece);
    } else {
      for (const p of touching) {
        start = Math.min(start, p.start);
        end = Math.max(end, p.start + p.bytes.length);
      }
      const bytes = new Uint8Array(end - start);
      for (const p of touching) bytes.set(p.bytes, p.start - start);
      bytes.set(piece.bytes, piece.start - start);
      this.pieces = this.pieces.filter((p) => !touching.includes(p));
      this.pieces.push({ start, bytes });
    }
    this.pieces.sort((a, b) => a.start - b.start);
  }
}

/** Sorted ranges with overlapping ones, and those closer than `gap`, joined. */
export function mergeRanges(ranges: readonly AddressRange[], gap: number): AddressRange[] {
  const sorted = [...ranges].filter((r) => r.end > r.start).sort((a, b) => a.start - b.start);
  const out: AddressRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end + gap) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}

function roundOut(r: AddressRange, g: number): AddressRange {
  return { start: Math.floor(r.start / g) * g, end: Math.ceil(r.end / g) * g };
}

function split(r: AddressRange, max: number): AddressRange[] {
  const out: AddressRange[] = [];
  for (let start = r.start; start < r.end; start += max) out.push({ start, end: Math.min(r.end, start + max) });
  return out;
}
