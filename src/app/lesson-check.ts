import { CheckEvalError, evaluateCheck } from '../lessons/check-expression';
import type { Exercise } from '../lessons/exercise';
import type { ExerciseRun } from '../lessons/grade';
import { runForExercise, type ExerciseBoard } from './exercise-runner';

/** One side of an exercise's self-test: the check's value on the heap after a program. */
export interface CheckOutcome {
  /** The check's value; false also when it could not be evaluated (see `problem`). */
  value: boolean;
  /** What the check looked at on the heap. */
  observations: string[];
  /** Why the check could not be evaluated, or the program's error. */
  problem?: string;
  run: ExerciseRun;
}

export interface ExerciseCheck {
  exercise: Exercise;
  /** The reference solution: the check must be true, and the program must not fail. */
  reference: CheckOutcome;
  /** The stored wrong solution: the check must be false. */
  wrong: CheckOutcome;
  passed: boolean;
}

/** Runs `program` and evaluates the exercise's check on the heap it leaves. */
export async function checkProgram(board: ExerciseBoard, exercise: Exercise, program: string): Promise<CheckOutcome> {
  const run = await runForExercise(board, exercise, program);
  try {
    const result = evaluateCheck(exercise.check, { snapshot: run.snapshot, stdout: run.stdout });
    return { value: result.value, observations: result.observations, problem: run.error || undefined, run };
  } catch (error) {
    if (!(error instanceof CheckEvalError)) throw error;
    return { value: false, observations: [], problem: error.message, run };
  }
}

/**
 * An exercise's self-test, as a teacher's CI runs it (`pico-heap-lab check`): its check holds on
 * the real heap after the reference solution, and fails after the stored wrong one, so the check
 * can tell them apart on this board.
 */
export async function checkExercise(board: ExerciseBoard, exercise: Exercise): Promise<ExerciseCheck> {
  const reference = await checkProgram(board, exercise, exercise.program);
  const wrong = await checkProgram(board, exercise, exercise.wrong);
  const passed = reference.value && !reference.run.error && !wrong.value;
  return { exercise, reference, wrong, passed };
}
