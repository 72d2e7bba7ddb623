import {
  BACKWARDS,
  END,
  FORWARDS,
  START,
  type AllStreamResolvedEvent,
  type Direction,
  type Filter,
  type KurrentDBClient,
  type ReadPosition,
  type ReadRevision,
} from '@kurrent/kurrentdb-client';
import { StoreUnavailable } from '../../port/event-store.errors';
import type { AllFilter, ReadDirection, RecordedEvent } from '../../port/event-store.port';
import { decodeEvent, type DecodedEvent } from './kurrentdb-envelope';
import { planAllFilter } from './kurrentdb-filter';
import {
  KnownPositions,
  classifyClientError,
  forwardStartCandidates,
  logPosition,
  positionNumber,
  toStoreError,
} from './kurrentdb-mapping';

/** The part of the KurrentDB client the store uses (unit tests hand in a fake log with the server's rules). */
export type KurrentDbClientPort = Pick<KurrentDBClient, 'appendToStream' | 'readStream' | 'readAll' | 'dispose'>;

export interface ScanAllOptions {
  direction: ReadDirection;
  /** Inclusive, as in the port. */
  fromPosition?: number;
  /** Inclusive upper bound forwards, lower bound backwards (as the SQL adapters do). */
  toPosition?: number;
  filter?: AllFilter;
  /** Events the caller expects to take; the server page size follows from it. */
  pageSize: number;
}

export interface StreamReadOptions {
  direction: Direction;
  fromRevision: ReadRevision;
  maxCount: number;
  /** Read-your-writes after an append: ask the leader, not a follower that may lag. */
  requiresLeader?: boolean;
}

/** With a client-side part to the filter, read at least this many events per page to limit round trips. */
const MIN_PARTIAL_PAGE = 500;

/**
 * Reads KurrentDB's log ($all) and streams, decoded into our envelope. Every read of $all is paged
 * from event positions the server returned, because the server can only start at a record boundary.
 */
export class KurrentDbLogReader {
  private readonly known = new KnownPositions();

  constructor(private readonly client: KurrentDbClientPort) {}

  /** Our events of the log in position order (or reverse), filtered, paging until the caller stops. */
  async *scanAll(options: ScanAllOptions): AsyncGenerator<RecordedEvent> {
    const plan = planAllFilter(options.filter);
    const backwards = options.direction === 'backwards';
    const { fromPosition: from, toPosition: to } = options;
    // One more than wanted: a forward continuation page starts with (includes) the last event seen.
    const count = (plan.partial ? Math.max(options.pageSize, MIN_PARTIAL_PAGE) : options.pageSize) + 1;
    let page = backwards
      ? await this.firstBackwardPage(from, count, plan.server)
      : await this.firstForwardPage(from, count, plan.server);
    let lastSeen: number | undefined;
    for (;;) {
      for (const { event: raw } of page) {
        if (!raw) continue;
        const position = positionNumber(raw.position);
        this.known.remember(position);
        if (lastSeen !== undefined && (backwards ? position >= lastSeen : position <= lastSeen)) continue;
        lastSeen = position;
        if (from !== undefined && (backwards ? position > from : position < from)) continue;
        if (to !== undefined && (backwards ? position < to : position > to)) return;
        if (plan.accepts(raw)) yield decodeEvent(raw).event;
      }
      if (page.length < count || lastSeen === undefined) return;
      // Forwards the read includes lastSeen (skipped above); backwards it starts just before it.
      page = await this.readAllPage(logPosition(lastSeen), backwards ? BACKWARDS : FORWARDS, count, plan.server);
    }
  }

  /** Events of one stream; a missing or deleted stream reads as empty. */
  async readStream(streamId: string, options: StreamReadOptions): Promise<DecodedEvent[]> {
    const events: DecodedEvent[] = [];
    try {
      for await (const { event } of this.client.readStream(streamId, { ...options, resolveLinkTos: false })) {
        if (!event) continue;
        const decoded = decodeEvent(event);
        this.known.remember(decoded.event.position);
        events.push(decoded);
      }
    } catch (error) {
      const { kind } = classifyClientError(error);
      if (kind === 'stream-not-found' || kind === 'stream-deleted') return [];
      throw toStoreError(error, { operation: 'readStream', streamId });
    }
    return events;
  }

  private firstForwardPage(from: number | undefined, count: number, filter: Filter): Promise<AllStreamResolvedEvent[]> {
    const candidates = from === undefined ? [] : forwardStartCandidates(from, (p) => this.known.has(p));
    if (candidates.length === 0) return this.readAllPage(START, FORWARDS, count, filter);
    return this.atBoundary(from!, candidates, (p) => this.readAllPage(logPosition(p), FORWARDS, count, filter));
  }

  /**
   * A backward read from a record boundary excludes that record, so an inclusive start at `from`
   * begins at the first event after it (or at the end of the log when there is none).
   */
  private async firstBackwardPage(
    from: number | undefined,
    count: number,
    filter: Filter,
  ): Promise<AllStreamResolvedEvent[]> {
    if (from === undefined) return this.readAllPage(END, BACKWARDS, count, filter);
    const after = await this.firstEventAfter(from);
    return this.readAllPage(after === undefined ? END : logPosition(after), BACKWARDS, count, filter);
  }

  private async firstEventAfter(position: number): Promise<number | undefined> {
    const candidates = forwardStartCandidates(position + 1, (p) => this.known.has(p));
    const page =
      candidates.length === 0
        ? await this.readAllPage(START, FORWARDS, 2, undefined)
        : await this.atBoundary(position + 1, candidates, (p) =>
            this.readAllPage(logPosition(p), FORWARDS, 2, undefined),
          );
    return page
      .map((e) => (e.event ? positionNumber(e.event.position) : undefined))
      .find((p) => p !== undefined && p > position);
  }

  /** Tries each candidate boundary; an outage is not a wrong guess and stops at once. */
  private async atBoundary<T>(
    wanted: number,
    candidates: number[],
    read: (position: number) => Promise<T>,
  ): Promise<T> {
    let lastError: unknown;
    for (const candidate of candidates) {
      try {
        return await read(candidate);
      } catch (error) {
        if (error instanceof StoreUnavailable) throw error;
        lastError = error;
      }
    }
    throw new RangeError(`KurrentDB reads $all only from an event position or one past it, and ${wanted} is neither`, {
      cause: lastError,
    });
  }

  private async readAllPage(
    fromPosition: ReadPosition,
    direction: Direction,
    maxCount: number,
    filter: Filter | undefined,
  ): Promise<AllStreamResolvedEvent[]> {
    const events: AllStreamResolvedEvent[] = [];
    try {
      const read = this.client.readAll({
        fromPosition,
        direction,
        maxCount,
        resolveLinkTos: false,
        ...(filter ? { filter } : {}),
      });
      for await (const event of read) events.push(event);
    } catch (error) {
      throw toStoreError(error, { operation: 'readAll' });
    }
    return events;
  }
}
