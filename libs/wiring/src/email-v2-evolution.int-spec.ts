/**
 * The proof that shipped with `email.sent` / `email.received` v2 (ADR 0008): a store holding the v1
 * events written before v2 existed projects exactly the same B2B read models as a store where the
 * same events were published as v2 — compared by content hash, on real SQLite files, through
 * openEventStore and the real projection runtime.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { b2bProjections } from '@crm/b2b/b2b-projections';
import { localB2bDispatcher } from '@crm/b2b/b2b-command-handlers';
import { seedDemo } from '@crm/b2b/demo/seed-demo';
import type { EventStore, NewEvent } from '@crm/event-store/port/event-store.port';
import type { JsonObject } from '@crm/event-store/port/json';
import type { EventTypeVersions } from '@crm/event-store/upcasting/upcaster-registry';
import { ingestStreamOf, toNewEvent } from '@crm/ingest/customer-events/stored-customer-event';
import { validateCustomerEventBatch } from '@crm/ingest/customer-events/validate-customer-events';
import { hashProjection } from '@crm/projections/core/content-hash';
import { rebuildProjection } from '@crm/projections/core/rebuild';
import { createReadModelStore } from '@crm/projections/read-model.factory';
import { allEventTypes } from './event-type-catalog';
import { openEventStore, type OpenEventStoreOptions } from './open-event-store';

const TENANT = 'acme';
const NOW = new Date('2025-06-01T12:00:00.000Z');
const DEAL = { accountId: 'northwind-logistics', opportunityId: 'nw-fleet-analytics' };
const mail = (contactId: string): string => `${contactId}@northwind-logistics.example`;

/** The emails of the test, in v1 terms (what publishers sent before v2): type, subject, addresses. */
const EMAILS = [
  {
    type: 'email.sent',
    subject: { ...DEAL, contactId: 'olivia-hart' },
    from: 'ingrid@ourcrm.example',
    to: [mail('olivia-hart'), mail('raj-patel')],
    cc: [mail('mei-lin')],
  },
  {
    type: 'email.received',
    subject: { ...DEAL, contactId: 'raj-patel' },
    from: mail('raj-patel'),
    to: ['ingrid@ourcrm.example'],
  },
  {
    type: 'email.sent',
    subject: { accountId: 'northwind-retail' },
    from: 'jonas@ourcrm.example',
    to: [mail('tom-berg')],
  },
  // A consumer's email: not B2B, ignored by the B2B read models either way.
  {
    type: 'email.received',
    subject: { identifiers: { email: 'ana@example.com' } },
    from: 'ana@example.com',
    to: ['help@ourcrm.example'],
  },
].map((e, i) => ({
  ...e,
  eventId: randomUUID(),
  occurredAt: new Date(NOW.getTime() - (10 - i) * 3_600_000).toISOString(),
}));

type Email = (typeof EMAILS)[number];

/** As the v1-era ingest stored it: schemaVersion 1, address strings. */
const storedV1 = (e: Email): NewEvent => ({
  eventId: e.eventId,
  type: e.type,
  schemaVersion: 1,
  data: {
    subject: e.subject,
    channel: 'email',
    properties: {
      messageId: `<${e.eventId}@mail>`,
      from: e.from,
      to: e.to,
      ...(e.cc && { cc: e.cc }),
      subject: 'Pricing',
    },
  } as unknown as JsonObject,
  metadata: { occurredAt: e.occurredAt, source: 'http', actor: 'key-1' },
});

/** What a publisher sends today: v2, mailboxes. */
const publishedV2 = (e: Email): Record<string, unknown> => ({
  eventId: e.eventId,
  type: e.type,
  schemaVersion: 2,
  occurredAt: e.occurredAt,
  subject: e.subject,
  channel: 'email',
  properties: {
    messageId: `<${e.eventId}@mail>`,
    from: { email: e.from },
    to: e.to.map((email) => ({ email })),
    ...(e.cc && { cc: e.cc.map((email) => ({ email })) }),
    subject: 'Pricing',
  },
});

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A store with the demo book of business seeded at a fixed time (deterministic ids and dates), then `emails`. */
const storeWith = async (emails: (store: EventStore) => Promise<void>): Promise<string> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'crm-email-v2-'));
  dirs.push(dataDir);
  const store = await openEventStore({ eventStore: 'sqlite', dataDir });
  try {
    await seedDemo(localB2bDispatcher(store), NOW, TENANT);
    await emails(store);
  } finally {
    await store.close();
  }
  return dataDir;
};

/** Every B2B projection rebuilt from the store (read through openEventStore with `options`), by content hash. */
const b2bHashes = async (dataDir: string, options: OpenEventStoreOptions = {}): Promise<Record<string, string>> => {
  const store = await openEventStore({ eventStore: 'sqlite', dataDir }, options);
  const rm = await createReadModelStore({ readModelStore: 'sqlite', dataDir: mkdtempSync(join(dataDir, 'rm-')) });
  try {
    const hashes: Record<string, string> = {};
    for (const projection of b2bProjections()) {
      await rebuildProjection(store, rm, projection);
      hashes[projection.name] = (await hashProjection(rm, projection)).hash;
    }
    return hashes;
  } finally {
    await rm.close();
    await store.close();
  }
};

describe('email.sent / email.received v2', () => {
  let v1Store: string;
  let v2Store: string;

  beforeAll(async () => {
    v1Store = await storeWith((store) =>
      store.append(ingestStreamOf(TENANT), EMAILS.map(storedV1)).then(() => undefined),
    );
    v2Store = await storeWith(async (store) => {
      const validated = validateCustomerEventBatch(EMAILS.map(publishedV2), { now: NOW.getTime() });
      if (!validated.ok) throw new Error(JSON.stringify(validated.problem.errors));
      await store.append(
        ingestStreamOf(TENANT),
        validated.events.map((event) => toNewEvent(event, { source: 'http', actor: 'key-1' })),
      );
    });
  });

  it('given the v1 events stored before v2, when every B2B projection is rebuilt, then the read models equal those of the same events published as v2', async () => {
    const fromV1 = await b2bHashes(v1Store);
    const fromV2 = await b2bHashes(v2Store);
    expect(Object.keys(fromV1)).toEqual(b2bProjections().map((p) => p.name));
    expect(fromV1).toEqual(fromV2);
  });

  it('and without the upcaster the same v1 store would project other read models (the comparison can fail)', async () => {
    const withoutEmailUpcasters: EventTypeVersions[] = allEventTypes().map((t) =>
      t.type.startsWith('email.') ? { type: t.type, currentVersion: 1, upcasters: [] } : t,
    );
    const fromV1Raw = await b2bHashes(v1Store, { eventTypes: withoutEmailUpcasters });
    const fromV2 = await b2bHashes(v2Store);
    expect(fromV1Raw['b2b-timeline']).not.toBe(fromV2['b2b-timeline']);
  });
});
