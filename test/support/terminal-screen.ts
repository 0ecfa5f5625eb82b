// What a terminal would show for a stream of REPL output: enough of a VT100 to
// apply the control sequences MicroPython's line editor sends (CR, LF, backspace,
// ESC[K erase to end of line, ESC[nD cursor left), so tests can compare what a
// person would see rather than raw bytes.

/** The visible screen text, lines joined with "\n", trailing spaces kept. */
export function terminalScreen(output: string): string {
  const lines: string[][] = [[]];
  let row = 0;
  let col = 0;
  for (let i = 0; i < output.length; i++) {
    const c = output[i];
    if (c === '\r') col = 0;
    else if (c === '\n') {
      row++;
      col = 0;
      if (!lines[row]) lines[row] = [];
    } else if (c === '\b') col = Math.max(0, col - 1);
    else if (c === '\x1b' && output[i + 1] === '[') {
      const m = /^\x1b\[(\d*)([A-Za-z])/.exec(output.slice(i));
      if (!m) continue;
      i += m[0].length - 1;
      const n = m[1] === '' ? 1 : Number(m[1]);
      if (m[2] === 'K') lines[row].length = Math.min(lines[row].length, col);
      else if (m[2] === 'D') col = Math.max(0, col - n);
      else if (m[2] === 'C') col += n;
    } else if (c >= ' ') {
      const line = lines[row];
      while (line.length < col) line.push(' ');
      line[col++] = c;
    }
  }
  return lines.map((l) => l.join('')).join('\n');
}

/** How many times `needle` occurs in `haystack` (non-overlapping). */
export function occurrences(haystack: string, needle: string): number {
  let n = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) n++;
  return n;
}
