// Which steps survive an edit (src/stepper/edit-boundary.ts): the first line whose effect may differ.
import { describe, expect, test } from 'vitest';
import { firstAffectedLine } from '../../src/stepper/edit-boundary';

const PROGRAM = `a = [1, 2]
b = a
total = (len(a) +
         len(b))

@staticmethod
def add(xs):
    xs.append(4)
    return xs

add(a)
print(a)
`;

const edit = (line: number, text: string) => {
  const lines = PROGRAM.split('\n');
  lines[line - 1] = text;
  return lines.join('\n');
};

describe('firstAffectedLine', () => {
  test('the same text: nothing to drop', () => {
    expect(firstAffectedLine(PROGRAM, PROGRAM)).toBeUndefined();
  });
  test('a changed top-level line: from that line', () => {
    expect(firstAffectedLine(PROGRAM, edit(2, 'b = list(a)'))).toBe(2);
    expect(firstAffectedLine(PROGRAM, edit(12, 'print(a, b)'))).toBe(12);
  });
  test('a change in a statement’s second line: from the statement’s first line', () => {
    expect(firstAffectedLine(PROGRAM, edit(4, '         len(b) + 1)'))).toBe(3);
  });
  test('a change inside a function: from its decorator (the def line built the function)', () => {
    expect(firstAffectedLine(PROGRAM, edit(8, '    xs.append(5)'))).toBe(6);
  });
  test('lines added at the end: from the first new line', () => {
    expect(firstAffectedLine(PROGRAM, PROGRAM + 'c = 3\n')).toBe(13);
  });
  test('a program that no longer parses still gives the first changed line', () => {
    expect(firstAffectedLine(PROGRAM, edit(2, 'b = ('))).toBe(2);
  });
});
