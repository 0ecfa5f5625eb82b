// BoardFrameFilter: traceback lines of the board's own helpers ("<board>") are dropped from the
// byte stream, whatever the chunking; everything else passes unchanged and in order.
import { describe, expect, test } from 'vitest';
import { BoardFrameFilter } from '../../src/board/wasm/board-frame-filter';

function through(chunks: string[], releaseAfter: number[] = []): string {
  let out = '';
  const filter = new BoardFrameFilter((b) => (out += String.fromCharCode(b)));
  chunks.forEach((chunk, i) => {
    for (const c of chunk) filter.push(c.charCodeAt(0));
    if (releaseAfter.includes(i)) filter.release();
  });
  filter.release();
  return out;
}

const TRACEBACK =
  'Traceback (most recent call last):\r\n  File "<stdin>", line 4, in <module>\r\n' +
  '  File "<board>", line 14, in sleep\r\nKeyboardInterrupt: \r\n';
const ON_A_PICO =
  'Traceback (most recent call last):\r\n  File "<stdin>", line 4, in <module>\r\nKeyboardInterrupt: \r\n';

describe('BoardFrameFilter', () => {
  test('drops the board frame, in one piece or byte by byte', () => {
    expect(through([TRACEBACK])).toBe(ON_A_PICO);
    expect(through([...TRACEBACK])).toBe(ON_A_PICO);
    expect(through(['  File "', '<board>', '", line ', '14', ', in sleep\r\n'])).toBe('');
  });

  test('lines that only start like it pass unchanged: indented output, a "File" mid-line, other frames', () => {
    const text = '  File "<stdin>"\r\n  Fil\r\nx  File "<board>"\r\n    indented\r\n  \r\n';
    expect(through([text])).toBe(text);
  });

  test('a prompt of spaces waiting for keys is let through by release()', () => {
    expect(through(['  '], [0])).toBe('  ');
  });
});
