/** What a learner has done in the lessons, kept in this browser (localStorage). */
export interface LessonProgress {
  /** The lesson open last (its slug). */
  current?: string;
  /** Lessons opened at least once. */
  visited: string[];
  /** Exercises solved, by lesson slug. */
  solved: Record<string, string[]>;
  /** The last step taken in each lesson (by slug), with the program it was taken in. */
  lastStep?: Record<string, { step: number; program: string }>;
}

const KEY = 'pico-heap-lab:lesson-progress';
export const NO_PROGRESS: LessonProgress = { visited: [], solved: {} };

/**
 * Reads and writes the learner's progress. Storage may be unavailable (private mode, quota): the
 * lab then keeps progress for this visit only, and never fails because of it.
 */
export class LessonProgressStore {
  private progress: LessonProgress;

  constructor(private readonly storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = safeLocalStorage()) {
    this.progress = this.read();
  }

  get value(): LessonProgress {
    return this.progress;
  }

  open(slug: string): LessonProgress {
    const visited = this.progress.visited.includes(slug) ? this.progress.visited : [...this.progress.visited, slug];
    return this.write({ ...this.progress, current: slug, visited });
  }

  solve(slug: string, exerciseId: string): LessonProgress {
    const done = this.progress.solved[slug] ?? [];
    if (done.includes(exerciseId)) return this.progress;
    return this.write({ ...this.progress, solved: { ...this.progress.solved, [slug]: [...done, exerciseId] } });
  }

  /** The learner stepped `program` to `step` while `slug` was open. */
  stepped(slug: string, step: number, program: string): LessonProgress {
    const last = this.progress.lastStep?.[slug];
    if (last?.step === step && last.program === program) return this.progress;
    return this.write({ ...this.progress, lastStep: { ...this.progress.lastStep, [slug]: { step, program } } });
  }

  private read(): LessonProgress {
    try {
      const raw = this.storage?.getItem(KEY);
      if (!raw) return NO_PROGRESS;
      const parsed = JSON.parse(raw) as Partial<LessonProgress>;
      return {
        current: typeof parsed.current === 'string' ? parsed.current : undefined,
        visited: Array.isArray(parsed.visited) ? parsed.visited.filter((s) => typeof s === 'string') : [],
        solved: typeof parsed.solved === 'object' && parsed.solved !== null ? parsed.solved : {},
        lastStep: typeof parsed.lastStep === 'object' && parsed.lastStep !== null ? parsed.lastStep : undefined,
      };
    } catch {
      return NO_PROGRESS; // unreadable: start again rather than fail
    }
  }

  private write(progress: LessonProgress): LessonProgress {
    this.progress = progress;
    try {
      this.storage?.setItem(KEY, JSON.stringify(progress));
    } catch {
      // Storage full or refused: progress lasts for this visit.
    }
    return progress;
  }
}

function safeLocalStorage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}
