import type { BoardKind } from '../board/board';
import { BOARD_WORDS } from '../board/board-words';
import { parseCheck, type Check } from './check-expression';

/** The boards a lesson or exercise can say it is true on: every kind the picker offers. */
export const LESSON_BOARDS = Object.keys(BOARD_WORDS) as BoardKind[];

/**
 * Kinds of exercise:
 * - same: which of `names` refer to the same object (the learner picks pairs)
 * - count: how many heap objects of `type` exist, live or garbage (`which`)
 * Any of them can look at the heap paused just after line `after` instead of at the end.
 * - prints: what the program prints
 * - fix: change `starter` until `check` holds on the heap after running it
 */
export type ExerciseKind = 'same' | 'count' | 'prints' | 'fix';

export interface Exercise {
  id: string;
  kind: ExerciseKind;
  question: string;
  /** The program the question is about; for `fix`, the reference solution. */
  program: string;
  /** For `fix`: what the learner starts from (it fails the check: the stored wrong solution). */
  starter?: string;
  /** A program on which `check` is false: proves the check can fail (`pico-heap-lab check` runs it). */
  wrong: string;
  /** True on the heap after `program` runs, false after `wrong`. */
  check: Check;
  names?: string[];
  /** For `count`: the object type counted. */
  type?: string;
  /** For `count`: live objects (reachable from the program's names), or garbage (unreachable, not yet collected). */
  which?: 'live' | 'garbage';
  /** The heap is looked at with the program paused just after this line (stepped), not at its end. */
  after?: number;
  hint?: string;
  explain?: string;
  boards: BoardKind[];
}

/** A mistake in a lesson file, with where it is. */
export class LessonError extends Error {
  override name = 'LessonError';
}

const KINDS: readonly ExerciseKind[] = ['same', 'count', 'prints', 'fix'];
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Builds an exercise from its YAML fields, saying exactly what is missing or wrong. */
export function exerciseFromFields(fields: unknown, where: string, lessonBoards: readonly BoardKind[]): Exercise {
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields))
    throw new LessonError(`${where}: an exercise block holds YAML fields (id, kind, question, …)`);
  const f = fields as Record<string, unknown>;
  let at = where; // with the exercise's id once known
  const text = (name: string, required: boolean): string | undefined => {
    const v = f[name];
    if (v === undefined || v === null) {
      if (required) throw new LessonError(`${at}: the exercise needs "${name}"`);
      return undefined;
    }
    // YAML reads `check: True` as a boolean: it is the Python constant.
    if (typeof v === 'boolean') return v ? 'True' : 'False';
    if (typeof v !== 'string' && typeof v !== 'number') throw new LessonError(`${at}: "${name}" must be text`);
    return String(v);
  };
  const id = text('id', true)!;
  if (!/^[a-z0-9-]+$/.test(id)) throw new LessonError(`${where}: id "${id}" must be lower-case letters, digits and -`);
  const kind = text('kind', true) as ExerciseKind;
  if (!KINDS.includes(kind)) throw new LessonError(`${where}: kind "${kind}" is not one of ${KINDS.join(', ')}`);
  at = `${where} (exercise ${id})`;
  const checkText = text('check', true)!;
  let check: Check;
  try {
    check = parseCheck(checkText);
  } catch (error) {
    throw new LessonError(`${at}: ${(error as Error).message}`);
  }
  const starter = text('starter', kind === 'fix');
  const wrong = text('wrong', kind !== 'fix') ?? starter!;
  const exercise: Exercise = {
    id,
    kind,
    question: text('question', true)!,
    program: text(kind === 'fix' ? 'solution' : 'program', true)!,
    starter,
    wrong,
    check,
    hint: text('hint', false),
    explain: text('explain', false),
    boards: boardList(f.boards, at) ?? [...lessonBoards],
  };
  if (kind === 'same') {
    const names = f.names;
    if (!Array.isArray(names) || names.length < 2 || !names.every((n) => typeof n === 'string' && IDENTIFIER.test(n)))
      throw new LessonError(`${at}: "names" must list at least two variable names`);
    exercise.names = names as string[];
  }
  if (kind === 'count') {
    exercise.type = text('type', true);
    const which = text('which', false) ?? 'live';
    if (which !== 'live' && which !== 'garbage') throw new LessonError(`${at}: "which" is live or garbage`);
    exercise.which = which;
  }
  const after = f.after;
  if (after !== undefined) {
    const lines = exercise.program.split('\n').length;
    if (typeof after !== 'number' || !Number.isInteger(after) || after < 1 || after > lines)
      throw new LessonError(`${at}: "after" must be a line number of the program (1–${lines})`);
    exercise.after = after;
  }
  return exercise;
}

export function boardList(value: unknown, where: string): BoardKind[] | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value : [value];
  for (const b of list)
    if (!LESSON_BOARDS.includes(b as BoardKind))
      throw new LessonError(`${where}: board "${String(b)}" is not one of ${LESSON_BOARDS.join(', ')}`);
  return list as BoardKind[];
}
