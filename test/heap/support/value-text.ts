/**
 * The display text the decoder promises for a value whose full text is `text`
 * (src/heap/README.md): up to 40 characters as they are, longer ones cut to 39
 * and an ellipsis. Written out here, not imported, so a change to the rule fails the tests.
 */
export function expectedValueText(text: string): string {
  const chars = Array.from(text);
  return chars.length <= 40 ? text : chars.slice(0, 39).join('') + '…';
}
