// Share links (src/app/share-link.ts): the program, lesson and step survive the round trip through a
// URL fragment, whatever the program holds; damaged parts are named and the rest still applies.
import { describe, expect, test } from 'vitest';
import { decodeShare, encodeShare, MAX_SHARED_PROGRAM } from '../../src/app/share-link';

describe('share links', () => {
  test('round trip: program (any text), lesson and step', () => {
    const program = "s = 'héllo → ✓ 🐍'\nx = [1, 2] & {'#': '&='}\n\tprint(s)\n";
    const fragment = encodeShare({ program, lesson: '04-mutation-and-arguments', step: 7 });
    expect(fragment).not.toMatch(/[\s#]/);
    const url = new URL(`https://example.org/pico/#${fragment}`);
    expect(decodeShare(url.hash)).toEqual({
      state: { program, lesson: '04-mutation-and-arguments', step: 7 },
      problems: [],
    });
  });

  test('damaged parts are named; the rest applies', () => {
    const good = encodeShare({ program: 'x = 1\n' });
    const { state, problems } = decodeShare(`${good.slice(0, -3)}%%%&lesson=<script>&step=-2`);
    expect(state).toEqual({});
    expect(problems).toEqual([
      'the program in the link is damaged (it may have been cut short)',
      '"<script>" is not a lesson name',
      '"-2" is not a step number',
    ]);
    expect(decodeShare('#lesson=02-names-and-objects&step=x')).toEqual({
      state: { lesson: '02-names-and-objects' },
      problems: ['"x" is not a step number'],
    });
  });

  test('a program too long for a link is refused with the reason', () => {
    expect(() => encodeShare({ program: 'x'.repeat(MAX_SHARED_PROGRAM + 1) })).toThrow(/too long for a link/);
  });
});
