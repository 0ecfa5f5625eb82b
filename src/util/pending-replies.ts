/**
 * Requests sent to a worker that wait for the reply carrying their id. The one place where a
 * board's page side matches replies to requests, and fails the ones still waiting when the worker
 * goes away (so no caller waits forever).
 */
export class PendingReplies<T> {
  private readonly waiting = new Map<number, { resolve(value: T): void; reject(error: Error): void }>();
  private nextId = 1;

  /** Sends a request through `send` (given its id) and resolves with the reply to that id. */
  request(send: (id: number) => void): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      send(id);
    });
  }

  /** The reply to request `id` (ignored when nothing waits for it any more). */
  resolve(id: number, value: T): void {
    this.waiting.get(id)?.resolve(value);
    this.waiting.delete(id);
  }

  /** Request `id` failed on the other side. */
  reject(id: number, error: Error): void {
    this.waiting.get(id)?.reject(error);
    this.waiting.delete(id);
  }

  /** Every request still waiting fails with `error` (the worker failed, restarted or was disposed). */
  failAll(error: Error): void {
    for (const request of this.waiting.values()) request.reject(error);
    this.waiting.clear();
  }
}
