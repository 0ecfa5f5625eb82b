import { lastLine } from '../repl/traceback';
import { slotKey, type HeapSnapshot } from '../model/heap-snapshot';
import { CheckEvalError, describePath, evaluateCheck, evaluateValue, lookupName, parseCheck } from './check-expression';
import type { Exercise } from './exercise';

/** A program run for an exercise: what it printed, its traceback, and the heap afterwards. */
export interface ExerciseRun {
  stdout: string;
  /** The traceback ('' when the program ended normally). */
  error: string;
  snapshot: HeapSnapshot;
}

/** What the learner answered, per kind. */
export type LearnerAnswer =
  | { kind: 'same'; pairs: [string, string][] }
  | { kind: 'count'; count: number }
  | { kind: 'prints'; text: string }
  | { kind: 'fix' };

export interface Grade {
  correct: boolean;
  /** Sentences for the learner: what the heap shows, and where their answer differs. */
  feedback: string[];
  /** The answer, computed from the heap (shown on reveal, and after a correct answer). */
  answer: string;
}

/** Pairs of names as "a = b" keys, order-free. */
const pairKey = (a: string, b: string) => [a, b].sort().join(' = ');

/** All pairs of `names` that refer to one object on the heap (computed, never stored). */
export function samePairs(names: readonly string[], snapshot: HeapSnapshot): [string, string][] {
  const keys = names.map((name) => {
    const slot = lookupName(snapshot, name);
    if (!slot) throw new CheckEvalError(`the program left no variable named ${name}`);
    return slotKey(slot);
  });
  const pairs: [string, string][] = [];
  for (let i = 0; i < names.length; i++)
    for (let j = i + 1; j < names.length; j++) if (keys[i] === keys[j]) pairs.push([names[i], names[j]]);
  return pairs;
}

/** The count the exercise asks for, from the heap, with the objects counted. */
export function countAnswer(exercise: Exercise, snapshot: HeapSnapshot): { count: number; detail: string[] } {
  const fn = exercise.which === 'garbage' ? 'garbage' : 'count';
  const { value, observations } = evaluateValue(parseCheck(`${fn}('${exercise.type}')`), { snapshot, stdout: '' });
  return { count: value as number, detail: observations };
}

/** Output as compared: line ends unified, trailing spaces and blank lines ignored. */
export function normaliseOutput(text: string): string {
  return text
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((l) => l.replace(/\s+$/, ''))
    .join('\n')
    .replace(/\n+$/, '');
}

/** Where each name points, as the feedback shows it. */
function whereNamesPoint(names: readonly string[], snapshot: HeapSnapshot): string[] {
  return names.map((name) => {
    const slot = lookupName(snapshot, name);
    if (!slot) return `${name} is not defined after the program ran`;
    const object = 'ref' in slot ? snapshot.objects.find((o) => o.address === slot.ref) : undefined;
    return describePath({ path: name, slot, object });
  });
}

/**
 * Grades `answer` against the heap after `run`. Every verdict is computed from the decoded heap
 * (or the real output), never from an answer stored in the lesson.
 */
export function grade(exercise: Exercise, answer: LearnerAnswer, run: ExerciseRun): Grade {
  if (run.error && exercise.kind !== 'fix')
    return {
      correct: false,
      feedback: [`The program itself failed, so there is nothing to compare: ${lastLine(run.error)}`],
      answer: '',
    };
  switch (exercise.kind) {
    case 'same': {
      const names = exercise.names ?? [];
      const truth = samePairs(names, run.snapshot);
      const truthKeys = new Set(truth.map(([a, b]) => pairKey(a, b)));
      const given = answer.kind === 'same' ? answer.pairs : [];
      const givenKeys = new Set(given.map(([a, b]) => pairKey(a, b)));
      const feedback: string[] = [];
      for (const key of givenKeys)
        if (!truthKeys.has(key)) feedback.push(`${key.replace(' = ', ' and ')} are two different objects.`);
      for (const key of truthKeys)
        if (!givenKeys.has(key))
          feedback.push(`${key.replace(' = ', ' and ')} refer to one object: you left them apart.`);
      const correct = feedback.length === 0;
      const answerText =
        truth.length === 0
          ? 'No two of these names refer to the same object.'
          : `Same object: ${truth.map(([a, b]) => `${a} and ${b}`).join('; ')}.`;
      return {
        correct,
        feedback: [
          ...(correct ? ['Right: that is what the heap shows.'] : feedback),
          ...whereNamesPoint(names, run.snapshot),
        ],
        answer: answerText,
      };
    }
    case 'count': {
      const { count, detail } = countAnswer(exercise, run.snapshot);
      const given = answer.kind === 'count' ? answer.count : NaN;
      const where = exercise.after ? ` after line ${exercise.after}` : '';
      const correct = given === count;
      return {
        correct,
        feedback: [
          correct
            ? `Right: ${count} ${exercise.type} object${count === 1 ? '' : 's'} on the heap${where}.`
            : `You said ${Number.isNaN(given) ? 'nothing' : given}; the heap holds ${count} ${exercise.which === 'garbage' ? 'unreachable' : 'live'} ${exercise.type} object${count === 1 ? '' : 's'}${where}.`,
          ...detail,
        ],
        answer: `${count}`,
      };
    }
    case 'prints': {
      const truth = normaliseOutput(run.stdout);
      const given = answer.kind === 'prints' ? normaliseOutput(answer.text) : '';
      const correct = truth === given;
      const feedback = correct ? ['Right: that is what it printed.'] : [diffLines(given, truth)];
      return { correct, feedback, answer: truth };
    }
    case 'fix': {
      const feedback: string[] = [];
      if (run.error) feedback.push(`Your program stopped with an error: ${lastLine(run.error)}`);
      try {
        const result = evaluateCheck(exercise.check, { snapshot: run.snapshot, stdout: run.stdout });
        if (result.value && !run.error)
          return {
            correct: true,
            feedback: ['Solved: the heap shows what was asked.', ...result.observations],
            answer: '',
          };
        feedback.push(`Not yet: on the heap, ${exercise.check.source} is False.`, ...result.observations);
      } catch (error) {
        if (!(error instanceof CheckEvalError)) throw error;
        feedback.push(`Not yet: ${error.message}.`);
      }
      return { correct: false, feedback, answer: '' };
    }
  }
}

/** The first line where the learner's expected output and the real one differ. */
function diffLines(given: string, truth: string): string {
  const a = given.split('\n');
  const b = truth.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    if (b[i] === undefined)
      return `It printed only ${b.length} line${b.length === 1 ? '' : 's'}; your answer has more.`;
    if (a[i] === undefined) return `It printed more lines: line ${i + 1} is "${b[i]}".`;
    return `Line ${i + 1}: you wrote "${a[i]}", it printed "${b[i]}".`;
  }
  return 'The output differs.';
}
