import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedEvent } from '@crm/event-store/port/event-store.port';
import type { JsonObject } from '@crm/event-store/port/json';
import { dropSchema, testDatabaseUrl, uniqueSchema } from '@crm/event-store/testing/postgres-test-db';
import type { CustomerIdentifiers } from '@crm/ingest/customer-events/customer-event';
import { ingestStreamOf } from '@crm/ingest/customer-events/stored-customer-event';
import { PostgresReadModelStore } from '@crm/projections/adapters/postgres/postgres-read-model-store';
import { SqliteReadModelStore } from '@crm/projections/adapters/sqlite/sqlite-read-model-store';
import { createGeneration, ensureMetaTables, tableNames } from '@crm/projections/core/generations';
import type { Projection } from '@crm/projections/port/projection';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { hmacPseudonymizer } from '@crm/privacy/pseudonyms/pseudonymizer';
import { profilesProjection } from '../profiles.projection';

/** A fixed secret: tests compare keys and profile ids across read models. */
export const TEST_PSEUDONYMIZER = hmacPseudonymizer(Buffer.alloc(32, 7));

/**
 * The b2c-profiles projection on a real read-model store, fed RecordedEvents directly (positions
 * assigned in feeding order), so a test controls the order events arrive in.
 */
export interface ProfilesHarness {
  rm: ReadModelStore;
  projection: Projection;
  /** Applies events in this order, one transaction per event (as a live runner does). */
  apply(events: readonly RecordedEvent[]): Promise<void>;
  /** Applies events in this order in pages of `size` through `applyBatch` (as a catch-up or rebuild does). */
  applyPages(events: readonly RecordedEvent[], size: number): Promise<void>;
  close(): Promise<void>;
}

export const openProfilesHarness = async (kind: 'sqlite' | 'postgres' = 'sqlite'): Promise<ProfilesHarness> => {
  let rm: ReadModelStore;
  let cleanup: () => Promise<void>;
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'crm-b2c-'));
    rm = new SqliteReadModelStore(join(dir, 'read-models.db'));
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const schema = uniqueSchema('b2c');
    rm = await new PostgresReadModelStore(testDatabaseUrl(), schema, 2).init();
    cleanup = () => dropSchema(schema);
  }
  const projection = profilesProjection({ pseudonymizer: TEST_PSEUDONYMIZER });
  await ensureMetaTables(rm);
  const generation = await createGeneration(rm, projection, 'active');
  const names = tableNames(projection, generation.generation);
  let position = 0;
  return {
    rm,
    projection,
    apply: async (events) => {
      for (const event of events) {
        position += 1;
        await rm.transaction((tx) => projection.apply({ ...event, position }, tx), names);
      }
    },
    applyPages: async (events, size) => {
      for (let start = 0; start < events.length; start += size) {
        const page = events.slice(start, start + size).map((event) => ({ ...event, position: (position += 1) }));
        await rm.transaction((tx) => projection.applyBatch!(page, tx), names);
      }
    },
    close: async () => {
      await rm.close();
      await cleanup();
    },
  };
};

export interface CustomerEventSpec {
  type?: string;
  identifiers: CustomerIdentifiers;
  occurredAt?: string;
  channel?: string;
  properties?: JsonObject;
  eventId?: string;
}

const recorded = (
  tenantId: string,
  streamId: string,
  type: string,
  data: JsonObject,
  occurredAt: string,
  eventId: string,
): RecordedEvent => ({
  eventId,
  type,
  schemaVersion: 1,
  streamId,
  streamVersion: 0,
  position: 0,
  data,
  metadata: { tenantId, occurredAt },
  recordedAt: occurredAt,
});

/** A stored customer event as `toNewEvent` writes it to `<tenant>/customerEvents-v1`. */
export const customerEvent = (tenantId: string, spec: CustomerEventSpec): RecordedEvent =>
  recorded(
    tenantId,
    ingestStreamOf(tenantId),
    spec.type ?? 'identify',
    {
      subject: { identifiers: spec.identifiers as JsonObject },
      ...(spec.channel !== undefined && { channel: spec.channel }),
      properties: spec.properties ?? {},
    },
    spec.occurredAt ?? '2026-01-01T00:00:00.000Z',
    spec.eventId ?? randomUUID(),
  );

export const purchase = (
  tenantId: string,
  identifiers: CustomerIdentifiers,
  orderId: string,
  amount: number,
  occurredAt = '2026-01-01T00:00:00.000Z',
): RecordedEvent =>
  customerEvent(tenantId, {
    type: 'purchase.completed',
    identifiers,
    occurredAt,
    channel: 'web',
    properties: { orderId, amount, currency: 'EUR', items: [{ sku: 'SKU-1', quantity: 1, unitPrice: amount }] },
  });

export const unmerged = (
  tenantId: string,
  profileId: string,
  detachedKeys: string[],
  remainingKeys: string[],
  eventId: string = randomUUID(),
): RecordedEvent =>
  recorded(
    tenantId,
    `${tenantId}/profile-${profileId}`,
    'ProfileUnmerged',
    { profileId, detachedKeys, remainingKeys, reason: null, at: '2026-01-02T00:00:00.000Z' },
    '2026-01-02T00:00:00.000Z',
    eventId,
  );

export const rulesSet = (tenantId: string, rules: object, eventId: string = randomUUID()): RecordedEvent =>
  recorded(
    tenantId,
    `${tenantId}/identityRules-current`,
    'IdentityRulesSet',
    { rules: rules as JsonObject, at: '2026-01-01T00:00:00.000Z' },
    '2026-01-01T00:00:00.000Z',
    eventId,
  );

export const personForgotten = (tenantId: string, profileId: string, identifierKeys: string[]): RecordedEvent =>
  recorded(
    tenantId,
    `${tenantId}/gdpr-${profileId}`,
    'PersonForgotten',
    { profileId, identifierKeys },
    '2026-02-01T00:00:00.000Z',
    randomUUID(),
  );

/** A segment definition as the segment decider writes it to `<tenant>/segment-<segmentId>`. */
export const segmentDefined = (
  tenantId: string,
  segmentId: string,
  rule: object,
  eventId: string = randomUUID(),
): RecordedEvent =>
  recorded(
    tenantId,
    `${tenantId}/segment-${segmentId}`,
    'SegmentDefined',
    { segmentId, name: segmentId, rule: rule as JsonObject, at: '2026-01-01T00:00:00.000Z' },
    '2026-01-01T00:00:00.000Z',
    eventId,
  );

/** The identity part of a tenant's read model: status and profile per identifier key. */
export const identitiesOf = async (
  rm: ReadModelStore,
  tenantId: string,
): Promise<Map<string, { type: string; status: string; profileId: string | null; display: string | null }>> => {
  const rows = await rm.query<{
    key: string;
    type: string;
    status: string;
    profileId: string | null;
    display: string | null;
  }>(
    `SELECT identifier_key AS "key", identifier_type AS "type", status, profile_id AS "profileId", display_value AS "display"
       FROM b2c_identifier_profiles WHERE tenant_id = ? ORDER BY identifier_key`,
    [tenantId],
  );
  return new Map(rows.map(({ key, ...rest }) => [key, rest]));
};

/** Every state row of a tenant (the audit, a history, excluded), for comparing two read models. */
export const stateOf = async (rm: ReadModelStore, tenantId: string): Promise<Record<string, unknown[]>> => {
  const tables: Record<string, string> = {
    b2c_identifier_profiles: 'identifier_key',
    b2c_identity_sightings: 'sighting_id',
    b2c_identity_degrees: 'identifier_key, neighbour_type',
    b2c_profiles: 'profile_id',
    b2c_orders: 'order_id',
    b2c_tickets: 'ticket_id',
    b2c_profile_facts: 'sighting_id, name',
    b2c_segments: 'segment_id',
    b2c_segment_members: 'segment_id, profile_id',
  };
  const out: Record<string, unknown[]> = {};
  for (const [table, order] of Object.entries(tables))
    out[table] = await rm.query(`SELECT * FROM ${table} WHERE tenant_id = ? ORDER BY ${order}`, [tenantId]);
  return out;
};

export const uniqueTenant = (): string => `t${randomUUID().replace(/-/g, '').slice(0, 10)}`;
