import { instrument } from './instrument';

/**
 * The first line of the stepped program (`before`) whose effect an edit may have changed: steps
 * that paused before it ran are still true of the edited program; later ones are not. Undefined
 * when the text is the same.
 *
 * A change inside a statement counts from that statement's first line (a pause there is before it
 * ran), and a change inside a function or class counts from its `def` / `class` line (or its first
 * decorator): running that line built the function from the old text.
 */
export function firstAffectedLine(before: string, after: string): number | undefined {
  if (before === after) return undefined;
  const a = before.split('\n');
  const b = after.split('\n');
  let changed = 0;
  while (changed < a.length && changed < b.length && a[changed] === b[changed]) changed++;
  let line = changed + 1; // 1-based: the first line that differs (or the first added/removed one)

  const indent = (text: string) => text.length - text.trimStart().length;
  const isCode = (text: string | undefined) =>
    text !== undefined && text.trim() !== '' && !text.trimStart().startsWith('#');

  // A line of code belongs to the statement that starts at the nearest pause line at or above it
  // (a blank line or a comment belongs to none: what is written there starts afresh).
  const program = isCode(a[line - 1]) ? instrument(before) : undefined;
  if (program && !('error' in program)) {
    const starts = program.stepLines.filter((s) => s <= line);
    if (starts.length > 0) line = starts[starts.length - 1];
  }

  // Inside a top-level def or class: from its header (decorators included).
  if (line <= a.length && indent(a[line - 1] ?? '') > 0) {
    let top = line - 1;
    while (top > 0 && !(isCode(a[top]) && indent(a[top]) === 0)) top--;
    if (/^(async\s+def|def|class)\b/.test(a[top])) {
      while (top > 0 && a[top - 1].startsWith('@')) top--;
      line = Math.min(line, top + 1);
    }
  }
  return line;
}
