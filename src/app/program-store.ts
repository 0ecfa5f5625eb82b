/**
 * Keeps the user's program in localStorage so a reload (or a crash) never loses
 * it. Saved as a small versioned JSON record; an unreadable record is treated as
 * plain program text rather than thrown away.
 */
export const PROGRAM_KEY = 'pico-heap-lab:program';

interface StoredProgram {
  v: 1;
  code: string;
  savedAt: number;
}

export class ProgramStoreError extends Error {
  override name = 'ProgramStoreError';
}

export class ProgramStore {
  constructor(
    private readonly storage: Storage | undefined = globalThis.localStorage,
    private readonly key: string = PROGRAM_KEY,
  ) {}

  /** The saved program, or undefined when nothing was saved (or storage is unavailable). */
  load(): string | undefined {
    let raw: string | null;
    try {
      raw = this.storage?.getItem(this.key) ?? null;
    } catch {
      return undefined; // storage disabled (privacy mode): behave as a first visit
    }
    if (raw === null) return undefined;
    try {
      const record = JSON.parse(raw) as Partial<StoredProgram>;
      if (record && record.v === 1 && typeof record.code === 'string') return record.code;
    } catch {
      /* not our JSON: fall through and keep the text */
    }
    return raw;
  }

  /** Saves the program; throws ProgramStoreError with advice when the browser refuses. */
  save(code: string): void {
    if (!this.storage)
      throw new ProgramStoreError(
        'This browser offers no local storage: copy your program somewhere before closing the tab.',
      );
    const record: StoredProgram = { v: 1, code, savedAt: Date.now() };
    try {
      this.storage.setItem(this.key, JSON.stringify(record));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ProgramStoreError(
        `Your program could not be saved in this browser (${reason}). Copy it somewhere before closing the tab.`,
      );
    }
  }
}
