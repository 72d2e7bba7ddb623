import { StoreUnavailable } from '../port/event-store.errors';
import type { AppendResult } from '../port/event-store.port';
import type { AppendOutcome } from './group-plan';
import type { PreparedAppend } from './prepare-append';

interface Pending {
  append: PreparedAppend;
  resolve: (result: AppendResult) => void;
  reject: (error: Error) => void;
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

const settle = (group: Pending[], outcomes: AppendOutcome[]): void => {
  group.forEach((p, i) => {
    const outcome = outcomes[i]!;
    if (outcome.ok) p.resolve(outcome.result);
    else p.reject(outcome.error);
  });
};

/** Commits one group in a single transaction and returns one outcome per append, in order. */
export type CommitGroup = (appends: PreparedAppend[]) => Promise<AppendOutcome[]> | AppendOutcome[];

/**
 * Group commit: appends that arrive while a commit is in flight (or in the same turn of the event
 * loop) share the next transaction and its fsync. One commit runs at a time per store instance.
 * If the commit fails because the store is unavailable, every append of the group is rejected and
 * nothing of it is durable. If it fails for any other reason (a statement the database refused),
 * the group's appends are committed one by one, so one caller's bad payload fails only that caller.
 */
export class GroupCommitter {
  private queue: Pending[] = [];
  private running = false;
  private scheduled = false;

  constructor(
    private readonly commitGroup: CommitGroup,
    /** Bounds one transaction so a flood of appends cannot make a single commit unbounded. */
    private readonly maxEventsPerGroup = 20_000,
  ) {}

  submit(append: PreparedAppend): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ append, resolve, reject });
      this.schedule();
    });
  }

  get pending(): number {
    return this.queue.length;
  }

  private schedule(): void {
    if (this.running || this.scheduled) return;
    this.scheduled = true;
    // setImmediate rather than a microtask: lets every caller woken in this turn enqueue first.
    setImmediate(() => {
      this.scheduled = false;
      void this.drain();
    });
  }

  private takeGroup(): Pending[] {
    let events = 0;
    let n = 0;
    while (n < this.queue.length) {
      const size = this.queue[n]!.append.events.length;
      if (n > 0 && events + size > this.maxEventsPerGroup) break;
      events += size;
      n += 1;
    }
    return this.queue.splice(0, n);
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const group = this.takeGroup();
        try {
          settle(group, await this.commitGroup(group.map((p) => p.append)));
        } catch (error) {
          if (group.length === 1 || error instanceof StoreUnavailable) {
            for (const p of group) p.reject(asError(error));
            continue;
          }
          for (const p of group) {
            try {
              settle([p], await this.commitGroup([p.append]));
            } catch (single) {
              p.reject(asError(single));
            }
          }
        }
      }
    } finally {
      this.running = false;
    }
  }
}
