import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@crm/event-store/adapters/sqlite/sqlite-event-store';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import { dropSchema, testDatabaseUrl, uniqueSchema } from '@crm/event-store/testing/postgres-test-db';
import { ingestStreamOf, toNewEvent } from '@crm/ingest/customer-events/stored-customer-event';
import { validateCustomerEventBatch } from '@crm/ingest/customer-events/validate-customer-events';
import { PostgresReadModelStore } from '@crm/projections/adapters/postgres/postgres-read-model-store';
import { SqliteReadModelStore } from '@crm/projections/adapters/sqlite/sqlite-read-model-store';
import { rebuildProjection } from '@crm/projections/core/rebuild';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { nearestRank } from './domain/nearest-rank';
import { slaReport } from './get-sla/sla.query';
import { supportSlaProjection } from './support-sla.projection';

// The SQL percentiles of the SLA read model on both dialects, against the nearest-rank definition
// (domain/nearest-rank.ts, itself checked against the textbook definition): odd and even counts, one
// value, ties, and values that would round differently if anything interpolated.

const OPENED = Date.parse('2026-02-01T00:00:00Z');
const SETS: Record<string, number[]> = {
  one: [17_000],
  two: [40_000, 10_000],
  three: [30_000, 10_000, 20_000],
  four: [10_000, 40_000, 30_000, 20_000],
  ties: [5_000, 5_000, 5_000, 9_000, 9_000, 1_000],
  // Milliseconds, not minutes: percentiles must come back to the millisecond.
  odd: [1, 999_999, 123_457, 7, 86_400_001, 3_599_999, 42, 1_000_001, 250_003, 17, 61_000],
};

let n = 0;
const ticketEvents = (tenant: string, durations: readonly number[]) =>
  durations.flatMap((ms, i) => {
    const base = { subject: { identifiers: { anonymousId: `${tenant}-${i}` } }, channel: 'phone' };
    const id = () => `00000000-0000-4000-8000-${String((n += 1)).padStart(12, '0')}`;
    return [
      // Replies first: the projection must not depend on the opening arriving before them.
      {
        ...base,
        eventId: id(),
        type: 'ticket.replied',
        occurredAt: new Date(OPENED + ms).toISOString(),
        properties: { ticketId: `t-${i}`, by: 'agent' },
      },
      {
        ...base,
        eventId: id(),
        type: 'ticket.opened',
        occurredAt: new Date(OPENED).toISOString(),
        properties: { ticketId: `t-${i}`, priority: 'low' },
      },
    ];
  });

describe('SLA percentiles in SQL, SQLite and PostgreSQL', () => {
  let dir: string;
  let store: EventStore;
  const stores: { name: string; rm: ReadModelStore }[] = [];
  const schema = uniqueSchema('b2c_pct');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crm-sla-pct-'));
    store = new SqliteEventStore({ path: join(dir, 'events.db') });
    for (const [tenant, durations] of Object.entries(SETS)) {
      const validated = validateCustomerEventBatch(ticketEvents(tenant, durations));
      if (!validated.ok) throw new Error(JSON.stringify(validated.problem.errors));
      const events = validated.events.map((e) => toNewEvent(e, { source: 'import', actor: 'test' }));
      await store.append(ingestStreamOf(tenant), events, { expectedVersion: 'any' });
    }
    stores.push({ name: 'sqlite', rm: new SqliteReadModelStore(join(dir, 'read-models.db')) });
    stores.push({ name: 'postgres', rm: await new PostgresReadModelStore(testDatabaseUrl(), schema).init() });
    for (const { rm } of stores) await rebuildProjection(store, rm, supportSlaProjection);
  });
  afterAll(async () => {
    for (const { rm } of stores) await rm.close();
    await dropSchema(schema);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(Object.keys(SETS))(
    'gives the nearest-rank median and p90 of the set "%s" on both dialects',
    async (tenant) => {
      const durations = SETS[tenant]!;
      const expected = {
        measured: durations.length,
        medianSeconds: nearestRank(durations, 50)! / 1000,
        p90Seconds: nearestRank(durations, 90)! / 1000,
      };
      for (const { name, rm } of stores) {
        const report = await slaReport(rm, tenant, { asOfMs: OPENED });
        expect({ name, ...report.overall.firstResponse }).toMatchObject({ name, ...expected });
        expect({ name, ...report.groups[0]!.firstResponse }).toMatchObject({ name, ...expected });
      }
    },
  );

  it('takes the lower middle value for an even count (no averaging): 20 s of 10, 20, 30, 40 s', async () => {
    for (const { rm } of stores)
      expect((await slaReport(rm, 'four', { asOfMs: OPENED })).overall.firstResponse).toMatchObject({
        medianSeconds: 20,
        p90Seconds: 40,
      });
  });
});
