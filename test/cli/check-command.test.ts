// `pico-heap-lab check LESSON.md…` in a child process on the MicroPython WebAssembly build: a
// teacher's CI gets exit 0 and a line per exercise when the lessons hold, exit 1 and the reason
// when an exercise's check does not tell its reference from its wrong solution, exit 2 for a
// lesson file with a mistake (file and line), and usage errors for a missing file.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli';

const dir = mkdtempSync(join(tmpdir(), 'pico-check-'));
const lessonsDir = resolve(import.meta.dirname, '../../lessons');
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const cli = (args: string[]) => runCli(args, { env: { PICO_FIRMWARE: '' } });

describe('pico-heap-lab check', () => {
  it('passes a lesson whose exercises hold: one line per exercise, exit 0', async () => {
    const r = await cli(['check', '--board', 'browser-wasm', join(lessonsDir, '02-names-and-objects.md')]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('02-names-and-objects.md: Names and objects (on browser-wasm)');
    expect(r.stdout).toMatch(
      / {2}✓ rebind-or-change: printed\(\) == '\[1, 2, 3\] \[9\]\\n' and not same\(a, b\)\n {6}reference → True\n {6}wrong {5}→ False\n/,
    );
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('3 passed, 0 failed, 0 skipped');
  }, 60_000);

  it('fails (exit 1) when a check cannot tell the reference from the wrong solution, and says which', async () => {
    const lesson = write(
      'bad-check.md',
      [
        '---',
        'title: A claim that is not true',
        'order: 1',
        'boards: [browser-wasm]',
        'summary: x',
        '---',
        '',
        '```exercise',
        'id: copies-are-aliases',
        'kind: same',
        'question: q?',
        'program: |',
        '  a = [1]',
        '  b = a[:]',
        'names: [a, b]',
        'check: same(a, b)',
        'wrong: |',
        '  a = [1]',
        '  b = [1]',
        '```',
        '',
      ].join('\n'),
    );
    const r = await cli(['check', '--board', 'browser-wasm', lesson]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('  ✗ copies-are-aliases: same(a, b)\n      reference → False (should be True)\n');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('0 passed, 1 failed, 0 skipped');
  }, 60_000);

  it('skips exercises written for another board, and says so', async () => {
    const r = await cli(['check', '--board', 'browser-wasm', join(lessonsDir, '07-fragmentation.md')]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('  - free-but-not-usable: skipped (written for virtual-pico, usb-pico)');
  }, 60_000);

  it('a lesson file with a mistake is exit 2 with its file and line; no files is a usage error', async () => {
    const broken = write(
      'broken.md',
      '---\ntitle: T\norder: 1\nsummary: S\n---\n\n```exercise\nid: e\nkind: same\n```\n',
    );
    const r = await cli(['check', '--board', 'browser-wasm', broken]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`pico-heap-lab: ${broken}:7 (exercise e): the exercise needs "check"\n`);
    const none = await cli(['check', '--board', 'browser-wasm']);
    expect(none.status).toBe(2);
    expect(none.stderr.split('\n')[0]).toBe('pico-heap-lab: check needs one or more LESSON.md files');
  }, 60_000);
});
