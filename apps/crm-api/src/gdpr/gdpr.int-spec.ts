/**
 * POST /v1/ops/forget and GET /v1/ops/profiles/:id/export through the real app (its identity
 * resolution resolves the profile): scopes, bad input, tenant isolation, idempotence, and the answers
 * before and after a forget.
 */
import { randomUUID } from 'node:crypto';
import type { ForgetResult } from '@crm/privacy/forget/forget-person';
import type { PersonExport } from '@crm/privacy/export/export-person';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { READ_MODEL_STORE } from '@crm/projections/projections.module';
import { identifierKeyOf, loadPseudonymizer } from '@crm/wiring/open-privacy';
import { bearer, createTestApp, type TestApp } from '../testing/create-test-app';

const EMAIL = 'philippa.oyelaran-smythe@example.com';
const NAME = 'Philippa';
const TEXT = 'the blender exploded and covered the cat in smoothie';
const CLEAR = [EMAIL, NAME, TEXT];

const events = () => [
  {
    eventId: randomUUID(),
    type: 'identify',
    occurredAt: '2025-03-14T09:00:00Z',
    subject: { identifiers: { email: EMAIL } },
    properties: { traits: { firstName: NAME } },
  },
  {
    eventId: randomUUID(),
    type: 'ticket.opened',
    occurredAt: '2025-03-14T09:01:00Z',
    subject: { identifiers: { email: EMAIL } },
    properties: { ticketId: 't1', priority: 'low', subject: TEXT },
  },
];

let t: TestApp;
let rm: ReadModelStore;
const profile = { acme: '', globex: '' };

/** The profile identity resolution gave the email in this tenant, once its read model has it. */
const profileOf = async (tenant: 'acme' | 'globex'): Promise<string> => {
  const keyOf = identifierKeyOf(await loadPseudonymizer({ dataDir: t.dataDir }));
  for (let attempt = 0; attempt < 600; attempt++) {
    const [row] = await rm
      .query<{ profile_id: string }>(
        'SELECT profile_id FROM b2c_identifier_profiles WHERE tenant_id = ? AND identifier_key = ?',
        [tenant, keyOf(tenant, 'email', EMAIL)],
      )
      .catch(() => []);
    if (row) return row.profile_id;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`identity resolution did not link ${tenant}'s person`);
};

beforeAll(async () => {
  t = await createTestApp();
  rm = t.app.get<ReadModelStore>(READ_MODEL_STORE);
  for (const key of [t.keys.acme, t.keys.globex]) {
    const response = await t.app.inject({ method: 'POST', url: '/v1/events', headers: bearer(key), payload: events() });
    expect(response.statusCode).toBe(200);
  }
  profile.acme = await profileOf('acme');
  profile.globex = await profileOf('globex');
});
afterAll(() => t?.close());

const forget = (key: string, body: unknown) =>
  t.app.inject({ method: 'POST', url: '/v1/ops/forget', headers: bearer(key), payload: body as object });
const exportOf = (key: string, profileId: string) =>
  t.app.inject({
    method: 'GET',
    url: `/v1/ops/profiles/${encodeURIComponent(profileId)}/export`,
    headers: bearer(key),
  });

describe('GDPR over HTTP', () => {
  it('needs the ops scope and a valid body', async () => {
    expect(
      (await t.app.inject({ method: 'POST', url: '/v1/ops/forget', payload: { profileId: 'p' } })).statusCode,
    ).toBe(401);
    expect((await forget(t.keys.acmeReadOnly, { profileId: 'p' })).statusCode).toBe(403);
    expect((await exportOf(t.keys.acmeWriteOnly, 'p')).statusCode).toBe(403);
    expect((await forget(t.keys.acme, {})).statusCode).toBe(422);
    expect((await forget(t.keys.acme, { profileId: 'a/b' })).statusCode).toBe(422);
  });

  describe('with a person in both tenants', () => {
    it('forgets the person of the caller’s tenant only, says so when asked again, and exports what is left', async () => {
      // given the person readable in both tenants
      const before = await exportOf(t.keys.acme, profile.acme);
      expect(before.statusCode).toBe(200);
      for (const clear of CLEAR) expect(before.body).toContain(clear);
      // another tenant cannot reach acme's profile (as if it did not exist)
      expect((await forget(t.keys.globex, { profileId: profile.acme })).statusCode).toBe(404);
      expect((await exportOf(t.keys.globex, profile.acme)).statusCode).toBe(404);
      expect((await forget(t.keys.acme, { profileId: 'prof_nobody' })).statusCode).toBe(404);
      // when acme forgets it
      const first = await forget(t.keys.acme, { profileId: profile.acme });
      expect(first.statusCode).toBe(200);
      expect(first.json<ForgetResult>()).toMatchObject({ complete: true, alreadyForgotten: false, keysDeleted: 1 });
      const second = await forget(t.keys.acme, { profileId: profile.acme });
      expect(second.json<ForgetResult>()).toMatchObject({ complete: true, alreadyForgotten: true, keysDeleted: 0 });
      // then acme's export says forgotten and holds no clear value; globex's person is intact
      const after = await exportOf(t.keys.acme, profile.acme);
      const exported = after.json<PersonExport>();
      expect(exported.status).toBe('forgotten');
      for (const clear of CLEAR) expect(after.body).not.toContain(clear);
      expect(exported.events.map((e) => e.type)).toEqual(['identify', 'ticket.opened', 'PersonForgotten']);
      const globex = await exportOf(t.keys.globex, profile.globex);
      for (const clear of CLEAR) expect(globex.body).toContain(clear);
      // counts are untouched (the person's events are still there, redacted)
      const counts = await t.app.inject({ method: 'GET', url: '/v1/stats/event-counts', headers: bearer(t.keys.acme) });
      expect(counts.json()).toMatchObject({ total: 3 });
    });
  });
});
