/**
 * Runs `fn` on the next turn of the event loop with no minimum delay
 * (setTimeout(0) is clamped to ≥1 ms in Node and ≥4 ms in nested browser timers).
 * Node: setImmediate. Browser/worker: a MessageChannel message.
 * Returns a cancel function.
 */
export function yieldNow(fn: () => void): () => void {
  if (typeof setImmediate === 'function') {
    const handle = setImmediate(fn);
    return () => clearImmediate(handle);
  }
  let cancelled = false;
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    if (!cancelled) fn();
  };
  channel.port2.postMessage(null);
  return () => {
    cancelled = true;
    channel.port1.close();
  };
}
