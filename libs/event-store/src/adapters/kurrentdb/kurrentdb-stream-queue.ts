/**
 * Runs the tasks of one stream one after another, tasks of different streams concurrently.
 *
 * Why: KurrentDB drops (rather than answers) a retry whose ids match a write that is committed but
 * not yet indexed ("IdempotentNotReady"), and the caller only learns of it through a timeout. Appends
 * to one stream from this process are therefore sent one at a time, each after the previous was
 * acknowledged, which is also the only order in which their expected versions can succeed.
 */
export class StreamQueue {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(streamId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(streamId) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(streamId, tail);
    void tail.then(() => {
      if (this.tails.get(streamId) === tail) this.tails.delete(streamId);
    });
    return result;
  }
}
