import { lastLine } from '../repl/traceback';
import { readFile } from 'node:fs/promises';
import { HeapCapture } from '../app/heap-capture';
import { startFresh } from '../app/exercise-runner';
import { checkExercise, checkProgram, type CheckOutcome } from '../app/lesson-check';
import { parseLesson } from '../lessons/lesson-file';
import { LessonError } from '../lessons/exercise';
import { readProbeSourceNode } from '../probe/probe-source-node';
import { ReplSession } from '../repl/repl-session';
import type { CheckArgs } from './args';
import { BoardSetupError } from '../board/board-setup-error';
import { openBoard } from './open-board';
import type { CliIo } from './run-command';

/**
 * `check LESSON.md…`: for teachers' CI. On one board, every exercise of each lesson runs its
 * reference solution (the check must hold on the heap, and the program must not fail) and its
 * stored wrong solution (the check must fail); every runnable block must run without an error.
 * Exercises written for other boards are skipped and said so. Exit 0 when everything passes,
 * 1 when something does not, 2 for a lesson file or board that cannot be used.
 */
export async function checkCommand(args: CheckArgs, io: CliIo): Promise<number> {
  const lessons = [];
  for (const file of args.files) {
    let source: string;
    try {
      source = await readFile(file, 'utf8');
    } catch (error) {
      throw new BoardSetupError(
        `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
    try {
      lessons.push({ file, lesson: parseLesson(source, file) });
    } catch (error) {
      if (error instanceof LessonError) throw new BoardSetupError(error.message);
      throw error;
    }
  }
  const { board } = await openBoard({ board: args.board, firmware: args.firmware });
  const session = new ReplSession(board);
  const capture = new HeapCapture(board, session, { probeSource: readProbeSourceNode() });
  const exerciseBoard = {
    exec: (code: string, options?: Parameters<ReplSession['exec']>[1]) => session.exec(code, options),
    sendInput: (bytes: Uint8Array) => session.sendInput(bytes),
    capture,
  };
  const out = (line: string) => io.stdout.write(`${line}\n`);
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  try {
    for (const { file, lesson } of lessons) {
      out(`${file}: ${lesson.title} (on ${args.board})`);
      for (const block of lesson.blocks) {
        if (!lesson.boards.includes(args.board)) break;
        await startFresh(exerciseBoard);
        const result = await session.exec(block.code);
        if (result.stderr) {
          failed++;
          out(`  ✗ code block at line ${block.line} failed: ${lastLine(result.stderr)}`);
        } else passed++;
      }
      for (const exercise of lesson.exercises) {
        if (!exercise.boards.includes(args.board)) {
          skipped++;
          out(`  - ${exercise.id}: skipped (written for ${exercise.boards.join(', ')})`);
          continue;
        }
        const result = await checkExercise(exerciseBoard, exercise);
        if (result.passed) passed++;
        else failed++;
        out(`  ${result.passed ? '✓' : '✗'} ${exercise.id}: ${exercise.check.source}`);
        out(`      reference → ${outcomeText(result.reference, true)}`);
        out(`      wrong     → ${outcomeText(result.wrong, false)}`);
      }
      // Fix exercises also start from their starter code: it must not pass already.
      for (const exercise of lesson.exercises.filter((e) => e.kind === 'fix' && e.starter && e.starter !== e.wrong)) {
        if (!exercise.boards.includes(args.board)) continue;
        const starter = await checkProgram(exerciseBoard, exercise, exercise.starter!);
        if (starter.value) {
          failed++;
          out(`  ✗ ${exercise.id}: its starter code already passes the check`);
        }
      }
    }
  } finally {
    session.dispose();
    await board.dispose().catch(() => undefined);
  }
  out(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  return failed > 0 ? 1 : 0;
}

function outcomeText(outcome: CheckOutcome, want: boolean): string {
  const verdict = `${outcome.value ? 'True' : 'False'}${outcome.value === want && !(want && outcome.run.error) ? '' : ' (should be ' + (want ? 'True' : 'False') + ')'}`;
  const problem = outcome.problem ? `; ${lastLine(outcome.problem)}` : '';
  return `${verdict}${problem}`;
}
