import type { AppendResult } from '../port/event-store.port';
import type { AppendOutcome } from './group-plan';
import type { PreparedAppend } from './prepare-append';

interface Pending {
  append: PreparedAppend;
  resolve: (result: AppendResult) => void;
  reject: (error: Error) => void;
}

/** Commits one group in a single transaction and returns one outcome per append, in order. */
export type CommitGroup = (appends: PreparedAppend[]) => Promise<AppendOutcome[]> | AppendOutcome[];

/**
 * Group commit: appends that arrive while a commit is in flight (or in the same turn of the event
 * loop) share the next transaction and its fsync. One commit runs at a time per store instance.
 * If the commit itself fails (I/O, lost connection), every append of that group is rejected with
 * that error and nothing of the group is durable.
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
        let outcomes: AppendOutcome[];
        try {
          outcomes = await this.commitGroup(group.map((p) => p.append));
        } catch (error) {
          const failure = error instanceof Error ? error : new Error(String(error));
          for (const p of group) p.reject(failure);
          continue;
        }
        group.forEach((p, i) => {
          const outcome = outcomes[i]!;
          if (outcome.ok) p.resolve(outcome.result);
          else p.reject(outcome.error);
        });
      }
    } finally {
      this.running = false;
    }
  }
}
