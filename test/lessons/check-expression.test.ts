// Exercise checks and grading (src/lessons) on a heap decoded from the real MicroPython
// WebAssembly build: the check language's functions, its errors, and the feedback a learner gets
// for each kind of answer. Lesson-file mistakes are reported with file and line.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createNodeWasmBoard } from '../../src/board/wasm/wasm-board-node';
import { HeapCapture } from '../../src/app/heap-capture';
import { runForExercise, type ExerciseBoard } from '../../src/app/exercise-runner';
import {
  CheckEvalError,
  CheckSyntaxError,
  evaluateCheck,
  evaluateValue,
  parseCheck,
} from '../../src/lessons/check-expression';
import { exerciseFromFields, LessonError } from '../../src/lessons/exercise';
import { grade, type ExerciseRun } from '../../src/lessons/grade';
import { parseLesson } from '../../src/lessons/lesson-file';
import { readProbeSourceNode } from '../../src/probe/probe-source-node';
import { ReplSession } from '../../src/repl/repl-session';

const PROGRAM = `
class Point:
    def __init__(self, x):
        self.x = x

list1 = [1, 2, 3]
list2 = list1
list3 = [1, 2, 3]
dict1 = {'numbers': list1, 'n': 7}
p = Point(list3)
n = 5
m = 5
big = 2 ** 40
name = 'hi'
print('ran', len(list1))
`;

const board = createNodeWasmBoard();
const session = new ReplSession(board);
const capture = new HeapCapture(board, session, { probeSource: readProbeSourceNode() });
const exerciseBoard: ExerciseBoard = {
  exec: (c, o) => session.exec(c, o),
  sendInput: (b) => session.sendInput(b),
  capture,
};
const exercise = (fields: Record<string, unknown>) =>
  exerciseFromFields({ id: 'x', question: 'q?', check: 'True', wrong: 'pass', ...fields }, 'test.md:1', [
    'browser-wasm',
  ]);
let run: ExerciseRun;

beforeAll(async () => {
  await board.connect();
  run = await runForExercise(exerciseBoard, exercise({ kind: 'prints', program: PROGRAM }), PROGRAM);
}, 60_000);
afterAll(async () => {
  session.dispose();
  await board.dispose();
});

const check = (source: string) =>
  evaluateCheck(parseCheck(source), { snapshot: run.snapshot, stdout: run.stdout }).value;

describe('the check language on a real heap', () => {
  test('same() and "is" compare identity, not values', () => {
    expect(check('same(list1, list2)')).toBe(true);
    expect(check('same(list1, list3)')).toBe(false);
    expect(check('list1 is list2 and list1 is not list3')).toBe(true);
    expect(check("dict1['numbers'] is list1")).toBe(true);
    expect(check('p.x is list3 and not (p.x is list1)')).toBe(true);
  });

  test('inline values and heap objects', () => {
    expect(check('inline(n) and inline(name) and not inline(list1)')).toBe(true);
    expect(check('n is m and same(n, m)')).toBe(true); // one small int: the same word
    expect(check('heap(big) and heap(list1) and not heap(n)')).toBe(true);
    expect(check("type(big) == 'int' and type(n) == 'int' and type(p) == 'Point' and type(name) == 'str'")).toBe(true);
    expect(check("dict1['n'] == 7 and n + 2 == dict1['n'] and n < 6")).toBe(true);
  });

  test('counting objects, lengths and what was printed', () => {
    expect(evaluateValue(parseCheck("count('list')"), { snapshot: run.snapshot, stdout: '' }).value).toBe(2);
    expect(check("count('dict') >= 1 and len(list1) == 3 and len(dict1) == 2")).toBe(true);
    expect(check("printed() == 'ran 3\\n'")).toBe(true);
    expect(check('size(list1) >= 32 and free() > 0 and largest_free() <= free() and used() > 0')).toBe(true);
    expect(check("garbage('list') == 0")).toBe(true);
  });

  test('a name the program never bound, or a path that is not there, is an evaluation error', () => {
    expect(() => check('same(list1, list9)')).toThrow(new CheckEvalError('the program left no variable named list9'));
    expect(() => check("dict1['nope'] is list1")).toThrow(/dict1\['nope'\] is not on the heap/);
    expect(() => check('list1 == list3')).toThrow(/compare objects with "is" or same\(\)/);
  });

  test('syntax mistakes say where; unknown functions are refused when parsed', () => {
    expect(() => parseCheck('same(list1, list2')).toThrow(CheckSyntaxError);
    expect(() => parseCheck('same(list1, list2')).toThrow(/expected "\)" at column 18/);
    expect(() => parseCheck("__import__('os')")).toThrow(/unknown function __import__\(\)/);
    expect(() => parseCheck('list1 = list2')).toThrow(/unexpected "=" at column 7/);
    expect(() => parseCheck("'open")).toThrow(/unclosed string/);
  });
});

describe('grading a learner’s answer from the heap', () => {
  test('same: each wrong pair is named, and where each name points is shown', () => {
    const ex = exercise({ kind: 'same', program: PROGRAM, names: ['list1', 'list2', 'list3'] });
    const right = grade(ex, { kind: 'same', pairs: [['list2', 'list1']] }, run);
    expect(right.correct).toBe(true);
    expect(right.answer).toBe('Same object: list1 and list2.');
    const wrong = grade(ex, { kind: 'same', pairs: [['list1', 'list3']] }, run);
    expect(wrong.correct).toBe(false);
    expect(wrong.feedback).toContain('list1 and list3 are two different objects.');
    expect(wrong.feedback).toContain('list1 and list2 refer to one object: you left them apart.');
    expect(wrong.feedback.some((f) => /^list3 → list at 0x[0-9a-f]+$/.test(f))).toBe(true);
  });

  test('count: the number comes from the heap, with the objects counted', () => {
    const ex = exercise({ kind: 'count', program: PROGRAM, type: 'list' });
    expect(grade(ex, { kind: 'count', count: 2 }, run).correct).toBe(true);
    const wrong = grade(ex, { kind: 'count', count: 3 }, run);
    expect(wrong.correct).toBe(false);
    expect(wrong.feedback[0]).toBe('You said 3; the heap holds 2 live list objects.');
    expect(wrong.feedback[1]).toMatch(/^count\('list'\) = 2: list at 0x[0-9a-f]+, list at 0x[0-9a-f]+$/);
  });

  test('prints: compared with what it really printed, line by line', () => {
    const ex = exercise({ kind: 'prints', program: PROGRAM });
    expect(grade(ex, { kind: 'prints', text: 'ran 3  \n\n' }, run).correct).toBe(true);
    const wrong = grade(ex, { kind: 'prints', text: 'ran 4' }, run);
    expect(wrong.feedback).toEqual(['Line 1: you wrote "ran 4", it printed "ran 3".']);
    expect(wrong.answer).toBe('ran 3');
  });

  test('fix: the check on the learner’s heap, with what it saw when it fails', () => {
    const ex = exercise({ kind: 'fix', solution: PROGRAM, starter: 'pass', check: 'not same(list1, list2)' });
    const graded = grade(ex, { kind: 'fix' }, run);
    expect(graded.correct).toBe(false);
    expect(graded.feedback[0]).toBe('Not yet: on the heap, not same(list1, list2) is False.');
    expect(graded.feedback.some((f) => f.startsWith('list1 → list at 0x'))).toBe(true);
  });
});

describe('lesson files with mistakes', () => {
  const lesson = (body: string, front = 'title: T\norder: 1\nsummary: S') => `---\n${front}\n---\n\nText.\n\n${body}`;
  test('each mistake is a LessonError naming the file and line', () => {
    expect(() => parseLesson('no front matter', 'a.md')).toThrow(
      new LessonError('a.md: a lesson starts with front matter between --- lines'),
    );
    expect(() => parseLesson(lesson('', 'title: T\norder: 1'), 'a.md')).toThrow('a.md: front matter needs "summary"');
    expect(() => parseLesson(lesson('', 'title: T\norder: 1\nsummary: S\nboards: [uno]'), 'a.md')).toThrow(
      'a.md: board "uno" is not one of browser-wasm, virtual-pico, usb-pico',
    );
    expect(() => parseLesson(lesson('```exercise\nid: e\nkind: guess\n```\n'), 'a.md')).toThrow(
      'a.md:9: kind "guess" is not one of same, count, prints, fix',
    );
    expect(() =>
      parseLesson(
        lesson(
          "```exercise\nid: e\nkind: count\nquestion: q\nprogram: x = 1\ntype: int\nwrong: x = 2\ncheck: count('int' == 1\n```\n",
        ),
        'a.md',
      ),
    ).toThrow(/^a\.md:9 \(exercise e\): expected "\)" at column/);
    expect(() =>
      parseLesson(lesson('```exercise\nid: e\nkind: fix\nquestion: q\nsolution: x = 1\ncheck: True\n```\n'), 'a.md'),
    ).toThrow('a.md:9 (exercise e): the exercise needs "starter"');
  });

  test('callouts belong to the python block right before them', () => {
    const parsed = parseLesson(
      lesson('```python\na = [1]\nb = a\n```\n\n```callouts\na: "a and b: one list"\n```\n'),
      'c.md',
    );
    expect(parsed.blocks[0].callouts).toEqual([{ name: 'a', text: 'a and b: one list' }]);
    expect(parsed.parts.map((p) => p.t)).toEqual(['markdown', 'code']);
    expect(() => parseLesson(lesson('```callouts\na: x\n```\n'), 'c.md')).toThrow(
      'c.md:9: a callouts block goes right after the python block it is about',
    );
    expect(() => parseLesson(lesson('```python\na = 1\n```\n```callouts\n- a\n```\n'), 'c.md')).toThrow(
      /callouts are lines of "name: text"/,
    );
  });

  test('a well-formed lesson keeps its parts in order', () => {
    const parsed = parseLesson(
      lesson(
        '```python\nx = [1]\n```\n\nMore.\n\n```exercise\nid: e\nkind: same\nquestion: q\nprogram: |\n  x = [1]\n  y = x\nnames: [x, y]\ncheck: same(x, y)\nwrong: |\n  x = [1]\n  y = [1]\n```\n',
      ),
      'lessons/09-demo.md',
    );
    expect(parsed.slug).toBe('09-demo');
    expect(parsed.parts.map((p) => p.t)).toEqual(['markdown', 'code', 'markdown', 'exercise']);
    expect(parsed.blocks[0]).toEqual({ index: 0, code: 'x = [1]\n', line: 9 });
    expect(parsed.exercises[0].names).toEqual(['x', 'y']);
    expect(parsed.boards).toEqual(['browser-wasm', 'virtual-pico', 'usb-pico']);
  });
});
