import { Lexer, type Token, type Tokens } from 'marked';
import { parse as parseYaml } from 'yaml';
import type { BoardKind } from '../board/board';
import { boardList, exerciseFromFields, LESSON_BOARDS, LessonError, type Exercise } from './exercise';

/** A short note pinned beside the object a name refers to ("both names, one list"). */
export interface Callout {
  name: string;
  text: string;
}

/** A runnable code block of a lesson (```python). */
export interface CodeBlock {
  /** 0 for the lesson's first runnable block. */
  index: number;
  code: string;
  /** The line of the lesson file where the block starts (for authors' messages). */
  line: number;
  /** From a ```callouts block right after it: drawn in the graph once this program has run. */
  callouts?: Callout[];
}

/** One piece of the lesson's body, in order: Markdown text, a runnable block, or an exercise. */
export type LessonPart =
  { t: 'markdown'; text: string } | { t: 'code'; block: CodeBlock } | { t: 'exercise'; exercise: Exercise };

export interface Lesson {
  /** From the file name without its extension: `02-names-and-objects`. */
  slug: string;
  title: string;
  order: number;
  boards: BoardKind[];
  summary: string;
  parts: LessonPart[];
  blocks: CodeBlock[];
  exercises: Exercise[];
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

/**
 * Reads a lesson file: YAML front matter (title, order, boards, summary), Markdown, ```python
 * blocks the learner can open or step through, and ```exercise blocks (YAML, see exercise.ts).
 * Throws LessonError naming the file and line of the first mistake. Renders nothing: the view
 * turns the Markdown parts into sanitised HTML.
 */
export function parseLesson(source: string, fileName: string): Lesson {
  const slug = fileName.replace(/^.*[\\/]/, '').replace(/\.md$/, '');
  const match = FRONT_MATTER.exec(source);
  if (!match) throw new LessonError(`${fileName}: a lesson starts with front matter between --- lines`);
  let front: unknown;
  try {
    front = parseYaml(match[1]);
  } catch (error) {
    throw new LessonError(`${fileName}: front matter is not valid YAML: ${(error as Error).message}`);
  }
  if (typeof front !== 'object' || front === null) throw new LessonError(`${fileName}: front matter is empty`);
  const f = front as Record<string, unknown>;
  for (const key of ['title', 'summary'])
    if (typeof f[key] !== 'string' || !f[key].trim()) throw new LessonError(`${fileName}: front matter needs "${key}"`);
  if (typeof f.order !== 'number') throw new LessonError(`${fileName}: front matter needs "order" (a number)`);
  const boards = boardList(f.boards, fileName) ?? [...LESSON_BOARDS];

  const body = source.slice(match[0].length);
  const bodyLine = match[0].split('\n').length; // the file line where the body starts
  const parts: LessonPart[] = [];
  const blocks: CodeBlock[] = [];
  const exercises: Exercise[] = [];
  let markdown = '';
  let offset = 0;
  const flush = () => {
    if (markdown.trim()) parts.push({ t: 'markdown', text: markdown });
    markdown = '';
  };
  for (const token of new Lexer().lex(body) as Token[]) {
    const line = bodyLine + body.slice(0, body.indexOf(token.raw, offset)).split('\n').length - 1;
    offset = Math.max(offset, body.indexOf(token.raw, offset) + token.raw.length);
    const code = token.type === 'code' ? (token as Tokens.Code) : undefined;
    const lang = code?.lang?.trim().split(/\s+/)[0];
    if (code && lang === 'python') {
      flush();
      const block = { index: blocks.length, code: code.text + '\n', line };
      blocks.push(block);
      parts.push({ t: 'code', block });
    } else if (code && lang === 'callouts') {
      const block = blocks[blocks.length - 1];
      if (!block || parts[parts.length - 1]?.t !== 'code' || markdown.trim())
        throw new LessonError(`${fileName}:${line}: a callouts block goes right after the python block it is about`);
      block.callouts = parseCallouts(code.text, `${fileName}:${line}`);
    } else if (code && lang === 'exercise') {
      flush();
      let fields: unknown;
      try {
        fields = parseYaml(code.text);
      } catch (error) {
        throw new LessonError(`${fileName}:${line}: exercise is not valid YAML: ${(error as Error).message}`);
      }
      const exercise = exerciseFromFields(fields, `${fileName}:${line}`, boards);
      if (exercises.some((e) => e.id === exercise.id))
        throw new LessonError(`${fileName}:${line}: a second exercise with id "${exercise.id}"`);
      exercises.push(exercise);
      parts.push({ t: 'exercise', exercise });
    } else markdown += token.raw;
  }
  flush();
  return {
    slug,
    title: f.title as string,
    order: f.order,
    boards,
    summary: f.summary as string,
    parts,
    blocks,
    exercises,
  };
}

/** Lessons in their order (then by file name). */
export function sortLessons(lessons: Lesson[]): Lesson[] {
  return [...lessons].sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug));
}

/** `name: text` lines (YAML), each a callout for the variable `name`. */
function parseCallouts(text: string, where: string): Callout[] {
  let fields: unknown;
  try {
    fields = parseYaml(text);
  } catch (error) {
    throw new LessonError(`${where}: callouts are not valid YAML: ${(error as Error).message}`);
  }
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields))
    throw new LessonError(`${where}: callouts are lines of "name: text"`);
  return Object.entries(fields as Record<string, unknown>).map(([name, value]) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || typeof value !== 'string' || !value.trim())
      throw new LessonError(`${where}: "${name}" needs a variable name and a short text`);
    return { name, text: value.trim() };
  });
}
