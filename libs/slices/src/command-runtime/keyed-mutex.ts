/**
 * Serialises work per key inside one process. Used where a rule spans several streams (B2B: no cycle
 * in an account hierarchy or an org chart): the store appends one stream atomically, so two concurrent
 * re-parentings could each pass the cycle check; taking the tenant's lock first makes them take
 * turns. See docs/adr/0005-b2b-decision-chains.md for why this is per process.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => current);
    this.tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
