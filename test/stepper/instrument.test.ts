// instrument() (src/stepper/instrument.ts): hooks before every line a program runs, placed with a
// real Python parser, checked by running the original and the instrumented program on the real
// MicroPython WebAssembly build: the same output, the same traceback (mapped back to the learner's
// lines), and the lines the hook reports are the lines that ran, in order.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createNodeWasmBoard } from '../../src/board/wasm/wasm-board-node';
import type { WasmBoard } from '../../src/board/wasm/wasm-board';
import { ReplSession } from '../../src/repl/repl-session';
import { findSyntaxError, instrument, mapTraceback, type Instrumented } from '../../src/stepper/instrument';

let board: WasmBoard;
/** The last run's hook calls as MicroPython prints them: [(line, frame, ('name', id, …)), …]. */
let frames = '';
let session: ReplSession;

beforeAll(async () => {
  board = createNodeWasmBoard();
  await board.connect();
  session = new ReplSession(board);
});
afterAll(async () => {
  session.dispose();
  await board.dispose();
});

function instrumented(source: string): Instrumented {
  const result = instrument(source);
  if ('error' in result) throw new Error(`unexpected syntax error: ${JSON.stringify(result.error)}`);
  return result;
}

/** Hooks that record what they are given: the line, and in a function its frame token and locals. */
const HOOKS = `
__phl_steps = []
__phl_frames = []
__phl_calls = [0]
def __phl_enter(name):
    __phl_calls[0] += 1
    return __phl_calls[0]
def __phl_step(n, frame=0, function=None, *names_and_ids):
    __phl_steps.append(n)
    __phl_frames.append((n, frame, names_and_ids))
def __phl_leave(frame):
    __phl_frames.append(('leave', frame))
def __phl_ret(frame, value):
    __phl_frames.append(('leave', frame))
    return value
`;

/** Runs `code` in a fresh namespace state; returns its output and the lines the hook saw. */
async function run(code: string): Promise<{ stdout: string; stderr: string; steps: number[] }> {
  await session.exec(HOOKS);
  const r = await session.exec(code);
  const steps = (await session.exec('print(__phl_steps)')).stdout.trim();
  frames = (await session.exec('print(__phl_frames)')).stdout.trim();
  // Leave nothing of this program behind for the next (keep the board's own names).
  await session.exec("for _n in [k for k in globals() if not k.startswith('__')]:\n    del globals()[_n]");
  return { stdout: r.stdout, stderr: r.stderr, steps: JSON.parse(steps) as number[] };
}

const PROGRAMS: Record<string, string> = {
  'decorators, nested functions, closures and nonlocal': `
def twice(f):
    def wrapper(*args):
        f(*args)
        return f(*args)
    return wrapper

@twice
def greet(name):
    print('hi', name)

def counter():
    n = 0
    def up():
        nonlocal n
        n += 1
        return n
    return up

greet('Ada')
c = counter(); c()
print(c())
`,
  'strings holding #, line breaks and quotes; comments; continuations': `
s = "not # a comment"  # a comment
t = """two
lines # still a string
"""
u = ('a' +
     'b')
v = 1 + \\
    2
w = [1,
     2,  # inside brackets
     3]
print(s, t, u, v, w)
`,
  'global, loops with break/continue/else, one-line bodies': `
total = 0
def add(k):
    global total
    total += k
for i in range(6):
    if i == 1: continue
    if i == 4:
        break
    add(i)
else:
    print('never')
while total < 10: total += 3
print(total)
`,
  'generators and recursion': `
def gen(n):
    for i in range(n):
        yield i * i
def fact(n):
    if n <= 1:
        return 1
    return n * fact(n - 1)
print(list(gen(4)), fact(6))
`,
  'classes, with, try/except/finally inside functions': `
class Box:
    """A box."""
    size = 2
    def __init__(self, items):
        self.items = items
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        print('closed')
def risky(b):
    try:
        return b.items[5]
    except IndexError as e:
        print('caught', type(e).__name__)
    finally:
        print('finally')
with Box([1, 2]) as b:
    risky(b)
print(Box.size)
`,
  'an exception raised inside a function (the traceback names the learner\u2019s lines)': `
def inner(x):
    return 10 // x

def outer():
    return inner(0)

print('before')
outer()
`,
};

describe('instrument()', () => {
  test('puts a hook before each statement that starts a line, at its indentation', () => {
    const { code, lineMap, stepLines } = instrumented('a = [1]\nif a:\n    b = a; c = 1\nelse:\n    pass\n');
    expect(code).toBe(
      '__phl_step(1)\na = [1]\n__phl_step(2)\nif a:\n    __phl_step(3)\n    b = a; c = 1\nelse:\n    __phl_step(5)\n    pass\n',
    );
    // (Module code: the line only; functions add their frame and locals, below.)
    expect(lineMap).toEqual([1, 1, 2, 2, 3, 3, 4, 5, 5, 6]);
    expect(stepLines).toEqual([1, 2, 3, 5]);
  });

  for (const [what, source] of Object.entries(PROGRAMS)) {
    test(`runs as the original does: ${what}`, async () => {
      const original = await run(source);
      const { code, lineMap, stepLines } = instrumented(source);
      const stepped = await run(code);
      expect(stepped.stdout).toBe(original.stdout);
      expect(mapTraceback(stepped.stderr, lineMap)).toBe(original.stderr);
      expect(original.steps).toEqual([]); // the original never calls the hook
      expect(stepped.steps.length).toBeGreaterThan(0);
      for (const line of stepped.steps) expect(stepLines).toContain(line);
    });
  }

  test('the hook sees each line as it runs: into calls and through every loop iteration', async () => {
    const source = 'def add(xs):\n    xs.append(4)\nlist1 = [1]\nfor i in range(2):\n    add(list1)\nprint(list1)\n';
    const { code } = instrumented(source);
    const { stdout, steps } = await run(code);
    expect(stdout.trim()).toBe('[1, 4, 4]');
    expect(steps).toEqual([1, 3, 4, 5, 2, 5, 2, 6]);
    expect(code).toContain("__phl_step(2, __phl_frame, 'add', 'xs', id(xs))");
  });

  test('in a function the hook gets the call and the locals certainly bound there; a parameter and the caller\u2019s name share one id', async () => {
    const source = [
      'def add(xs, k=1):',
      '    if k:',
      '        y = 1',
      '    else:',
      '        y = 2',
      '    xs.append(4)',
      '    for i in range(2):',
      '        z = i',
      '    return xs',
      'list1 = [1]',
      'add(list1)',
      'add(list1, 0)',
      "print('list1', id(list1))",
    ].join('\n');
    const { code } = instrumented(source);
    expect(code).toContain(
      "    __phl_frame = __phl_enter('add')\n    __phl_step(2, __phl_frame, 'add', 'xs', id(xs), 'k', id(k))\n",
    );
    const { stdout, steps } = await run(code);
    expect(steps).toEqual([1, 10, 11, 2, 3, 6, 7, 8, 8, 9, 12, 2, 5, 6, 7, 8, 8, 9, 13]);
    const list1 = Number(/list1 (\d+)/.exec(stdout)![1]);
    // Python's repr of the recorded calls, read back: (line, frame, ('xs', id, 'k', id, …)).
    const calls = [...frames.matchAll(/\((\d+), (\d+), \(([^)]*)\)\)/g)].map((m) => ({
      line: Number(m[1]),
      frame: Number(m[2]),
      names: m[3]
        .split(', ')
        .filter((_, i) => i % 2 === 0)
        .map((n) => n.replace(/'/g, ''))
        .filter(Boolean),
      ids: m[3]
        .split(', ')
        .filter((_, i) => i % 2 === 1)
        .map(Number),
    }));
    const at = (line: number, frame: number) => calls.find((c) => c.line === line && c.frame === frame)!;
    expect(at(6, 1).names).toEqual(['xs', 'k', 'y']); // y is bound on both branches
    expect(at(8, 1).names).toEqual(['xs', 'k', 'y', 'i']); // the loop variable inside the loop
    expect(at(9, 1).names).toEqual(['xs', 'k', 'y']); // not after it: the loop may not have run
    expect(at(2, 2).names).toEqual(['xs', 'k']); // the second call is a frame of its own
    expect(at(6, 1).ids[0]).toBe(list1); // the parameter and the caller's name: one object
    expect(at(6, 2).ids[0]).toBe(list1);
  });

  test('recursion: each call gets its own frame token, and says when it ends (return, or off the end)', async () => {
    const source = [
      'def down(n):',
      '    if n:',
      '        return down(n - 1) + 1',
      '    print(n)',
      '    return 0',
      'def shout():',
      "    print('hey')",
      'down(2)',
      'shout()',
    ].join('\n');
    const { code } = instrumented(source);
    expect(code).toContain('return __phl_ret(__phl_frame, (down(n - 1) + 1))');
    const { stdout, stderr } = await run(code);
    expect(stderr).toBe('');
    expect(stdout.trim().split(/\r?\n/)).toEqual(['0', 'hey']);
    const events = [...frames.matchAll(/\((\d+|'leave'), (\d+)/g)].map((m) =>
      m[1] === "'leave'" ? `leave ${m[2]}` : `${m[1]}@${m[2]}`,
    );
    expect(events).toEqual([
      '1@0',
      '6@0',
      '8@0',
      '2@1',
      '3@1',
      '2@2',
      '3@2',
      '2@3',
      '4@3',
      '5@3',
      'leave 3', // returned
      'leave 2',
      'leave 1',
      '9@0',
      '7@4',
      'leave 4', // ran off the end of its body
    ]);
  });

  test('a syntax error is found with its line and column, before anything runs', () => {
    expect(findSyntaxError('a = 1\nif a\n    pass\n')).toMatchObject({ line: 2, column: 5 });
    // A bracket left open: its own line and column, not the line where the parser gave up.
    expect(findSyntaxError('x = (1,\n')).toEqual({ line: 1, column: 5, message: "'(' was never closed" });
    expect(findSyntaxError('msg = "(" # [ in a comment\nitems = [1,\n  2\nnext = 3\n')).toEqual({
      line: 2,
      column: 9,
      message: "'[' was never closed",
    });
    const result = instrument('print("ok")\ndef f(:\n    pass\n');
    expect('error' in result && result.error.line).toBe(2);
    expect(findSyntaxError(Object.values(PROGRAMS).join('\n'))).toBeUndefined();
  });

  test('mapTraceback turns instrumented line numbers back into the learner\u2019s', () => {
    const { lineMap } = instrumented('x = 1\ny = 0\nprint(x / y)\n');
    const traceback =
      'Traceback (most recent call last):\n  File "<stdin>", line 6, in <module>\nZeroDivisionError: divide by zero\n';
    expect(mapTraceback(traceback, lineMap)).toContain('File "<stdin>", line 3, in <module>');
  });
});
