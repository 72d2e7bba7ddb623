import type { EventStore, RecordedEvent, Subscription } from '@crm/event-store/port/event-store.port';
import type { Projection, ReadModelTx } from '../port/projection';
import type { ReadModelStore } from '../port/read-model-store';
import { findGeneration, tableNames, type Generation } from './generations';

export interface RetryPolicy {
  /** Attempts per failing event before the projection is faulted (1 = no retry). */
  maxAttempts: number;
  /** First backoff; doubles per attempt. */
  backoffMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 3, backoffMs: 200 };

export interface RunnerProgress {
  projection: string;
  generation: number;
  checkpoint: number;
  eventsApplied: number;
}

export interface GenerationRunnerOptions {
  /** Events per transaction while catching up. Live pages are whatever arrived, usually a few. */
  batchSize?: number;
  retry?: RetryPolicy;
  onCommit?: (progress: RunnerProgress) => void;
}

/** The generation this runner followed was switched away from (blue/green) or advanced by someone else. */
export class GenerationMoved extends Error {
  constructor(readonly reason: 'retired' | 'checkpoint-moved') {
    super(`Projection generation ${reason}`);
    this.name = 'GenerationMoved';
  }
}

/** An event kept failing: the projection stops, visibly, until an operator decides. */
export class ProjectionFaulted extends Error {
  constructor(
    readonly eventId: string,
    readonly position: number,
    readonly error: unknown,
  ) {
    super(`Event ${eventId} at position ${position} failed: ${error instanceof Error ? error.message : String(error)}`);
    this.name = 'ProjectionFaulted';
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const errorText = (error: unknown): string =>
  (error instanceof Error ? (error.stack ?? error.message) : String(error)).slice(0, 4000);

/**
 * Applies the log to one generation of one projection. Each page of events and the checkpoint
 * commit in one read-model transaction, guarded by the checkpoint it started from, so a page is
 * applied exactly once even if two processes follow the same generation. A failing page is retried
 * event by event to find the culprit; the culprit is retried with backoff and then faults the
 * projection (state, event id, position and error stored) — never skipped unless an operator said so.
 */
export class GenerationRunner {
  private subscription: Subscription | undefined;
  private checkpoint: number;
  private eventsApplied: number;
  private readonly names: Map<string, string>;
  private readonly retry: RetryPolicy;
  private lastCommitAt = Date.now();
  private rate = 0;

  constructor(
    private readonly store: EventStore,
    private readonly rm: ReadModelStore,
    private readonly projection: Projection,
    private readonly generation: Generation,
    private readonly options: GenerationRunnerOptions = {},
  ) {
    this.checkpoint = generation.checkpoint;
    this.eventsApplied = generation.eventsApplied;
    this.names = tableNames(projection, generation.generation);
    this.retry = options.retry ?? DEFAULT_RETRY;
  }

  get position(): number {
    return this.checkpoint;
  }

  get caughtUp(): boolean {
    return this.subscription?.caughtUp ?? false;
  }

  /** Resolves when stopped; rejects with GenerationMoved, ProjectionFaulted or a read error. */
  run(): Promise<void> {
    this.subscription = this.store.subscribeAll(
      {
        fromPosition: this.checkpoint + 1,
        ...(this.projection.handles === '*' ? {} : { filter: { types: this.projection.handles } }),
        maxBatch: this.options.batchSize ?? 1000,
      },
      (events, progress) => this.handlePage(events, progress.throughPosition),
    );
    return this.subscription.done;
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
  }

  private async handlePage(events: readonly RecordedEvent[], through: number): Promise<void> {
    try {
      await this.commit(events, through);
      return;
    } catch (error) {
      if (error instanceof GenerationMoved || events.length === 0) throw error;
    }
    // The page failed: apply it one event per transaction to find the culprit, and retry that one.
    for (const event of events) await this.commitWithRetry([event], event.position);
    await this.commit([], through);
  }

  private async commitWithRetry(events: readonly RecordedEvent[], through: number): Promise<void> {
    let attempt = 0;
    for (;;) {
      try {
        await this.commit(events, through);
        return;
      } catch (error) {
        if (error instanceof GenerationMoved) throw error;
        attempt += 1;
        if (attempt >= this.retry.maxAttempts) {
          const event = events[0]!;
          await this.recordFault(event, error, attempt);
          throw new ProjectionFaulted(event.eventId, event.position, error);
        }
        await sleep(this.retry.backoffMs * 2 ** (attempt - 1));
      }
    }
  }

  private async commit(events: readonly RecordedEvent[], through: number): Promise<void> {
    const started = this.checkpoint;
    let applied = 0;
    await this.rm.transaction(async (tx) => {
      const current = await findGeneration(tx, this.projection.name, this.generation.generation);
      // Retired by a blue/green switch (and maybe already dropped): the caller moves to the new one.
      if (!current || current.status === 'retired') throw new GenerationMoved('retired');
      if (current.checkpoint !== started) throw new GenerationMoved('checkpoint-moved');
      // Runs of events between operator-resolved ones go to applyBatch when the projection has it.
      let run: RecordedEvent[] = [];
      const flush = async (): Promise<void> => {
        if (run.length === 0) return;
        if (run.length > 1 && this.projection.applyBatch) await this.projection.applyBatch(run, tx);
        else for (const event of run) await this.projection.apply(event, tx);
        applied += run.length;
        run = [];
      };
      for (const event of events) {
        if (current.faultEventId === event.eventId && current.resolution) {
          await flush();
          await this.resolveByOperator(tx, current, event);
          continue;
        }
        run.push(event);
      }
      await flush();
      // The faulted event went through without an operator's decision (a fix deployed, then a rebuild
      // resumed): the fault is over, and left in place it would show a stopped projection nobody can clear.
      if (current.faultEventId !== null && current.faultPosition !== null && through >= current.faultPosition)
        await tx.execute(
          `UPDATE projection_generations SET fault_event_id = NULL, fault_position = NULL, fault_error = NULL,
             fault_attempts = 0, resolution = NULL WHERE name = ? AND generation = ?`,
          [this.projection.name, this.generation.generation],
        );
      const now = Date.now();
      const seconds = Math.max((now - this.lastCommitAt) / 1000, 0.001);
      const rate = events.length > 0 ? this.rate * 0.7 + (events.length / seconds) * 0.3 : this.rate;
      await tx.execute(
        `UPDATE projection_generations SET checkpoint = ?, events_applied = events_applied + ?, events_per_second = ?,
           state = 'running', updated_at = ? WHERE name = ? AND generation = ?`,
        [
          through,
          applied,
          Math.round(rate),
          new Date(now).toISOString(),
          this.projection.name,
          this.generation.generation,
        ],
      );
      this.rate = rate;
      this.lastCommitAt = now;
    }, this.names);
    this.checkpoint = through;
    this.eventsApplied += applied;
    try {
      this.options.onCommit?.({
        projection: this.projection.name,
        generation: this.generation.generation,
        checkpoint: through,
        eventsApplied: this.eventsApplied,
      });
    } catch {
      // A progress observer must never make a committed page look failed (it would be applied again).
    }
  }

  /** Skip or park the event the operator decided on; either way the checkpoint moves past it. */
  private async resolveByOperator(tx: ReadModelTx, current: Generation, event: RecordedEvent): Promise<void> {
    if (current.resolution === 'park') {
      await tx.execute(
        'INSERT INTO projection_parked_events (name, generation, position, event_id, error, parked_at) VALUES (?, ?, ?, ?, ?, ?)',
        [
          current.name,
          current.generation,
          event.position,
          event.eventId,
          current.faultError ?? '',
          new Date().toISOString(),
        ],
      );
    }
    await tx.execute(
      `UPDATE projection_generations SET fault_event_id = NULL, fault_position = NULL, fault_error = NULL,
         fault_attempts = 0, resolution = NULL WHERE name = ? AND generation = ?`,
      [current.name, current.generation],
    );
  }

  private async recordFault(event: RecordedEvent, error: unknown, attempts: number): Promise<void> {
    await this.rm.transaction(async (tx) => {
      await tx.execute(
        `UPDATE projection_generations SET state = 'faulted', fault_event_id = ?, fault_position = ?, fault_error = ?,
           fault_attempts = ?, resolution = NULL, updated_at = ? WHERE name = ? AND generation = ?`,
        [
          event.eventId,
          event.position,
          errorText(error),
          attempts,
          new Date().toISOString(),
          this.projection.name,
          this.generation.generation,
        ],
      );
    });
  }
}
