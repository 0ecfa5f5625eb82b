/** A minimal typed listener list: boards and sessions emit with it, views subscribe. */
export class Listeners<T extends unknown[]> {
  private readonly set = new Set<(...args: T) => void>();

  /** Adds a listener; returns a function that removes it again. */
  add(listener: (...args: T) => void): () => void {
    this.set.add(listener);
    return () => this.set.delete(listener);
  }

  emit(...args: T): void {
    for (const listener of [...this.set]) listener(...args);
  }

  get size(): number {
    return this.set.size;
  }
}
