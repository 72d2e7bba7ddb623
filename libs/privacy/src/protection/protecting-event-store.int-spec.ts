import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresEventStore } from '@crm/event-store/adapters/postgres/postgres-event-store';
import { SqliteEventStore } from '@crm/event-store/adapters/sqlite/sqlite-event-store';
import { IdempotencyConflict, InvalidAppend } from '@crm/event-store/port/event-store.errors';
import type { EventStore, NewEvent, RecordedEvent } from '@crm/event-store/port/event-store.port';
import type { JsonObject } from '@crm/event-store/port/json';
import { dropSchema, testDatabaseUrl, uniqueSchema } from '@crm/event-store/testing/postgres-test-db';
import { PostgresDataKeyStore } from '../adapters/postgres/postgres-data-key-store';
import { SqliteDataKeyStore } from '../adapters/sqlite/sqlite-data-key-store';
import type { DataKeyStore } from '../keys/data-key-store.port';
import { hmacPseudonymizer } from '../pseudonyms/pseudonymizer';
import { REDACTED, type IdentifierKeyOf } from './event-protection';
import { ProtectingEventStore } from './protecting-event-store';

// The decorator over real stores and real key stores: what lands in the files, what readers get back,
// retries, shredding, tenants, and the order of key creation and event append.

const pseudonymizer = hmacPseudonymizer(Buffer.alloc(32, 9));
const keyOf: IdentifierKeyOf = (tenant, type, value) =>
  pseudonymizer.pseudonym(tenant, type, type === 'email' ? value.toLowerCase() : value);

const EMAIL = 'zebulon.quattlebaum@example.com';
const PHONE = '+33698765432';
const NAME = 'Zebulonius';
const TEXT = 'my parcel with the purple giraffe never arrived';
const CLEAR = [EMAIL, PHONE, NAME, TEXT];

let n = 0;
const uuid = (): string => `0b3e6f2a-8c1d-4f5e-9a7b-${String(++n).padStart(12, '0')}`;

const identify = (eventId = uuid()): NewEvent => ({
  eventId,
  type: 'identify',
  schemaVersion: 1,
  data: {
    subject: { identifiers: { email: EMAIL, phone: PHONE } },
    channel: 'web',
    properties: { traits: { firstName: NAME, country: 'FR' } },
  },
  metadata: { occurredAt: '2025-03-14T09:26:53.589Z', source: 'http', actor: 'k1' },
});
const ticket = (eventId = uuid()): NewEvent => ({
  eventId,
  type: 'ticket.opened',
  schemaVersion: 1,
  data: {
    subject: { identifiers: { email: EMAIL } },
    channel: 'chat',
    properties: { ticketId: 'tk_1', priority: 'high', subject: TEXT },
  },
  metadata: { occurredAt: '2025-03-14T09:27:00.000Z' },
});
const purchase = (eventId = uuid()): NewEvent => ({
  eventId,
  type: 'purchase.completed',
  data: {
    subject: { identifiers: { customerId: 'cus_zq' } },
    properties: { orderId: 'o1', amount: 10, currency: 'EUR', items: [{ sku: 's', quantity: 1, unitPrice: 10 }] },
  },
});

const stream = (tenant: string): string => `${tenant}/customerEvents-v1`;
const dataOf = (events: readonly RecordedEvent[]): JsonObject[] => events.map((e) => e.data);

interface Target {
  name: string;
  open(): Promise<{ inner: EventStore; keys: DataKeyStore; reopenKeys(): Promise<DataKeyStore> }>;
  /** Every byte the event store keeps, when it is files we can read (SQLite). */
  storeBytes?(): string;
  dispose(): Promise<void>;
}

const sqliteDir = mkdtempSync(join(tmpdir(), 'crm-protect-'));
const sqlite: Target = {
  name: 'SQLite',
  open: async () => ({
    inner: new SqliteEventStore({ path: join(sqliteDir, 'events.db') }),
    keys: new SqliteDataKeyStore(join(sqliteDir, 'secrets', 'data-keys.db')),
    reopenKeys: async () => new SqliteDataKeyStore(join(sqliteDir, 'secrets', 'data-keys.db')),
  }),
  storeBytes: () =>
    ['events.db', 'events.db-wal']
      .map((f) => join(sqliteDir, f))
      .filter(existsSync)
      .map((f) => readFileSync(f).toString('latin1'))
      .join(''),
  dispose: async () => rmSync(sqliteDir, { recursive: true, force: true }),
};

const pgSchema = uniqueSchema('protect');
const postgres: Target = {
  name: 'PostgreSQL',
  open: async () => ({
    inner: await new PostgresEventStore({ connectionString: testDatabaseUrl(), schema: pgSchema, pollMs: 50 }).init(),
    keys: await new PostgresDataKeyStore(testDatabaseUrl(), `${pgSchema}_keys`).init(),
    reopenKeys: () => new PostgresDataKeyStore(testDatabaseUrl(), `${pgSchema}_keys`).init(),
  }),
  dispose: async () => {
    await dropSchema(pgSchema);
    await dropSchema(`${pgSchema}_keys`);
  },
};

describe.each([sqlite, postgres])('ProtectingEventStore over $name', (target) => {
  let inner: EventStore;
  let keys: DataKeyStore;
  let store: ProtectingEventStore;
  let reopenKeys: () => Promise<DataKeyStore>;
  let tenant: string;

  beforeAll(async () => {
    ({ inner, keys, reopenKeys } = await target.open());
    store = new ProtectingEventStore(inner, keys, keyOf);
  });
  afterAll(async () => {
    await store.close();
    await target.dispose();
  });
  beforeEach(() => (tenant = `t${++n}`));

  it('stores no clear personal value, and gives every reader the events exactly as appended', async () => {
    // given events with distinctive personal values appended through the decorator
    const events = [identify(), ticket(), purchase()];
    await store.append(stream(tenant), events);
    // then the raw store holds placeholders and ciphertexts only
    const raw = JSON.stringify(await inner.readStream(stream(tenant)));
    for (const clear of CLEAR) expect(raw).not.toContain(clear);
    expect(raw).toContain(`~p:${keyOf(tenant, 'email', EMAIL)}`);
    // and readStream, readAll and subscription pages give the original data back
    expect(dataOf(await store.readStream(stream(tenant)))).toEqual(events.map((e) => e.data));
    expect(dataOf(await store.readAll({ filter: { tenantId: tenant } }))).toEqual(events.map((e) => e.data));
    const pages: RecordedEvent[] = [];
    const subscription = store.subscribeAll(
      { fromPosition: 1, filter: { tenantId: tenant }, maxBatch: 2 },
      async (page) => {
        pages.push(...page);
        if (pages.length === 3) void subscription.stop();
      },
    );
    await subscription.done;
    expect(dataOf(pages)).toEqual(events.map((e) => e.data));
  });

  it('recognises a retry as the same events (no false IdempotencyConflict), even from a fresh process', async () => {
    // given a stored batch
    const batch = [identify(), ticket()];
    const first = await store.append(stream(tenant), batch);
    // when the same batch is appended again, through this decorator and through a new one (a restarted API)
    const again = await store.append(stream(tenant), batch);
    const freshKeys = await reopenKeys();
    const afterRestart = await new ProtectingEventStore(inner, freshKeys, keyOf)
      .append(stream(tenant), batch)
      .finally(() => freshKeys.close());
    // then both answer with the original positions, and nothing more is stored
    expect(again).toEqual(first);
    expect(afterRestart).toEqual(first);
    expect(await inner.readStream(stream(tenant))).toHaveLength(2);
    // and the same id with another personal value is still a conflict
    const changed = { ...batch[0]!, data: { ...batch[0]!.data, properties: { traits: { firstName: 'Other' } } } };
    await expect(store.append(stream(tenant), [changed])).rejects.toBeInstanceOf(IdempotencyConflict);
  });

  it('reads a shredded person as pseudonyms and redactions, at once, for every read path', async () => {
    // given a person's events, and the same values in another tenant
    await store.append(stream(tenant), [identify(), ticket(), purchase()]);
    const other = `${tenant}b`;
    await store.append(stream(other), [identify()]);
    // the forget comes from another process (the CLI): a key store connection of its own
    const cli = await reopenKeys();
    const pages: RecordedEvent[][] = [];
    const subscription = store.subscribeAll(
      { fromPosition: 1, filter: { tenantId: tenant }, maxBatch: 1 },
      async (page) => {
        pages.push([...page]);
        // the first page read, the person is forgotten: later pages must not be served from a cache
        if (pages.length === 1) await cli.shred(tenant, [keyOf(tenant, 'email', EMAIL), keyOf(tenant, 'phone', PHONE)]);
        if (pages.length === 3) void subscription.stop();
      },
    );
    await subscription.done;
    await cli.close();
    // then every read after the shred has no clear value of the person
    const email = `~p:${keyOf(tenant, 'email', EMAIL)}`;
    for (const read of [await store.readStream(stream(tenant)), pages[1]!, pages[2]!]) {
      const json = JSON.stringify(read);
      for (const clear of CLEAR) expect(json).not.toContain(clear);
    }
    const [identified, opened, bought] = await store.readStream(stream(tenant));
    expect(identified!.data).toEqual({
      subject: { identifiers: { email, phone: `~p:${keyOf(tenant, 'phone', PHONE)}` } },
      channel: 'web',
      properties: { traits: { firstName: REDACTED, country: 'FR' } },
    });
    expect(opened!.data.properties).toEqual({ ticketId: 'tk_1', priority: 'high', subject: REDACTED });
    // the other person (customerId key untouched) and the other tenant keep their data
    expect(bought!.data.subject).toEqual({ identifiers: { customerId: 'cus_zq' } });
    expect(JSON.stringify(await store.readStream(stream(other)))).toContain(NAME);
  });

  it('seals a person seen again after a forget under new keys, though this layer sealed them before', async () => {
    // given the layer has sealed (and so remembers) the person's identifiers
    await store.append(stream(tenant), [identify(), ticket()]);
    const refsOf = (event: RecordedEvent | undefined): string[] =>
      ((event?.data as { $pii?: { keys: string[] } }).$pii?.keys ?? []).slice().sort();
    const [first] = await inner.readStream(stream(tenant));
    // when another process forgets them, and the same person is seen again through this layer
    const cli = await reopenKeys();
    await cli.shred(tenant, [keyOf(tenant, 'email', EMAIL), keyOf(tenant, 'phone', PHONE)]);
    await cli.close();
    await store.append(stream(tenant), [identify()]);
    // then the new event names new keys only (nothing sealed under the shredded ones is reused)
    const stored = await inner.readStream(stream(tenant));
    const again = stored[stored.length - 1];
    expect(refsOf(again)).toHaveLength(2);
    for (const ref of refsOf(first)) expect(refsOf(again)).not.toContain(ref);
    // and it reads in clear while the events before the forget stay forgotten
    const read = await store.readStream(stream(tenant));
    expect(read[read.length - 1]!.data).toEqual(identify().data);
    expect(JSON.stringify(read.slice(0, 2))).not.toContain(EMAIL);
  });

  it('has the keys durable before the store is asked to append the events sealed with them', async () => {
    // given an inner store that, at append time, looks for the keys through another connection
    const seen: number[] = [];
    const observer = await reopenKeys();
    const checking: EventStore = Object.create(inner) as EventStore;
    checking.append = async (streamId, events, options) => {
      seen.push((await observer.describe(tenant, [keyOf(tenant, 'email', EMAIL)])).length);
      return inner.append(streamId, events, options);
    };
    // when a new person's event is appended
    await new ProtectingEventStore(checking, keys, keyOf).append(stream(tenant), [ticket()]);
    await observer.close();
    // then the key was already committed when the append started
    expect(seen).toEqual([1]);
  });

  it('refuses a customer event at a version the personal-data catalog does not classify', async () => {
    await expect(store.append(stream(tenant), [{ ...identify(), schemaVersion: 7 }])).rejects.toBeInstanceOf(
      InvalidAppend,
    );
    expect(await inner.readStream(stream(tenant))).toEqual([]);
  });

  if (target.storeBytes) {
    it('leaves no clear value in the store files', async () => {
      await store.append(stream(tenant), [identify(), ticket()]);
      const bytes = target.storeBytes!();
      expect(bytes).toContain(`~p:${keyOf(tenant, 'email', EMAIL)}`); // the search reads the right files
      for (const clear of CLEAR) expect(bytes).not.toContain(clear);
    });
  }
});
