import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@crm/event-store/adapters/sqlite/sqlite-event-store';
import type { NewEvent } from '@crm/event-store/port/event-store.port';
import { SqliteReadModelStore } from '@crm/projections/adapters/sqlite/sqlite-read-model-store';
import { ProjectionDaemon } from '@crm/projections/core/projection-daemon';
import type { Projection } from '@crm/projections/port/projection';
import { SqliteDataKeyStore } from '../adapters/sqlite/sqlite-data-key-store';
import { SqliteReadModelScrubber } from '../adapters/sqlite/sqlite-read-model-scrubber';
import { IdentityReadModelMissing, ReadModelIdentifierDirectory } from '../directory/identifier-directory';
import { exportPerson } from '../export/export-person';
import { REDACTED, type IdentifierKeyOf } from '../protection/event-protection';
import { ProtectingEventStore } from '../protection/protecting-event-store';
import { hmacPseudonymizer } from '../pseudonyms/pseudonymizer';
import {
  GDPR_TEST_PEOPLE,
  gdprTestIdentityProjection,
  gdprTestPeopleProjection,
} from '../testing/gdpr-test-projections';
import { forgetPerson, ProfileNotFound, type ForgetPersonDeps, type ForgetResult } from './forget-person';
import { reapplyForgets } from './reapply-forgets';
import { gdprStreamOf, PERSON_FORGOTTEN } from './person-forgotten.events';

// forgetPerson and exportPerson in one process over real SQLite files, with the projection daemon
// running the test read models: the orchestration's edge cases (unknown profiles, a second forget, a
// person who comes back, a faulted read model, racing forgets, tenants).

const pseudonymizer = hmacPseudonymizer(Buffer.alloc(32, 5));
const keyOf: IdentifierKeyOf = (tenant, type, value) =>
  pseudonymizer.pseudonym(tenant, type, type === 'email' ? value.toLowerCase() : value);
const lazyKeyOf = async (): Promise<IdentifierKeyOf> => keyOf;

const EMAIL = 'ingeborg.vanderwaal@example.com';
const NAME = 'Ingeborg';

const identify = (email = EMAIL, name = NAME): NewEvent => ({
  eventId: randomUUID(),
  type: 'identify',
  data: {
    subject: { identifiers: { email, customerId: `cus_${email.length}` } },
    properties: { traits: { firstName: name } },
  },
  metadata: { occurredAt: '2025-03-14T09:26:53.589Z' },
});

/** Faults on PersonForgotten: the read model that cannot forget, until an operator acts. */
const stubborn: Projection = {
  name: 'stubborn',
  version: 1,
  handles: [PERSON_FORGOTTEN],
  tables: [
    {
      name: 'stubborn_rows',
      comment: 'never written',
      columns: [{ name: 'id', type: 'text', comment: 'id' }],
      primaryKey: ['id'],
    },
  ],
  apply: async () => {
    throw new Error('cannot forget');
  },
};

describe('forgetPerson and exportPerson', () => {
  let dir: string;
  let store: ProtectingEventStore;
  let keys: SqliteDataKeyStore;
  let rm: SqliteReadModelStore;
  let daemon: ProjectionDaemon;
  let projections: Projection[];
  const stream = (tenant: string) => `${tenant}/customerEvents-v1`;

  const start = async (extra: Projection[] = []) => {
    dir = mkdtempSync(join(tmpdir(), 'crm-forget-'));
    keys = new SqliteDataKeyStore(join(dir, 'secrets', 'data-keys.db'));
    store = new ProtectingEventStore(new SqliteEventStore({ path: join(dir, 'events.db') }), keys, keyOf);
    rm = new SqliteReadModelStore(join(dir, 'read-models.db'));
    projections = [gdprTestIdentityProjection(lazyKeyOf), gdprTestPeopleProjection(lazyKeyOf), ...extra];
    daemon = new ProjectionDaemon(store, rm, projections, { lease: false, retry: { maxAttempts: 1, backoffMs: 1 } });
    await daemon.start();
  };
  afterEach(async () => {
    await daemon.stop();
    await rm.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const deps = (overrides: Partial<ForgetPersonDeps> = {}): ForgetPersonDeps => ({
    store,
    keys: new SqliteDataKeyStore(join(dir, 'secrets', 'data-keys.db')),
    directory: new ReadModelIdentifierDirectory(rm),
    readModels: rm,
    projections,
    scrubber: new SqliteReadModelScrubber(join(dir, 'read-models.db')),
    waitTimeoutMs: 30_000,
    ...overrides,
  });
  const forget = async (
    tenantId: string,
    profileId: string,
    overrides: Partial<ForgetPersonDeps> = {},
  ): Promise<ForgetResult> => {
    const d = deps(overrides);
    try {
      return await forgetPerson({ tenantId, profileId, source: 'system', actor: 'test' }, d);
    } finally {
      await d.keys.close();
    }
  };

  /** Appends, waits for the read models, and answers the profile of the email. */
  const ingest = async (tenant: string, events: NewEvent[], email = EMAIL): Promise<string> => {
    const { lastPosition } = await store.append(stream(tenant), events);
    for (;;) {
      const rows = await rm
        .query<{ checkpoint: number }>("SELECT checkpoint FROM projection_generations WHERE status = 'active'")
        .catch(() => []);
      if (rows.length === projections.length && rows.every((r) => r.checkpoint >= lastPosition)) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const [row] = await rm.query<{ profile_id: string }>(
      'SELECT profile_id FROM b2c_identifier_profiles WHERE tenant_id = ? AND identifier_key = ?',
      [tenant, keyOf(tenant, 'email', email)],
    );
    return row!.profile_id;
  };
  const people = (tenant: string) =>
    rm.query<{ display_value: string | null; first_name: string | null; events: number }>(
      `SELECT display_value, first_name, events FROM ${GDPR_TEST_PEOPLE} WHERE tenant_id = ? ORDER BY identifier_key`,
      [tenant],
    );

  it('forgets once, then says so; the read model dropped the values and kept the counts', async () => {
    await start();
    const profileId = await ingest('acme', [identify(), identify()]);
    const first = await forget('acme', profileId);
    const second = await forget('acme', profileId);
    expect(first).toMatchObject({ alreadyForgotten: false, keysDeleted: 2, complete: true, event: { appended: true } });
    expect(second).toMatchObject({
      alreadyForgotten: true,
      keysDeleted: 0,
      complete: true,
      event: { appended: false },
    });
    expect(second.event.position).toBe(first.event.position);
    expect(await store.readStream(gdprStreamOf('acme', profileId))).toHaveLength(1);
    expect(await people('acme')).toEqual([
      { display_value: null, first_name: null, events: 2 },
      { display_value: null, first_name: null, events: 2 },
    ]);
  });

  it('forgets again a person who came back after the first forget', async () => {
    // given a forgotten person whose email shows up again
    await start();
    const profileId = await ingest('acme', [identify()]);
    await forget('acme', profileId);
    expect(await ingest('acme', [identify()])).toBe(profileId); // same keys, same profile
    const readable = await store.readStream(stream('acme'));
    expect(JSON.stringify(readable[1]!.data)).toContain(NAME); // the new sighting has a new key
    expect(JSON.stringify(readable[0]!.data)).not.toContain(NAME);
    // when forgotten again
    const again = await forget('acme', profileId);
    // then the new keys go too, and a second PersonForgotten tells the read models
    expect(again).toMatchObject({ alreadyForgotten: false, keysDeleted: 2, event: { appended: true }, complete: true });
    expect(await store.readStream(gdprStreamOf('acme', profileId))).toHaveLength(2);
    expect(JSON.stringify(await store.readStream(stream('acme')))).not.toContain(NAME);
  });

  it('given a key store restored from a backup older than the forgets, when reapplied, then the forgotten are forgotten again, tenant by tenant', async () => {
    // given two forgotten people, one per tenant, and a key-store backup taken before their forgets
    await start();
    const acmeProfile = await ingest('acme', [identify()]);
    const globexProfile = await ingest('globex', [identify()]);
    const keyFile = join(dir, 'secrets', 'data-keys.db');
    const backup = join(dir, 'data-keys.backup.db');
    const copier = new Database(keyFile);
    copier.prepare('VACUUM INTO ?').run(backup);
    copier.close();
    await forget('acme', acmeProfile);
    await forget('globex', globexProfile);
    const reader = () =>
      new ProtectingEventStore(
        new SqliteEventStore({ path: join(dir, 'events.db') }),
        new SqliteDataKeyStore(keyFile),
        keyOf,
      );
    const clearIn = async (tenant: string): Promise<boolean> => {
      const fresh = reader();
      try {
        return JSON.stringify(await fresh.readStream(stream(tenant))).includes(NAME);
      } finally {
        await fresh.close();
      }
    };
    expect([await clearIn('acme'), await clearIn('globex')]).toEqual([false, false]);
    // and the backup restored (its key rows back in the live file): the people are readable again
    const restorer = new Database(keyFile);
    restorer.prepare('ATTACH DATABASE ? AS backup').run(backup);
    restorer.exec('INSERT OR IGNORE INTO main.person_keys SELECT * FROM backup.person_keys');
    restorer.close();
    expect([await clearIn('acme'), await clearIn('globex')]).toEqual([true, true]);

    const reapply = async (tenant: string | null) => {
      const keys = new SqliteDataKeyStore(keyFile);
      try {
        return await reapplyForgets(tenant, { store, keys });
      } finally {
        await keys.close();
      }
    };
    // when acme's forgets are reapplied, then acme's person is unreadable again and globex's is not touched
    expect(await reapply('acme')).toMatchObject({
      tenantId: 'acme',
      forgetEvents: 1,
      keysDeleted: 2,
      resurrected: [{ tenantId: 'acme', subject: `profile ${acmeProfile}`, keysDeleted: 2 }],
      scrubbed: true,
    });
    expect([await clearIn('acme'), await clearIn('globex')]).toEqual([false, true]);
    // when every tenant's are, then globex's too; a second run finds nothing to do and appends nothing
    expect(await reapply(null)).toMatchObject({ tenantId: null, forgetEvents: 2, keysDeleted: 2 });
    expect([await clearIn('acme'), await clearIn('globex')]).toEqual([false, false]);
    const head = await store.headPosition();
    expect(await reapply(null)).toMatchObject({ forgetEvents: 2, keysDeleted: 0, resurrected: [] });
    expect(await store.headPosition()).toBe(head);
  });

  it('records one PersonForgotten when two forgets race', async () => {
    await start();
    const profileId = await ingest('acme', [identify()]);
    const results = await Promise.all([forget('acme', profileId), forget('acme', profileId)]);
    expect(results.map((r) => r.complete)).toEqual([true, true]);
    expect(results.reduce((n, r) => n + r.keysDeleted, 0)).toBe(2);
    expect(await store.readStream(gdprStreamOf('acme', profileId))).toHaveLength(1);
  });

  it('does not know another tenant’s profile, and forgets nothing there', async () => {
    await start();
    const acmeProfile = await ingest('acme', [identify()]);
    await ingest('globex', [identify()]);
    await expect(forget('globex', acmeProfile)).rejects.toBeInstanceOf(ProfileNotFound);
    expect(JSON.stringify(await store.readStream(stream('acme')))).toContain(NAME);
    await forget('acme', acmeProfile);
    expect(JSON.stringify(await store.readStream(stream('globex')))).toContain(NAME);
  });

  it('reports itself incomplete, without waiting for the timeout, when a read model faults on PersonForgotten', async () => {
    await start([stubborn]);
    const profileId = await ingest('acme', [identify()]);
    const result = await forget('acme', profileId, { waitTimeoutMs: 120_000 });
    // the keys are gone and the event recorded, but the stubborn read model is faulted: not complete
    expect(result.keysDeleted).toBe(2);
    expect(result.complete).toBe(false);
    expect(result.projections.find((p) => p.name === 'stubborn')).toMatchObject({ state: 'faulted', reached: false });
    expect(JSON.stringify(await store.readStream(stream('acme')))).not.toContain(NAME);
  });

  it('needs the identity read model to resolve profiles', async () => {
    await start();
    const empty = new SqliteReadModelStore(join(dir, 'no-identity.db'));
    try {
      await expect(
        forget('acme', 'prof_x', { directory: new ReadModelIdentifierDirectory(empty) }),
      ).rejects.toBeInstanceOf(IdentityReadModelMissing);
    } finally {
      await empty.close();
    }
  });

  it('exports what is held, in clear before and redacted after the forget', async () => {
    await start();
    const profileId = await ingest('acme', [identify(), identify('someone.else@example.com', 'Other')], EMAIL);
    const exportNow = () =>
      exportPerson('acme', profileId, {
        store,
        keys,
        directory: new ReadModelIdentifierDirectory(rm),
        readModels: rm,
        projections,
        identifierKeyOf: keyOf,
      });
    const before = await exportNow();
    expect(before.status).toBe('active');
    expect(before.identifiers.find((i) => i.type === 'email')).toMatchObject({
      value: EMAIL,
      keyCreatedAt: expect.any(String),
    });
    expect(before.events).toHaveLength(1); // only the person's own event
    expect(JSON.stringify(before.readModels)).toContain(EMAIL);
    await forget('acme', profileId);
    const after = await exportNow();
    expect(after.status).toBe('forgotten');
    expect(after.identifiers.every((i) => i.value === null && i.keyCreatedAt === null)).toBe(true);
    expect(JSON.stringify(after)).not.toContain(EMAIL);
    expect(JSON.stringify(after)).not.toContain(NAME);
    expect((after.events[0]!.data.properties as { traits: { firstName: string } }).traits.firstName).toBe(REDACTED);
    expect(after.events.map((e) => e.type)).toEqual(['identify', PERSON_FORGOTTEN]);
  });
});
