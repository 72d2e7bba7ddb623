/**
 * TEST-ONLY read models for the GDPR tests: a person read model that keeps clear values the way a
 * customer-360 does (and forgets them on PersonForgotten), and — until identity resolution's own
 * projection is in the catalog — a stand-in for its `b2c_identifier_profiles` view, which forget and
 * export resolve profiles through.
 */
import type { RecordedEvent } from '@crm/event-store/port/event-store.port';
import type { JsonObject } from '@crm/event-store/port/json';
import { CUSTOMER_EVENT_TYPES } from '@crm/ingest/customer-events/customer-event.schemas';
import type { Projection, ReadModelTx } from '@crm/projections/port/projection';
import { IDENTIFIER_PROFILES_VIEW } from '../directory/identifier-directory';
import { PERSON_FORGOTTEN, type PersonForgotten } from '../forget/person-forgotten.events';
import { REDACTED, type IdentifierKeyOf } from '../protection/event-protection';
import { pseudonymIn } from '../pseudonyms/pseudonymizer';

export const GDPR_TEST_PEOPLE = 'gdpr_test_people';

/** The subject's identifiers of a customer event with their keys, sorted by key. */
const identifiersOf = async (
  event: RecordedEvent,
  keyOf: () => Promise<IdentifierKeyOf>,
): Promise<{ type: string; key: string; value: string | null }[]> => {
  const subject = (event.data as JsonObject).subject as JsonObject | undefined;
  const identifiers = subject?.identifiers as Record<string, unknown> | undefined;
  if (!identifiers) return [];
  const identifierKeyOf = await keyOf();
  return Object.entries(identifiers)
    .filter((e): e is [string, string] => typeof e[1] === 'string')
    .map(([type, value]) => ({
      type,
      key: pseudonymIn(value) ?? identifierKeyOf(event.metadata.tenantId, type, value),
      value: pseudonymIn(value) === undefined ? value : null,
    }))
    .sort((a, b) => (a.key < b.key ? -1 : 1));
};

const clearText = (value: unknown): string | null => (typeof value === 'string' && value !== REDACTED ? value : null);

const forgottenKeys = (event: RecordedEvent): string[] =>
  (event.data as unknown as PersonForgotten['data']).identifierKeys ?? [];

const inList = (keys: readonly string[]): string => keys.map(() => '?').join(', ');

/** One row per identifier key: its display value, a name and a ticket subject (personal), counts (kept). */
export const gdprTestPeopleProjection = (keyOf: () => Promise<IdentifierKeyOf>): Projection => ({
  name: 'gdpr-test-people',
  version: 1,
  handles: [...CUSTOMER_EVENT_TYPES, PERSON_FORGOTTEN],
  tables: [
    {
      name: GDPR_TEST_PEOPLE,
      comment: 'TEST ONLY: a person read model with clear values',
      columns: [
        { name: 'tenant_id', type: 'text', comment: 'tenant' },
        { name: 'identifier_key', type: 'text', comment: 'identifier key (pseudonym)' },
        { name: 'identifier_type', type: 'text', comment: 'identifier type' },
        { name: 'display_value', type: 'text', nullable: true, comment: 'clear identifier value' },
        { name: 'first_name', type: 'text', nullable: true, comment: 'first name' },
        { name: 'last_ticket_subject', type: 'text', nullable: true, comment: 'free text' },
        { name: 'events', type: 'integer', comment: 'events seen' },
        { name: 'orders', type: 'integer', comment: 'purchases seen' },
      ],
      primaryKey: ['tenant_id', 'identifier_key'],
    },
  ],
  async apply(event, tx) {
    const table = tx.table(GDPR_TEST_PEOPLE);
    if (event.type === PERSON_FORGOTTEN) {
      const keys = forgottenKeys(event);
      if (keys.length === 0) return;
      await tx.execute(
        `UPDATE ${table} SET display_value = NULL, first_name = NULL, last_ticket_subject = NULL
          WHERE tenant_id = ? AND identifier_key IN (${inList(keys)})`,
        [event.metadata.tenantId, ...keys],
      );
      return;
    }
    const properties = (event.data as JsonObject).properties as JsonObject | undefined;
    const traits = properties?.traits as JsonObject | undefined;
    const firstName = event.type === 'identify' ? clearText(traits?.firstName) : null;
    const subject = event.type === 'ticket.opened' ? clearText(properties?.subject) : null;
    const order = event.type === 'purchase.completed' ? 1 : 0;
    for (const identifier of await identifiersOf(event, keyOf)) {
      await tx.execute(
        `INSERT INTO ${table} (tenant_id, identifier_key, identifier_type, display_value, first_name,
                               last_ticket_subject, events, orders)
         VALUES (?, ?, ?, ?, ?, ?, 1, ?)
         ON CONFLICT (tenant_id, identifier_key) DO UPDATE SET
           display_value = coalesce(excluded.display_value, ${table}.display_value),
           first_name = coalesce(excluded.first_name, ${table}.first_name),
           last_ticket_subject = coalesce(excluded.last_ticket_subject, ${table}.last_ticket_subject),
           events = ${table}.events + 1, orders = ${table}.orders + excluded.orders`,
        [event.metadata.tenantId, identifier.key, identifier.type, identifier.value, firstName, subject, order],
      );
    }
  },
});

const linkIdentifiers = async (event: RecordedEvent, tx: ReadModelTx, keyOf: () => Promise<IdentifierKeyOf>) => {
  const identifiers = await identifiersOf(event, keyOf);
  if (identifiers.length === 0) return;
  const table = tx.table(IDENTIFIER_PROFILES_VIEW);
  const keys = identifiers.map((i) => i.key);
  const [known] = await tx.query<{ profile_id: string }>(
    `SELECT profile_id FROM ${table} WHERE tenant_id = ? AND identifier_key IN (${inList(keys)}) ORDER BY profile_id LIMIT 1`,
    [event.metadata.tenantId, ...keys],
  );
  // Deterministic, and stable after a forget: derived from keys, which survive it.
  const profileId = known?.profile_id ?? `prof_${keys[0]!}`;
  for (const identifier of identifiers) {
    await tx.execute(
      `INSERT INTO ${table} (tenant_id, identifier_type, identifier_key, profile_id) VALUES (?, ?, ?, ?)
       ON CONFLICT (tenant_id, identifier_key) DO NOTHING`,
      [event.metadata.tenantId, identifier.type, identifier.key, profileId],
    );
  }
};

/** Stand-in for identity resolution's view: links the identifiers of each sighting into one profile. */
export const gdprTestIdentityProjection = (keyOf: () => Promise<IdentifierKeyOf>): Projection => ({
  name: 'gdpr-test-identity',
  version: 1,
  handles: CUSTOMER_EVENT_TYPES,
  tables: [
    {
      name: IDENTIFIER_PROFILES_VIEW,
      comment: 'TEST ONLY stand-in for identity resolution: identifier key → profile',
      columns: [
        { name: 'tenant_id', type: 'text', comment: 'tenant' },
        { name: 'identifier_type', type: 'text', comment: 'identifier type' },
        { name: 'identifier_key', type: 'text', comment: 'identifier key (pseudonym)' },
        { name: 'profile_id', type: 'text', comment: 'profile' },
      ],
      primaryKey: ['tenant_id', 'identifier_key'],
    },
  ],
  apply: (event, tx) => linkIdentifiers(event, tx, keyOf),
});
