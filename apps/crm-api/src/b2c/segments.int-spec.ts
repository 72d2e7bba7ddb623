/**
 * Customer segments through the real app (AppModule, projections in process) on SQLite and on
 * PostgreSQL: "repeat customers" (orders >= 2) followed while orders arrive, two identifiers of one
 * person are linked (two profiles → one member) and unmerged again, a person is forgotten, the rule is
 * redefined and the segment archived; rule errors name their path; another tenant sees nothing; and a
 * blue/green rebuild of b2c-profiles from the log gives the same segment rows as the live ones.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { profilesProjection } from '@crm/b2c/profiles/profiles.projection';
import { uniqueSchema, withTestDatabase } from '@crm/event-store/testing/postgres-test-db';
import { PostgresReadModelStore } from '@crm/projections/adapters/postgres/postgres-read-model-store';
import { SqliteReadModelStore } from '@crm/projections/adapters/sqlite/sqlite-read-model-store';
import { rebuildProjection } from '@crm/projections/core/rebuild';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { READ_MODEL_STORE } from '@crm/projections/projections.module';
import { loadPseudonymizer } from '@crm/wiring/open-privacy';
import { eventually } from '../../../../test/fixtures/eventually';
import { bearer, createTestApp, type TestApp } from '../testing/create-test-app';

type Json = Record<string, unknown>;
interface Member {
  profileId: string;
  orders: number;
  totalAmount: number;
}

const event = (type: string, identifiers: Json, occurredAt: string, properties: Json = {}) => ({
  eventId: randomUUID(),
  type,
  occurredAt,
  subject: { identifiers },
  channel: 'web',
  properties,
});
const order = (identifiers: Json, orderId: string, amount: number, occurredAt: string) =>
  event('purchase.completed', identifiers, occurredAt, {
    orderId,
    amount,
    currency: 'EUR',
    items: [{ sku: 'SKU-1', quantity: 1, unitPrice: amount }],
  });

const REPEAT = { name: 'Repeat customers', rule: { field: 'orders', op: 'gte', value: 2 } };

/** The segment rows of a tenant, for comparing a live read model with a rebuilt one. */
const segmentRows = async (rm: ReadModelStore, tenantId: string) => ({
  segments: await rm.query('SELECT * FROM b2c_segments WHERE tenant_id = ? ORDER BY segment_id', [tenantId]),
  members: await rm.query('SELECT * FROM b2c_segment_members WHERE tenant_id = ? ORDER BY segment_id, profile_id', [
    tenantId,
  ]),
});

const scenario = async (t: TestApp, freshReadModel: () => Promise<ReadModelStore>): Promise<void> => {
  let position = 0;
  const send = async (method: 'PUT' | 'DELETE' | 'POST', url: string, payload?: object, key = t.keys.acme) => {
    const res = await t.app.inject({ method, url, headers: bearer(key), ...(payload && { payload }) });
    const body = res.json<Json>();
    const at = Number(body.position ?? body.lastPosition ?? 0);
    if (res.statusCode < 300) position = Math.max(position, at);
    return { status: res.statusCode, body };
  };
  const ingest = async (events: object[]) => expect((await send('POST', '/v1/events', events)).status).toBe(200);
  const get = async <T = Json>(url: string, key = t.keys.acme): Promise<{ status: number; body: T }> => {
    const res = await t.app.inject({
      method: 'GET',
      url: `${url}${url.includes('?') ? '&' : '?'}minPosition=${position}`,
      headers: bearer(key),
    });
    return { status: res.statusCode, body: res.json<T>() };
  };
  const members = async (segmentId = 'repeat'): Promise<Member[]> =>
    (await get<{ members: Member[] }>(`/v1/b2c/segments/${segmentId}/members?limit=1000`)).body.members;
  const count = async (segmentId = 'repeat'): Promise<number> =>
    Number((await get(`/v1/b2c/segments/${segmentId}`)).body.members);
  const profileOf = async (type: string, value: string): Promise<string> => {
    const r = await get(`/v1/b2c/profiles/lookup?type=${type}&value=${encodeURIComponent(value)}`);
    if (r.status !== 200) throw new Error(JSON.stringify(r));
    return String(r.body.profileId);
  };

  // given a segment defined before any event: it is empty
  const defined = await send('PUT', '/v1/b2c/segments/repeat', REPEAT);
  expect(defined).toMatchObject({ status: 200, body: { segmentId: 'repeat', version: 0, appended: 1 } });
  expect((await get('/v1/b2c/segments/repeat')).body).toMatchObject({
    segmentId: 'repeat',
    name: 'Repeat customers',
    rule: { field: 'orders', op: 'gte', value: 2 },
    status: 'active',
    members: 0,
    version: 0,
  });

  // when Ana orders twice and Ben once, then Ana alone is a repeat customer
  await ingest([
    order({ email: 'ana@shop.example' }, 'o-ana-1', 40, '2026-01-05T10:00:00Z'),
    order({ email: 'ben@shop.example' }, 'o-ben-1', 25, '2026-01-06T10:00:00Z'),
  ]);
  expect(await count()).toBe(0);
  await ingest([order({ email: 'ana@shop.example' }, 'o-ana-2', 60, '2026-02-05T10:00:00Z')]);
  const ana = await profileOf('email', 'ana@shop.example');
  expect(await members()).toEqual([
    expect.objectContaining({ profileId: ana, orders: 2, totalAmount: 100, lastOrderAt: '2026-02-05T10:00:00.000Z' }),
  ]);

  // when Cara orders once under her email and once under her phone, then she is two profiles, neither a member
  await ingest([
    order({ orderAccount: 'cara-acc-1', email: 'cara@shop.example' }, 'o-cara-1', 30, '2026-01-10T10:00:00Z'),
    order({ orderAccount: 'cara-acc-2', phone: '+351912345678' }, 'o-cara-2', 70, '2026-01-20T10:00:00Z'),
  ]);
  expect(await profileOf('phone', '+351912345678')).not.toBe(await profileOf('email', 'cara@shop.example'));
  expect(await count()).toBe(1);

  // when a sighting links her email and phone, then one person with two orders: one member, under the merged id
  await ingest([event('identify', { email: 'cara@shop.example', phone: '+351912345678' }, '2026-01-21T10:00:00Z')]);
  const cara = await profileOf('phone', '+351912345678');
  expect(await profileOf('email', 'cara@shop.example')).toBe(cara);
  expect(await count()).toBe(2);
  expect((await members()).map((m) => m.profileId)).toEqual([ana, cara].sort());
  expect((await members()).find((m) => m.profileId === cara)).toMatchObject({ orders: 2, totalAmount: 100 });

  // members page by profile id
  const first = await get<{ members: Member[]; next: string }>('/v1/b2c/segments/repeat/members?limit=1');
  expect(first.body.members).toHaveLength(1);
  const second = await get<{ members: Member[]; next: string | null }>(
    `/v1/b2c/segments/repeat/members?limit=1&after=${first.body.next}`,
  );
  expect([...first.body.members, ...second.body.members].map((m) => m.profileId)).toEqual([ana, cara].sort());
  expect(second.body.next).toBeNull();

  // when the wrong merge is undone, then Cara is two one-order profiles again and leaves the segment
  const unmerged = await send('POST', `/v1/b2c/profiles/${cara}/unmerge`, {
    identifiers: [
      { type: 'phone', value: '+351912345678' },
      { type: 'orderAccount', value: 'cara-acc-2' },
    ],
  });
  expect(unmerged.status).toBe(200);
  expect(await count()).toBe(1);
  expect((await members()).map((m) => m.profileId)).toEqual([ana]);

  // rule errors: unknown fields and ops are 400 naming the path; bad values 422; the log does not move
  const unknownField = await send('PUT', '/v1/b2c/segments/bad', {
    name: 'Bad',
    rule: {
      all: [
        { field: 'orders', op: 'gte', value: 2 },
        { field: 'rfm', op: 'eq', value: 'champions' },
      ],
    },
  });
  expect(unknownField).toMatchObject({
    status: 400,
    body: { type: '/problems/validation-failed', errors: [{ pointer: '/rule/all/1/field' }] },
  });
  expect(String(unknownField.body.detail)).toContain('rule.all[1].field');
  expect(
    await send('PUT', '/v1/b2c/segments/bad', { name: 'Bad', rule: { field: 'orders', op: 'within', value: 1 } }),
  ).toMatchObject({ status: 400, body: { errors: [{ pointer: '/rule/op' }] } });
  expect(
    await send('PUT', '/v1/b2c/segments/bad', { name: 'Bad', rule: { field: 'lastOrderAt', op: 'gt', value: '90d' } }),
  ).toMatchObject({ status: 422, body: { errors: [{ pointer: '/rule/value' }] } });
  expect((await send('PUT', '/v1/b2c/segments/bad', { name: 'Bad' })).status).toBe(422);
  expect((await get('/v1/b2c/segments/bad')).status).toBe(404);

  // the same definition again appends nothing; the write scope is needed
  expect(await send('PUT', '/v1/b2c/segments/repeat', REPEAT)).toMatchObject({
    status: 200,
    body: { appended: 0, version: 0 },
  });
  expect((await send('PUT', '/v1/b2c/segments/repeat', REPEAT, t.keys.acmeReadOnly)).status).toBe(403);

  // when a second segment is defined over existing profiles, then it is evaluated over all of them
  expect(
    (
      await send('PUT', '/v1/b2c/segments/buyers', {
        name: 'Buyers over 30',
        rule: {
          all: [
            { field: 'orders', op: 'gte', value: 1 },
            { field: 'totalAmount', op: 'gt', value: 30 },
          ],
        },
      })
    ).status,
  ).toBe(200);
  const ben = await profileOf('email', 'ben@shop.example');
  const caraPhone = await profileOf('phone', '+351912345678');
  expect((await members('buyers')).map((m) => m.profileId)).toEqual([ana, caraPhone].sort());

  // when the person behind Ana's profile is forgotten, then she is in no segment
  const forgotten = await send('POST', '/v1/ops/forget', { profileId: ana });
  expect(forgotten.status).toBe(200);
  await eventually(async () => (await count()) === 0, 'the forgotten person to leave the segment');
  expect((await members('buyers')).map((m) => m.profileId)).toEqual([caraPhone]);

  // when Ben orders again, then both segments follow
  await ingest([order({ email: 'ben@shop.example' }, 'o-ben-2', 15, '2026-03-01T10:00:00Z')]);
  expect((await members()).map((m) => m.profileId)).toEqual([ben]);
  expect((await members('buyers')).map((m) => m.profileId)).toEqual([ben, caraPhone].sort());

  // the list shows both with their counts; another tenant sees none of it
  const list = await get<{ segments: Json[] }>('/v1/b2c/segments');
  expect(list.body.segments.map((s) => [s.segmentId, s.members, s.status])).toEqual([
    ['buyers', 2, 'active'],
    ['repeat', 1, 'active'],
  ]);
  expect((await get('/v1/b2c/segments', t.keys.globex)).body).toEqual({ segments: [], next: null });
  expect((await get('/v1/b2c/segments/repeat', t.keys.globex)).status).toBe(404);
  expect((await get('/v1/b2c/segments/repeat/members', t.keys.globex)).status).toBe(404);
  expect((await send('DELETE', '/v1/b2c/segments/repeat', undefined, t.keys.globex)).status).toBe(404);

  // when the segment is archived, then it keeps its definition and loses its members; again appends nothing
  expect(await send('DELETE', '/v1/b2c/segments/buyers')).toMatchObject({ status: 200, body: { appended: 1 } });
  expect((await get('/v1/b2c/segments/buyers')).body).toMatchObject({ status: 'archived', members: 0, version: 1 });
  expect(await members('buyers')).toEqual([]);
  expect(await send('DELETE', '/v1/b2c/segments/buyers')).toMatchObject({ status: 200, body: { appended: 0 } });
  expect((await send('DELETE', '/v1/b2c/segments/nothing-here')).status).toBe(404);

  // when it is defined again, then it is active with members evaluated afresh (the forgotten person stays out)
  await send('PUT', '/v1/b2c/segments/buyers', { name: 'Buyers', rule: { field: 'orders', op: 'gte', value: 1 } });
  expect((await get('/v1/b2c/segments/buyers')).body).toMatchObject({ status: 'active', members: 3, version: 2 });

  // a rebuild of b2c-profiles from the log gives exactly the live segment rows
  const live = t.app.get<ReadModelStore>(READ_MODEL_STORE);
  const rebuilt = await freshReadModel();
  try {
    await rebuildProjection(t.store, rebuilt, profilesProjection({ pseudonymizer: await loadPseudonymizer(t.config) }));
    const expected = await segmentRows(live, 'acme');
    expect(expected.members).toHaveLength(4);
    expect(await segmentRows(rebuilt, 'acme')).toEqual(expected);
  } finally {
    await rebuilt.close();
  }
};

describe('customer segments over HTTP', () => {
  it('on SQLite', async () => {
    const t = await createTestApp();
    const dir = mkdtempSync(join(tmpdir(), 'crm-segments-'));
    try {
      await scenario(t, async () => new SqliteReadModelStore(join(dir, 'rebuilt.db')));
    } finally {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it(
    'on PostgreSQL',
    () =>
      withTestDatabase('segments', async (databaseUrl) => {
        const t = await createTestApp({
          env: { EVENT_STORE: 'postgres', READ_MODEL_STORE: 'postgres', DATABASE_URL: databaseUrl },
        });
        try {
          await scenario(t, () => new PostgresReadModelStore(databaseUrl, uniqueSchema('rebuilt'), 2).init());
        } finally {
          await t.close();
        }
      }),
    180_000,
  );
});
