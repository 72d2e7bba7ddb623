import { BACKWARDS, END, FORWARDS, KurrentDBClient, START, type ReadRevision } from '@kurrent/kurrentdb-client';
import { AppendSignal, SubscriptionSet } from '../../core/catch-up-subscription';
import type { StoredEventRef } from '../../core/group-plan';
import { DEFAULT_LIMITS, prepareAppend, type PreparedAppend } from '../../core/prepare-append';
import { StoreUnavailable, WrongExpectedVersion } from '../../port/event-store.errors';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  ExpectedVersion,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StoreLimits,
  StoreStats,
  SubscribeAllOptions,
  Subscription,
  SubscriptionHandler,
} from '../../port/event-store.port';
import { parseStreamId } from '../../port/stream-id';
import { toEventData } from './kurrentdb-envelope';
import { IDEMPOTENCY_SCAN_LIMIT, judgeReplay, settle, storedRefs } from './kurrentdb-idempotency';
import { KurrentDbLogReader, type KurrentDbClientPort } from './kurrentdb-log-reader';
import { StreamQueue } from './kurrentdb-stream-queue';
import { classifyClientError, toSafeNumber, toStoreError, toStreamState } from './kurrentdb-mapping';

export interface KurrentDbEventStoreOptions {
  /** e.g. `kurrentdb://127.0.0.1:2113?tls=false` (KURRENTDB_URL). */
  connectionString: string;
  limits?: Partial<StoreLimits>;
  /** How often live subscriptions look for appends made by other processes. */
  pollMs?: number;
}

const SCAN_PAGE = 1_000;

/**
 * The port on KurrentDB (EventStoreDB 24+), for deployments that want a clustered, replicated log.
 * What differs from the SQL adapters (docs/adr/0002-kurrentdb-adapter.md): positions are commit
 * positions (increasing, not contiguous), and idempotency is judged by reading back the events
 * KurrentDB matched by id, within the server's rules and a bounded look-back, not forever.
 */
export class KurrentDbEventStore implements EventStore {
  readonly name = 'kurrentdb';
  readonly capabilities = { contiguousPositions: false, permanentIdempotency: false };
  readonly limits: StoreLimits;
  private readonly log: KurrentDbLogReader;
  private readonly appended = new AppendSignal();
  private readonly queue = new StreamQueue();
  private readonly pollMs: number;
  private readonly subscriptions: SubscriptionSet;
  private readonly inFlight = new Set<Promise<unknown>>();
  private closed = false;

  constructor(
    options: KurrentDbEventStoreOptions,
    private readonly client: KurrentDbClientPort = KurrentDBClient.connectionString(options.connectionString),
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.pollMs = options.pollMs ?? 250;
    this.log = new KurrentDbLogReader(this.client);
    this.subscriptions = new SubscriptionSet(
      {
        readAll: (o) => this.readAll(o),
        headPosition: () => this.headPosition(),
        waitForAppend: (ms, signal) => this.appended.wait(ms, signal),
      },
      this.pollMs,
    );
  }

  append(streamId: string, events: readonly NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new StoreUnavailable('The event store is closed'));
    const work = this.appendChecked(streamId, events, options.expectedVersion ?? 'any');
    this.inFlight.add(work);
    void work.catch(() => undefined).finally(() => this.inFlight.delete(work));
    return work;
  }

  private async appendChecked(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedVersion,
  ): Promise<AppendResult> {
    const append = prepareAppend(streamId, events, expected, this.limits);
    let lastVersion: number;
    try {
      const written = await this.queue.run(streamId, () =>
        this.client.appendToStream(streamId, append.events.map(toEventData), { streamState: toStreamState(expected) }),
      );
      lastVersion = toSafeNumber(written.nextExpectedRevision, 'revision');
    } catch (error) {
      const failure = classifyClientError(error);
      if (failure.kind === 'wrong-expected-version') return this.settleWrongVersion(append, failure.actual);
      const bytes = append.events.reduce((n, e) => n + Buffer.byteLength(e.data) + Buffer.byteLength(e.metadata), 0);
      const mapped = toStoreError(error, {
        operation: 'append',
        streamId,
        expected,
        batch: { firstEventId: append.events[0]!.eventId, bytes },
      });
      if (failure.kind === 'unavailable' && failure.uncertain) return this.settleUncertain(append, mapped);
      throw mapped;
    }
    const result = await this.confirmAppended(append, lastVersion);
    this.appended.notify();
    return result;
  }

  /**
   * A success may be a fresh write or KurrentDB recognising the ids as already written (it compares
   * ids only). Reading the range back gives the positions, which the append answer does not carry for
   * every event, and shows whether a recognised repeat has the same content.
   */
  private async confirmAppended(append: PreparedAppend, lastVersion: number): Promise<AppendResult> {
    const count = append.events.length;
    const firstVersion = lastVersion - count + 1;
    if (firstVersion >= 0) {
      const range = await this.log.readStream(append.streamId, {
        direction: FORWARDS,
        fromRevision: BigInt(firstVersion),
        maxCount: count,
        requiresLeader: true,
      });
      const found = storedRefs(append, range);
      if (found.size === count) return settle(judgeReplay(append, found), append);
    }
    // An `any` retry can match ids that are not where the answer points: look them up instead.
    const judged = judgeReplay(append, await this.findStored(append));
    if (judged.kind === 'new') {
      throw new StoreUnavailable(`KurrentDB acknowledged an append to ${append.streamId} that cannot be read back`);
    }
    return settle(judged, append);
  }

  /** A wrong expected version is a retry of stored events when their ids are in the stream. */
  private async settleWrongVersion(append: PreparedAppend, actual: number): Promise<AppendResult> {
    const judged = judgeReplay(append, await this.findStored(append));
    if (judged.kind === 'new') throw new WrongExpectedVersion(append.streamId, append.expectedVersion, actual);
    return settle(judged, append);
  }

  /**
   * After a timeout the events may be stored: written late, or a repeat of a write that was not yet
   * indexed, which KurrentDB drops without an answer. Look before reporting the store unavailable.
   */
  private async settleUncertain(append: PreparedAppend, failure: unknown): Promise<AppendResult> {
    const judged = judgeReplay(
      append,
      await this.findStored(append).catch(() => {
        throw failure;
      }),
    );
    if (judged.kind === 'new') throw failure;
    return settle(judged, append);
  }

  /** The batch's ids among the last IDEMPOTENCY_SCAN_LIMIT events of its stream (the earliest copy wins). */
  private async findStored(append: PreparedAppend): Promise<Map<string, StoredEventRef>> {
    const found = new Map<string, StoredEventRef>();
    let from: ReadRevision = END;
    for (let scanned = 0; scanned < IDEMPOTENCY_SCAN_LIMIT;) {
      const maxCount = Math.min(SCAN_PAGE, IDEMPOTENCY_SCAN_LIMIT - scanned);
      const page = await this.log.readStream(append.streamId, {
        direction: BACKWARDS,
        fromRevision: from,
        maxCount,
        requiresLeader: true,
      });
      for (const [id, ref] of storedRefs(append, page)) found.set(id, ref);
      scanned += page.length;
      const oldest = page[page.length - 1]?.event.streamVersion;
      if (page.length < maxCount || oldest === undefined || oldest === 0 || found.size === append.events.length) break;
      from = BigInt(oldest - 1);
    }
    return found;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const from = options.fromVersion;
    // Only our streams: a `$` system stream or a foreign name reads as empty, as it would on SQL.
    if (!parseStreamId(streamId) || (options.limit !== undefined && options.limit <= 0)) return [];
    if (backwards && from !== undefined && from < 0) return [];
    const events = await this.log.readStream(streamId, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision: from === undefined ? (backwards ? END : START) : BigInt(Math.max(0, from)),
      maxCount: options.limit ?? Number.MAX_SAFE_INTEGER,
    });
    return events.map((e) => e.event);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const limit = Math.min(options.limit ?? 1000, this.limits.maxReadBatch);
    const events: RecordedEvent[] = [];
    if (limit <= 0) return events;
    for await (const event of this.log.scanAll({
      direction: options.direction ?? 'forwards',
      fromPosition: options.fromPosition,
      toPosition: options.toPosition,
      filter: options.filter,
      pageSize: limit,
    })) {
      events.push(event);
      if (events.length >= limit) break;
    }
    return events;
  }

  async streamVersion(streamId: string): Promise<number> {
    const [last] = await this.readStream(streamId, { direction: 'backwards', limit: 1 });
    return last?.streamVersion ?? -1;
  }

  async headPosition(tenantId?: string): Promise<number> {
    const filter = tenantId === undefined ? undefined : { tenantId };
    const [last] = await this.readAll({ direction: 'backwards', limit: 1, filter });
    return last?.position ?? 0;
  }

  /**
   * KurrentDB keeps no per-tenant counters, so stats reads the tenant's whole log (or the whole log):
   * linear in its size, fine for ops endpoints and the CLI, not for a hot path.
   */
  async stats(tenantId?: string): Promise<StoreStats> {
    let headPosition = 0;
    const streams = new Set<string>();
    const byType = new Map<string, number>();
    const filter = tenantId === undefined ? undefined : { tenantId };
    for await (const event of this.log.scanAll({ direction: 'forwards', filter, pageSize: this.limits.maxReadBatch })) {
      headPosition = event.position;
      streams.add(event.streamId);
      byType.set(event.type, (byType.get(event.type) ?? 0) + 1);
    }
    const eventsByType = Object.fromEntries([...byType].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    return { headPosition, streams: streams.size, eventsByType };
  }

  /**
   * Polling over readAll (core/catch-up-subscription.ts) rather than the client's subscribeToAll:
   * the same code as the SQL adapters gives the same guarantees (pages of maxBatch, the next page only
   * after the handler settled, a handler error rejects `done`, inclusive fromPosition), while a native
   * subscription would add its own buffering, drop/reconnect handling and exclusive start positions.
   * The price is latency up to pollMs for appends made through other processes; appends through this
   * instance wake subscribers at once. KurrentDB shows the log only up to its last indexed record,
   * in order, so a read bounded by a head read just before never skips an event.
   */
  subscribeAll(options: SubscribeAllOptions, handler: SubscriptionHandler): Subscription {
    return this.subscriptions.start(options, handler);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.subscriptions.stopAll();
    // Appends accepted before close finish: their callers are waiting for an answer.
    await Promise.allSettled([...this.inFlight]);
    await this.client.dispose();
  }
}
