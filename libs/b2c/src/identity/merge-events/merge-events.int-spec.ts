import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresEventStore } from '@crm/event-store/adapters/postgres/postgres-event-store';
import { SqliteEventStore } from '@crm/event-store/adapters/sqlite/sqlite-event-store';
import type { EventStore, RecordedEvent } from '@crm/event-store/port/event-store.port';
import { dropSchema, testDatabaseUrl, uniqueSchema } from '@crm/event-store/testing/postgres-test-db';
import { PostgresReadModelStore } from '@crm/projections/adapters/postgres/postgres-read-model-store';
import { SqliteReadModelStore } from '@crm/projections/adapters/sqlite/sqlite-read-model-store';
import { ProjectionDaemon } from '@crm/projections/core/projection-daemon';
import { rebuildProjection } from '@crm/projections/core/rebuild';
import { waitForPosition } from '@crm/projections/core/wait-for-position';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { PUBLISHER_CURSORS_TABLE } from '@crm/projections/publishers/publisher-cursors';
import { publisherStatuses } from '@crm/projections/publishers/publisher-status';
import { eventually } from '../../../../../test/fixtures/eventually';
import { PROFILES_PROJECTION, profilesProjection } from '../../profiles/profiles.projection';
import {
  customerEvent,
  identitiesOf,
  TEST_PSEUDONYMIZER,
  unmerged,
  uniqueTenant,
} from '../../profiles/testing/profiles-harness';
import type { ProfileSplit, ProfilesMerged } from '../identity.events';
import { MERGE_EVENTS_PUBLISHER, mergeEventsPublisher } from './merge-events.publisher';

// Merges as events, end to end on a real store and read model: the b2c-profiles projection writes its
// audit, the daemon's merge-events publisher appends it to the log. Exactly once across restarts and
// lost cursors, per tenant, and a rebuild (another generation, the same log) republishes nothing.

interface Env {
  store: EventStore;
  rm: ReadModelStore;
  close(): Promise<void>;
}

const DERIVED = ['ProfilesMerged', 'ProfileSplit'];

const write = async (store: EventStore, events: readonly RecordedEvent[]): Promise<void> => {
  for (const e of events)
    await store.append(e.streamId, [
      { eventId: e.eventId, type: e.type, data: e.data, metadata: { occurredAt: e.metadata.occurredAt! } },
    ]);
};

const derivedOf = async (store: EventStore, tenantId: string): Promise<RecordedEvent[]> =>
  store.readAll({ filter: { tenantId, types: DERIVED } });

const mergeEventsSuite = (dialect: string, open: () => Promise<Env>): void => {
  describe(`merges as events on ${dialect}`, () => {
    const projection = profilesProjection({ pseudonymizer: TEST_PSEUDONYMIZER });
    const t = uniqueTenant();
    const u = uniqueTenant();
    let env: Env;
    let daemon: ProjectionDaemon | undefined;

    const start = async (): Promise<ProjectionDaemon> => {
      daemon = new ProjectionDaemon(env.store, env.rm, [projection], {
        lease: false,
        pollMs: 20,
        restartBackoffMs: 50,
        publishers: [mergeEventsPublisher()],
        publisherPollMs: 20,
      });
      await daemon.start();
      return daemon;
    };
    const stop = async (): Promise<void> => {
      await daemon?.stop();
      daemon = undefined;
    };
    /** The projection has applied the whole log, its own published events included, and nothing is pending. */
    const settled = (): Promise<boolean> =>
      eventually(async () => {
        const head = await env.store.headPosition();
        if (!(await waitForPosition(env.rm, PROFILES_PROJECTION, head, 0))) return false;
        if ((await mergeEventsPublisher().pending(env.rm)) > 0) return false;
        return (await env.store.headPosition()) === head;
      }, 'the projection and the publisher to settle');

    /** Two sightings of two persons-to-be, then one that joins them through a device and a cookie. */
    const joined = (tenantId: string): RecordedEvent[] => [
      customerEvent(tenantId, { identifiers: { email: 'alice@example.org', deviceId: 'tablet-1' } }),
      customerEvent(tenantId, { identifiers: { phone: '+33 6 12 34 56 78', cookieId: 'ck-1' } }),
      customerEvent(tenantId, { identifiers: { deviceId: 'tablet-1', cookieId: 'ck-1' } }),
    ];
    let sightings: RecordedEvent[];
    let into: string;

    beforeAll(async () => {
      env = await open();
    });
    afterAll(async () => {
      await stop();
      await env?.close();
    });

    it('given two identifiers linked in separate sightings, when a third joins them, then one ProfilesMerged in the survivor stream', async () => {
      sightings = joined(t);
      await write(env.store, sightings);
      await start();
      await settled();

      const identities = await identitiesOf(env.rm, t);
      const profiles = new Set([...identities.values()].map((i) => i.profileId));
      expect(profiles.size).toBe(1);
      into = [...profiles][0]!;
      const events = await env.store.readStream(`${t}/profileMerges-${into}`);
      expect(events.map((e) => e.type)).toEqual(['ProfilesMerged']);
      const merged = events[0]!;
      const data = merged.data as unknown as ProfilesMerged['data'];
      const joining = sightings[2]!;
      expect(data).toMatchObject({
        into,
        rule: 'co-sighted',
        evidence: { eventId: joining.eventId, eventType: 'identify' },
        cause: { eventId: joining.eventId },
      });
      expect(data.from).toHaveLength(1);
      expect(data.from[0]).not.toBe(into);
      expect(data.cause.position).toBe(data.evidence.position);
      expect(data.evidence.identifiers!.map((i) => i.type).sort()).toEqual(['cookieId', 'deviceId']);
      expect(merged.metadata).toMatchObject({ tenantId: t, causationId: joining.eventId, source: 'system' });
      expect(merged.metadata.occurredAt).toBe(joining.metadata.occurredAt);
      // Identifier keys only: no clear value of ADR 0009's personal data enters the log.
      expect(JSON.stringify(events)).not.toMatch(/alice|tablet-1|ck-1|12 34/);
    });

    it('given the events published, when the publisher restarts or loses its cursor, then nothing is appended twice', async () => {
      // when the process restarts
      await stop();
      await start();
      await settled();
      expect(await derivedOf(env.store, t)).toHaveLength(1);

      // when the cursor is lost after the append (a crash between the two): the re-append is the same event
      await stop();
      await env.rm.transaction(async (tx) => {
        await tx.execute(`DELETE FROM ${PUBLISHER_CURSORS_TABLE.name} WHERE publisher = ?`, [MERGE_EVENTS_PUBLISHER]);
      });
      const head = await env.store.headPosition();
      const status = () => publisherStatuses(env.rm, [mergeEventsPublisher()]);
      expect(await status()).toEqual([expect.objectContaining({ name: MERGE_EVENTS_PUBLISHER, pending: 1 })]);
      expect(await mergeEventsPublisher().publishNext(env.store, env.rm, 100)).toBe(1);
      expect(await env.store.headPosition()).toBe(head);
      expect(await derivedOf(env.store, t)).toHaveLength(1);
      expect(await status()).toEqual([expect.objectContaining({ pending: 0, position: head - 1, seq: 0 })]);
      await start();
      await settled();
    });

    it('given the merged profile, when it is unmerged, then ProfileSplit in its stream, without the reason', async () => {
      const identities = await identitiesOf(env.rm, t);
      const keyOf = (type: string): string => [...identities].find(([, i]) => i.type === type)![0];
      const unmerge = {
        ...unmerged(t, into, [keyOf('cookieId'), keyOf('phone')].sort(), [keyOf('deviceId'), keyOf('email')].sort()),
      };
      unmerge.data = { ...unmerge.data, reason: 'Alice lends her tablet to her son' };
      await write(env.store, [unmerge]);
      await settled();

      const [decision] = await env.store.readStream(`${t}/profile-${into}`);
      const stream = await env.store.readStream(`${t}/profileMerges-${into}`);
      expect(stream.map((e) => e.type)).toEqual(['ProfilesMerged', 'ProfileSplit']);
      const split = stream[1]!.data as unknown as ProfileSplit['data'];
      expect(split).toMatchObject({
        from: into,
        rule: 'unmerge',
        evidence: { eventId: unmerge.eventId, eventType: 'ProfileUnmerged', splitId: unmerge.eventId },
        cause: { eventId: unmerge.eventId, position: decision!.position },
      });
      expect(split.into).toHaveLength(2);
      expect(split.into).toContain(into);
      expect(JSON.stringify(stream[1])).not.toContain('tablet');
      // The human decision's stream holds the decision only: its version is what an unmerge's expectedVersion means.
      expect(await env.store.streamVersion(`${t}/profile-${into}`)).toBe(0);
      // The part that left is named by the split. The audit's note of where its identifiers came from is not
      // published as a merge: `into` was not merged away, and a consumer would fold a live profile into the part.
      const part = split.into.find((p) => p !== into)!;
      expect(await env.store.readStream(`${t}/profileMerges-${part}`)).toEqual([]);
      expect(await publisherStatuses(env.rm, [mergeEventsPublisher()])).toEqual([
        expect.objectContaining({ pending: 0 }),
      ]);
    });

    it("given a second tenant's merge, then its events are only in its own streams", async () => {
      await write(env.store, joined(u));
      await settled();
      const ours = await derivedOf(env.store, u);
      expect(ours.map((e) => e.type)).toEqual(['ProfilesMerged']);
      expect(ours[0]!.streamId.startsWith(`${u}/profileMerges-`)).toBe(true);
      expect(ours[0]!.metadata.tenantId).toBe(u);
      const theirs = await derivedOf(env.store, t);
      expect(theirs.map((e) => e.type)).toEqual(['ProfilesMerged', 'ProfileSplit']);
      expect(theirs.every((e) => e.streamId.startsWith(`${t}/`))).toBe(true);
    });

    it('given a rebuild of b2c-profiles, then nothing is republished, and merges after it still are', async () => {
      const before = [...(await derivedOf(env.store, t)), ...(await derivedOf(env.store, u))].map((e) => e.eventId);
      await stop();
      await rebuildProjection(env.store, env.rm, projection);
      // The rebuilt generation has its own audit rows for the same merges…
      const [rows] = await env.rm.query<{ n: number | string }>(
        `SELECT COUNT(*) AS n FROM b2c_identity_audit
          WHERE (kind = 'ProfilesMerged' AND role = 'into') OR (kind = 'ProfileSplit' AND role = 'from')`,
      );
      // (one more than was published: the split's note of where its new part came from, not a merge)
      expect(Number(rows!.n)).toBe(before.length + 1);
      await start();
      await settled();
      // …and the publisher, whose cursor is past them, appends none of them again.
      const after = [...(await derivedOf(env.store, t)), ...(await derivedOf(env.store, u))].map((e) => e.eventId);
      expect(after).toEqual(before);

      // when a new merge happens after the rebuild, then it is published
      await write(env.store, [
        customerEvent(t, { identifiers: { email: 'bob@example.org', cookieId: 'ck-2' } }),
        customerEvent(t, { identifiers: { customerId: 'C-2', deviceId: 'phone-2' } }),
        customerEvent(t, { identifiers: { deviceId: 'phone-2', cookieId: 'ck-2' } }),
      ]);
      await settled();
      const now = await derivedOf(env.store, t);
      expect(now.map((e) => e.type)).toEqual(['ProfilesMerged', 'ProfileSplit', 'ProfilesMerged']);
      expect(now[2]!.data.rule).toBe('co-sighted');
    });
  });
};

mergeEventsSuite('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'crm-merge-events-'));
  const store = new SqliteEventStore({ path: join(dir, 'events.db'), pollMs: 20 });
  const rm = new SqliteReadModelStore(join(dir, 'read-models.db'));
  return {
    store,
    rm,
    close: async () => {
      await store.close();
      await rm.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

mergeEventsSuite('PostgreSQL', async () => {
  const schema = uniqueSchema('merge_events');
  const store = await new PostgresEventStore({ connectionString: testDatabaseUrl(), schema, pollMs: 50 }).init();
  const rm = await new PostgresReadModelStore(testDatabaseUrl(), `${schema}_rm`).init();
  return {
    store,
    rm,
    close: async () => {
      await store.close();
      await rm.close();
      await dropSchema(schema);
      await dropSchema(`${schema}_rm`);
    },
  };
});

describe('merges as events with two daemons on one database', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'crm-merge-events-lease-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('given two daemons, then one publishes and the other stands by, taking over when it stops, with no duplicate', async () => {
    const store = new SqliteEventStore({ path: join(dir, 'events.db'), pollMs: 20 });
    const rm = new SqliteReadModelStore(join(dir, 'read-models.db'));
    const t = uniqueTenant();
    const daemonOf = (owner: string): ProjectionDaemon =>
      new ProjectionDaemon(store, rm, [profilesProjection({ pseudonymizer: TEST_PSEUDONYMIZER })], {
        pollMs: 20,
        restartBackoffMs: 50,
        lease: { owner, ttlMs: 600 },
        publishers: [mergeEventsPublisher()],
        publisherPollMs: 20,
      });
    const first = daemonOf('first');
    const second = daemonOf('second');
    const published = async (n: number): Promise<RecordedEvent[]> =>
      eventually(async () => {
        const events = await derivedOf(store, t);
        return events.length === n && (await mergeEventsPublisher().pending(rm)) === 0 && events;
      }, `${n} published merges`);
    try {
      // given two daemons started one after the other, and a merge
      await first.start();
      await eventually(() => first.publisherStatus()[0]!.running, 'the first daemon to publish');
      await second.start();
      await write(store, [
        customerEvent(t, { identifiers: { email: 'a@example.org', deviceId: 'd-1' } }),
        customerEvent(t, { identifiers: { phone: '+33612345678', cookieId: 'c-1' } }),
        customerEvent(t, { identifiers: { deviceId: 'd-1', cookieId: 'c-1' } }),
      ]);
      await published(1);
      // then the first publishes and the second stands by
      expect(first.publisherStatus()[0]).toMatchObject({
        name: MERGE_EVENTS_PUBLISHER,
        running: true,
        leaseHeld: true,
      });
      expect(second.publisherStatus()[0]).toMatchObject({ running: false, leaseHeld: false });
      expect((await publisherStatuses(rm, [mergeEventsPublisher()]))[0]!.owner).toBe('first');

      // when the owner stops and another merge happens, then the standby publishes it, and only it
      await first.stop();
      await write(store, [
        customerEvent(t, { identifiers: { email: 'b@example.org', deviceId: 'd-2' } }),
        customerEvent(t, { identifiers: { customerId: 'C-2', cookieId: 'c-2' } }),
        customerEvent(t, { identifiers: { deviceId: 'd-2', cookieId: 'c-2' } }),
      ]);
      const events = await published(2);
      expect(new Set(events.map((e) => e.eventId)).size).toBe(2);
      expect(second.publisherStatus()[0]).toMatchObject({ running: true, leaseHeld: true });
    } finally {
      await first.stop();
      await second.stop();
      await store.close();
      await rm.close();
    }
  });
});
