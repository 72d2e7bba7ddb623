import type {
  ReadAllOptions,
  RecordedEvent,
  SubscribeAllOptions,
  Subscription,
  SubscriptionHandler,
} from '../port/event-store.port';

export interface CatchUpSource {
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  headPosition(): Promise<number>;
  /**
   * Resolves when new events may have been committed, or after `timeoutMs` at the latest (polling
   * covers writers in other processes that this instance cannot hear). Must not reject.
   */
  waitForAppend(timeoutMs: number, signal: AbortSignal): Promise<void>;
}

/**
 * Catch-up then live over any store whose readAll is position-ordered and never shows position
 * N+1 before N. Reads page by page from the last handled position, hands each page to the handler
 * and waits for it (back-pressure); when a read comes back short it is live and waits for the next
 * append. A handler or read error ends the subscription through `done` (never a silent stop).
 */
export class CatchUpSubscription implements Subscription {
  lastPosition: number;
  caughtUp = false;
  readonly done: Promise<void>;
  private readonly abort = new AbortController();

  constructor(
    private readonly source: CatchUpSource,
    private readonly options: SubscribeAllOptions,
    private readonly handler: SubscriptionHandler,
    private readonly pollMs = 250,
  ) {
    this.lastPosition = Math.max(0, options.fromPosition - 1);
    this.done = this.run();
    // Callers that only call stop() must not see an unhandled rejection; done still rejects for those who await it.
    this.done.catch(() => undefined);
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.done.catch(() => undefined);
  }

  private async run(): Promise<void> {
    const limit = this.options.maxBatch ?? 500;
    while (!this.abort.signal.aborted) {
      // Bound the read by the head seen first: a short page then proves nothing up to that head is
      // left, so a filtered subscription advances past events it does not want instead of rescanning.
      const head = await this.source.headPosition();
      const page =
        head > this.lastPosition
          ? await this.source.readAll({
              fromPosition: this.lastPosition + 1,
              toPosition: head,
              limit,
              ...(this.options.filter ? { filter: this.options.filter } : {}),
            })
          : [];
      if (this.abort.signal.aborted) return;
      const full = page.length === limit;
      const throughPosition = full ? page[page.length - 1]!.position : Math.max(this.lastPosition, head);
      if (page.length > 0 || throughPosition > this.lastPosition) {
        await this.handler(page, { throughPosition });
        this.lastPosition = throughPosition;
      }
      if (!full) {
        this.caughtUp = true;
        await this.source.waitForAppend(this.pollMs, this.abort.signal);
      }
    }
  }
}

/** A wake-up signal for in-process subscribers, with a timeout for out-of-process writers. */
export class AppendSignal {
  private waiters = new Set<() => void>();

  notify(): void {
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const wake of waiters) wake();
  }

  wait(timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal.addEventListener('abort', done, { once: true });
      this.waiters.add(done);
    });
  }
}

/**
 * The live subscriptions of one store instance: every adapter starts its subscriptions here, so that
 * close() stops them all before the connection goes away.
 */
export class SubscriptionSet {
  private readonly live = new Set<Subscription>();

  constructor(
    private readonly source: CatchUpSource,
    private readonly pollMs: number,
  ) {}

  start(options: SubscribeAllOptions, handler: SubscriptionHandler): Subscription {
    const subscription = new CatchUpSubscription(this.source, options, handler, this.pollMs);
    this.live.add(subscription);
    void subscription.done.catch(() => undefined).finally(() => this.live.delete(subscription));
    return subscription;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.live].map((s) => s.stop()));
  }
}
