/**
 * Why the browser refused to store something, in words a learner can act on.
 * A full quota arrives as a DOMException named QuotaExceededError whose message
 * is often empty, which used to leave "…could not be saved: " with no reason.
 */
export function describeStorageFailure(error: unknown): string {
  const name =
    error instanceof Error || (typeof DOMException !== 'undefined' && error instanceof DOMException)
      ? (error as Error).name
      : '';
  const message = error instanceof Error ? error.message.trim() : (typeof error === 'string' ? error : '').trim();
  if (name === 'QuotaExceededError' || /quota|storage full/i.test(message)) {
    return "this browser's storage for the lab is full (free some space: clear other sites' data, or Erase flash here)";
  }
  if (message) return message;
  return name ? `the browser refused (${name})` : 'the browser refused without saying why';
}
