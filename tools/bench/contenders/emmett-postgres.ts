import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Pool } from 'pg';
import { StreamVersions, type Contender, type ReadPage } from '../contender';
import type { BenchEvent } from '../payload';

type EmmettPostgres = typeof import('@event-driven-io/emmett-postgresql');
type EmmettStore = ReturnType<EmmettPostgres['getPostgreSQLEventStore']>;
type Dumbo = ReturnType<(typeof import('@event-driven-io/dumbo'))['dumbo']>;

const emmettVersion = (): string => {
  // The package's exports map hides package.json, so find it next to the resolved entry point.
  const entry = require.resolve('@event-driven-io/emmett-postgresql');
  const manifest = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
};

/**
 * The peer: Emmett's PostgreSQL event store (`@event-driven-io/emmett-postgresql`), used through
 * its public API on the same server, in a database of its own (its tables live in `public` and
 * cannot be put in a schema). Loaded lazily because importing its connection layer (dumbo)
 * replaces node-postgres' global type parsers (bigint → BigInt, jsonb via its own serializer):
 * the orchestrator runs it after our store and the raw baseline so it cannot change their figures.
 */
export class EmmettContender implements Contender {
  readonly role = 'peer' as const;
  readonly label: string;
  private readonly versions = new StreamVersions();

  private constructor(
    private readonly emmett: EmmettPostgres,
    private readonly store: EmmettStore,
    private readonly dumbo: Dumbo,
    private readonly pool: Pool,
  ) {
    this.label = `Emmett ${emmettVersion()}`;
  }

  /** `connections`: a pool as large as the number of concurrent clients, as for the raw baseline. */
  static async create(connectionString: string, connections: number): Promise<EmmettContender> {
    const emmett = await import('@event-driven-io/emmett-postgresql');
    const { dumbo } = await import('@event-driven-io/dumbo');
    const pool = new Pool({ connectionString, max: connections });
    pool.on('error', () => undefined);
    const executor = dumbo({ connectionString, pool });
    const store = emmett.getPostgreSQLEventStore(connectionString, { connectionOptions: { dumbo: executor } });
    await store.schema.migrate();
    return new EmmettContender(emmett, store, executor, pool);
  }

  /** Emmett stream versions count events (a new stream is at 0), ours are 0-based (a new stream is at -1). */
  async appendConcurrent(streamKey: string, event: BenchEvent): Promise<void> {
    await this.appendBatch(streamKey, [event]);
  }

  async appendBatch(streamKey: string, events: readonly BenchEvent[]): Promise<void> {
    const before = this.versions.take(streamKey, events.length);
    await this.store.appendToStream(
      `purchase-${streamKey}`,
      events.map((e) => ({ type: e.type, data: e.data, metadata: { ...e.metadata, eventId: e.eventId } })),
      { expectedStreamVersion: BigInt(before + 1) },
    );
  }

  /**
   * Emmett has no public "read all" on the store object: its consumers page through the log with
   * `readMessagesBatch` (after a global position, N at a time) and then sleep between polls. We call
   * that same function directly, without the polling sleeps, so the figure is the query's own cost.
   */
  async readPage(after: number, limit: number): Promise<ReadPage> {
    const batch = await this.emmett.readMessagesBatch(this.dumbo.execute, { after: BigInt(after), batchSize: limit });
    return { count: batch.messages.length, last: Number(batch.currentGlobalPosition) };
  }

  async headPosition(): Promise<number> {
    const { currentGlobalPosition } = await this.emmett.readLastMessageGlobalPosition(this.dumbo.execute);
    return Number(currentGlobalPosition ?? 0n);
  }

  async close(): Promise<void> {
    await this.store.close();
    // dumbo may or may not end a pool it was handed; ending it twice only throws, which is harmless here.
    await this.pool.end().catch(() => undefined);
  }
}
