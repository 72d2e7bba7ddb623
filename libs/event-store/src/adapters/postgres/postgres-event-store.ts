import { Pool, types as pgTypes, type PoolClient, type PoolConfig } from 'pg';
import { AppendSignal, SubscriptionSet } from '../../core/catch-up-subscription';
import { GroupCommitter } from '../../core/group-committer';
import { eventKey, planGroup, type AppendOutcome, type StoredEventRef } from '../../core/group-plan';
import { contentHashOf, DEFAULT_LIMITS, prepareAppend, type PreparedAppend } from '../../core/prepare-append';
import { StoreUnavailable } from '../../port/event-store.errors';
import type {
  AppendOptions,
  AppendResult,
  EventMetadata,
  EventStore,
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
import type { JsonObject } from '../../port/json';
import { postgresSchemaSql } from './postgres-schema';

export interface PostgresEventStoreOptions {
  connectionString: string;
  /** Schema holding the store's tables; one store per schema. */
  schema?: string;
  limits?: Partial<StoreLimits>;
  poolSize?: number;
  /** Fallback poll for live subscriptions if a NOTIFY is missed (e.g. listener reconnecting). */
  pollMs?: number;
  /** Test seam: runs inside each append transaction just before COMMIT, while the head lock is held. */
  beforeCommit?: () => Promise<void>;
}

/** A stored event as the idempotency lookup returns it (json_build_object). */
interface StoredJson {
  tenantId: string;
  eventId: string;
  streamId: string;
  streamVersion: number;
  position: number;
  type: string;
  schemaVersion: number;
  data: JsonObject;
  occurredAt: string | null;
}

interface EventRow {
  position: number;
  event_id: string;
  stream_id: string;
  stream_version: number;
  type: string;
  schema_version: number;
  data: JsonObject;
  metadata: EventMetadata;
  recorded_at: Date;
}

const COLUMNS = 'position, event_id, stream_id, stream_version, type, schema_version, data, metadata, recorded_at';
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

// bigint columns come back as JS numbers: positions and versions stay far below 2^53.
const typeParsers = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pgTypes.builtins.INT8
      ? (v: string) => Number(v)
      : pgTypes.getTypeParser(oid, format)) as typeof pgTypes.getTypeParser,
};

const toRecorded = (row: EventRow): RecordedEvent => ({
  eventId: row.event_id,
  type: row.type,
  schemaVersion: row.schema_version,
  streamId: row.stream_id,
  streamVersion: row.stream_version,
  position: row.position,
  data: row.data,
  metadata: row.metadata,
  recordedAt: row.recorded_at.toISOString(),
});

/** Connection-level failures (server down, network, too many clients) as opposed to bad statements. */
const isUnavailable = (error: unknown): boolean => {
  const code = (error as { code?: string }).code ?? '';
  return (
    /^(08|53|57P)/.test(code) || /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|Connection terminated/i.test(String(error))
  );
};

/**
 * PostgreSQL adapter. Appends of this instance are group-committed in one transaction that holds
 * the `head` row lock (see postgres-schema.ts); appends from other instances or processes queue on
 * that lock. A commit means durable under PostgreSQL's default synchronous_commit.
 */
export class PostgresEventStore implements EventStore {
  readonly name = 'postgres';
  readonly capabilities = { contiguousPositions: true, permanentIdempotency: true };
  readonly limits: StoreLimits;
  private readonly pool: Pool;
  private readonly schema: string;
  private readonly channel: string;
  private readonly committer: GroupCommitter;
  private readonly appended = new AppendSignal();
  private readonly subscriptions: SubscriptionSet;
  private listener: PoolClient | undefined;
  private listening: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly options: PostgresEventStoreOptions) {
    this.schema = options.schema ?? 'event_store';
    if (!SCHEMA_NAME.test(this.schema)) throw new Error(`Invalid schema name ${JSON.stringify(this.schema)}`);
    this.channel = `${this.schema}_appended`;
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    const config: PoolConfig = {
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
      types: typeParsers,
      // Every query here walks an index in its order (position, stream version). Without this, a stale range
      // estimate once made the planner read a catch-up page by scanning the whole remaining range and sorting
      // it (55 ms instead of 1.6 ms per page, quadratic over a rebuild) until ANALYZE ran; with sorts priced
      // out, the index scan that stops after LIMIT rows is chosen whatever the statistics say.
      options: '-c enable_sort=off',
    };
    this.pool = new Pool(config);
    // An idle client dropped by the server must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
    this.committer = new GroupCommitter((appends) => this.commitGroup(appends));
    this.subscriptions = new SubscriptionSet(
      {
        readAll: (o) => this.readAll(o),
        headPosition: () => this.headPosition(),
        waitForAppend: (ms, signal) => this.appended.wait(ms, signal),
      },
      options.pollMs ?? 500,
    );
  }

  /** Creates the schema and tables if missing. Safe to run concurrently from several processes. */
  async init(): Promise<this> {
    await this.withClient(async (client) => {
      await client.query('BEGIN');
      try {
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`${this.schema}.init`]);
        await client.query(postgresSchemaSql(this.schema));
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    });
    return this;
  }

  append(streamId: string, events: readonly NewEvent[], options: AppendOptions = {}): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new StoreUnavailable('The event store is closed'));
    try {
      return this.committer.submit(prepareAppend(streamId, events, options.expectedVersion ?? 'any', this.limits));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private async commitGroup(appends: PreparedAppend[]): Promise<AppendOutcome[]> {
    const s = this.schema;
    return this.withClient(async (client) => {
      try {
        // Round trip 1: take the head lock. A statement of its own on purpose: under READ COMMITTED a
        // statement reads from a snapshot taken when it starts, so the reads below must start after
        // the lock is granted to see every append committed before it.
        const [, locked] = (await client.query(
          `BEGIN; SELECT position FROM ${s}.head WHERE id = 1 FOR UPDATE`,
        )) as unknown as [unknown, { rows: { position: number }[] }];
        const head = locked.rows[0]!.position;
        // Round trip 2: current stream versions and already-stored ids of this group, in one query.
        const plan = planGroup(appends, ...(await this.lookUp(client, appends)), head);
        if (plan.rows.length > 0) {
          // Round trip 3: insert the events, move the head, wake listeners (NOTIFY fires at commit).
          const r = plan.rows;
          await client.query(
            `WITH inserted AS (
               INSERT INTO ${s}.events (position, tenant_id, event_id, stream_id, stream_version, category, type,
                                        schema_version, data, metadata)
               SELECT p, t, i::uuid, sid, v, c, ty, sv, d::jsonb, m::jsonb
                 FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::text[],
                             $8::int[], $9::text[], $10::text[]) AS x(p, t, i, sid, v, c, ty, sv, d, m)
               RETURNING 1),
             moved AS (UPDATE ${s}.head SET position = $11 WHERE id = 1 RETURNING 1)
             SELECT pg_notify($12, $11::text)`,
            [
              r.map((x) => x.position),
              r.map((x) => x.append.tenantId),
              r.map((x) => x.event.eventId),
              r.map((x) => x.append.streamId),
              r.map((x) => x.streamVersion),
              r.map((x) => x.append.category),
              r.map((x) => x.event.type),
              r.map((x) => x.event.schemaVersion),
              r.map((x) => x.event.data),
              r.map((x) => x.event.metadata),
              plan.head,
              this.channel,
            ],
          );
        }
        await this.options.beforeCommit?.();
        // Round trip 4.
        await client.query(plan.rows.length > 0 ? 'COMMIT' : 'ROLLBACK');
        if (plan.rows.length > 0) this.appended.notify();
        return plan.outcomes;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  private async lookUp(
    client: PoolClient,
    appends: readonly PreparedAppend[],
  ): Promise<[Map<string, number>, Map<string, StoredEventRef>]> {
    const s = this.schema;
    const { rows } = await client.query<{ versions: [string, number][]; stored: StoredJson[] }>(
      `SELECT
         -- One backward probe of the (stream_id, stream_version) index per stream: a grouped max()
         -- would read every row of the stream, and the tenant's ingest stream holds millions.
         (SELECT coalesce(json_agg(json_build_array(s.stream_id, v.stream_version)), '[]'::json)
            FROM unnest($1::text[]) AS s(stream_id)
            CROSS JOIN LATERAL (SELECT e.stream_version FROM ${s}.events e WHERE e.stream_id = s.stream_id
                                 ORDER BY e.stream_version DESC LIMIT 1) v) AS versions,
         (SELECT coalesce(json_agg(json_build_object('tenantId', e.tenant_id, 'eventId', e.event_id,
                   'streamId', e.stream_id, 'streamVersion', e.stream_version, 'position', e.position,
                   'type', e.type, 'schemaVersion', e.schema_version, 'data', e.data,
                   'occurredAt', e.metadata->>'occurredAt')), '[]'::json)
            FROM ${s}.events e JOIN unnest($2::text[], $3::uuid[]) AS k(tenant_id, event_id)
              ON e.tenant_id = k.tenant_id AND e.event_id = k.event_id) AS stored`,
      [
        [...new Set(appends.map((a) => a.streamId))],
        appends.flatMap((a) => a.events.map(() => a.tenantId)),
        appends.flatMap((a) => a.events.map((e) => e.eventId)),
      ],
    );
    const versions = new Map(rows[0]!.versions);
    const stored = new Map<string, StoredEventRef>();
    for (const row of rows[0]!.stored) {
      stored.set(eventKey(row.tenantId, row.eventId), {
        eventId: row.eventId,
        streamId: row.streamId,
        streamVersion: row.streamVersion,
        position: row.position,
        get contentHash() {
          return contentHashOf({ ...row, occurredAt: row.occurredAt ?? undefined });
        },
      });
    }
    return [versions, stored];
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const from = options.fromVersion ?? (backwards ? Number.MAX_SAFE_INTEGER : 0);
    const { rows } = await this.query<EventRow>(
      `SELECT ${COLUMNS} FROM ${this.schema}.events WHERE stream_id = $1 AND stream_version ${backwards ? '<=' : '>='} $2
       ORDER BY stream_version ${backwards ? 'DESC' : 'ASC'} LIMIT $3`,
      [streamId, from, options.limit ?? null],
    );
    return rows.map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const params: unknown[] = [options.fromPosition ?? (backwards ? Number.MAX_SAFE_INTEGER : 1)];
    const clauses = [backwards ? 'position <= $1' : 'position >= $1'];
    const add = (clause: (n: number) => string, value: unknown): void => {
      params.push(value);
      clauses.push(clause(params.length));
    };
    if (options.toPosition !== undefined)
      add((n) => (backwards ? `position >= $${n}` : `position <= $${n}`), options.toPosition);
    const filter = options.filter;
    if (filter?.tenantId !== undefined) add((n) => `tenant_id = $${n}`, filter.tenantId);
    if (filter?.types?.length) add((n) => `type = ANY($${n}::text[])`, filter.types);
    if (filter?.categories?.length) add((n) => `category = ANY($${n}::text[])`, filter.categories);
    params.push(Math.min(options.limit ?? 1000, this.limits.maxReadBatch));
    const { rows } = await this.query<EventRow>(
      `SELECT ${COLUMNS} FROM ${this.schema}.events WHERE ${clauses.join(' AND ')}
       ORDER BY position ${backwards ? 'DESC' : 'ASC'} LIMIT $${params.length}`,
      params,
    );
    return rows.map(toRecorded);
  }

  async streamVersion(streamId: string): Promise<number> {
    const { rows } = await this.query<{ version: number | null }>(
      `SELECT max(stream_version) AS version FROM ${this.schema}.events WHERE stream_id = $1`,
      [streamId],
    );
    return rows[0]?.version ?? -1;
  }

  async headPosition(tenantId?: string): Promise<number> {
    const { rows } =
      tenantId === undefined
        ? await this.query<{ head: number }>(`SELECT position AS head FROM ${this.schema}.head WHERE id = 1`)
        : await this.query<{ head: number }>(
            `SELECT coalesce(max(position), 0) AS head FROM ${this.schema}.events WHERE tenant_id = $1`,
            [tenantId],
          );
    return rows[0]?.head ?? 0;
  }

  async stats(tenantId?: string): Promise<StoreStats> {
    const where = tenantId === undefined ? '' : 'WHERE tenant_id = $1';
    const params = tenantId === undefined ? [] : [tenantId];
    const streams = await this.query<{ n: number }>(
      `SELECT count(DISTINCT stream_id)::bigint AS n FROM ${this.schema}.events ${where}`,
      params,
    );
    const byType = await this.query<{ type: string; n: number }>(
      `SELECT type, count(*)::bigint AS n FROM ${this.schema}.events ${where} GROUP BY type ORDER BY type`,
      params,
    );
    return {
      headPosition: await this.headPosition(tenantId),
      streams: streams.rows[0]!.n,
      eventsByType: Object.fromEntries(byType.rows.map((r) => [r.type, r.n])),
    };
  }

  subscribeAll(options: SubscribeAllOptions, handler: SubscriptionHandler): Subscription {
    void this.listen();
    return this.subscriptions.start(options, handler);
  }

  /** One LISTEN connection per instance wakes live subscriptions on appends from any process. */
  private listen(): Promise<void> {
    this.listening ??= (async () => {
      try {
        const client = await this.pool.connect();
        this.listener = client;
        client.on('notification', () => this.appended.notify());
        client.on('error', () => {
          // Polling keeps subscriptions correct; try to listen again on the next subscribe.
          this.listener = undefined;
          this.listening = undefined;
        });
        await client.query(`LISTEN ${this.channel}`);
      } catch {
        this.listening = undefined;
      }
    })();
    return this.listening;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.subscriptions.stopAll();
    while (this.committer.pending > 0) await new Promise((r) => setTimeout(r, 5));
    await this.listening;
    this.listener?.release(true);
    await this.pool.end();
  }

  private async query<R extends object>(sql: string, params: unknown[] = []): Promise<{ rows: R[] }> {
    try {
      return await this.pool.query<R>(sql, params);
    } catch (error) {
      if (isUnavailable(error))
        throw new StoreUnavailable(`PostgreSQL unavailable: ${(error as Error).message}`, { cause: error });
      throw error;
    }
  }

  private async withClient<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw new StoreUnavailable(`PostgreSQL unavailable: ${(error as Error).message}`, { cause: error });
    }
    let broken = false;
    try {
      return await work(client);
    } catch (error) {
      broken = isUnavailable(error);
      if (broken) throw new StoreUnavailable(`PostgreSQL unavailable: ${(error as Error).message}`, { cause: error });
      throw error;
    } finally {
      client.release(broken);
    }
  }
}
