import { LessonError } from '../lessons/exercise';
import { parseLesson, sortLessons, type Lesson } from '../lessons/lesson-file';

/** The lessons the app ships (lessons/NN-*.md), and what kept any of them from loading. */
export interface LessonLibrary {
  lessons: Lesson[];
  /** A lesson file with a mistake: its message (file and line); the other lessons still load. */
  problems: string[];
}

/**
 * Loads and parses the bundled lessons. The files come as text in a chunk of their own, so the
 * first view does not wait for them.
 */
export async function loadLessonLibrary(): Promise<LessonLibrary> {
  const files = import.meta.glob<string>('../../lessons/[0-9]*.md', { query: '?raw', import: 'default' });
  const lessons: Lesson[] = [];
  const problems: string[] = [];
  for (const [path, load] of Object.entries(files)) {
    const name = path.replace(/^.*\//, '');
    try {
      lessons.push(parseLesson(await load(), name));
    } catch (error) {
      if (!(error instanceof LessonError)) throw error;
      problems.push(error.message);
    }
  }
  return { lessons: sortLessons(lessons), problems };
}
