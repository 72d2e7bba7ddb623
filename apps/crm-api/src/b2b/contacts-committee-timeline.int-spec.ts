import { randomUUID } from 'node:crypto';
import { b2bClient, type B2bClient } from '@crm/b2b/testing/b2b-http';
import { createTestApp, type TestApp } from '../testing/create-test-app';

// Contacts and their org chart, a deal's buying committee with engagement and coverage gaps, and the
// account timeline — fed by B2B commands and by customer events ingested through POST /v1/events.

const daysAgo = (days: number): string => new Date(Date.now() - days * 86_400_000).toISOString();

describe('B2B contacts, buying committee, interactions and timeline over HTTP', () => {
  let t: TestApp;
  let acme: B2bClient;

  const contact = (contactId: string, name: string, title: string, accountIds: string[], reportsToId?: string) =>
    acme.post('/v1/b2b/contacts', { contactId, name, title, accountIds, ...(reportsToId && { reportsToId }) });

  beforeAll(async () => {
    t = await createTestApp();
    acme = b2bClient(t.app, t.keys.acme);
    await acme.post('/v1/b2b/accounts', { accountId: 'acme', name: 'Acme Corporation', occurredAt: daysAgo(100) });
    await acme.post('/v1/b2b/accounts', {
      accountId: 'codehow',
      name: 'Codehow',
      parentId: 'acme',
      occurredAt: daysAgo(100),
    });
    await acme.post('/v1/b2b/accounts', { accountId: 'globex-co', name: 'Globex', occurredAt: daysAgo(100) });
    expect((await contact('ceo', 'Carla Diaz', 'CEO', ['acme'])).status).toBe(201);
    expect((await contact('cfo', 'Bo Chen', 'CFO', ['acme'], 'ceo')).status).toBe(201);
    expect((await contact('cto', 'Ana Lima', 'CTO', ['acme', 'codehow'], 'ceo')).status).toBe(201);
    expect((await contact('dev', 'Dan Roe', 'Lead engineer', ['codehow'], 'cto')).status).toBe(201);
    await acme.post('/v1/b2b/opportunities', {
      opportunityId: 'o-1',
      accountId: 'acme',
      name: 'Analytics roll-out',
      amount: 48000,
      currency: 'EUR',
      occurredAt: daysAgo(60),
    });
  });
  afterAll(() => t.close());

  describe('contacts and org chart', () => {
    it('builds each account’s org chart; a manager at another account makes a root', async () => {
      const account = await acme.read<{ orgChart: unknown[]; contacts: unknown[] }>('/v1/b2b/accounts/acme');
      expect(account.contacts).toHaveLength(3);
      expect(account.orgChart).toEqual([
        expect.objectContaining({
          contactId: 'ceo',
          // Siblings by name: Ana Lima (CTO) before Bo Chen (CFO).
          reports: [
            expect.objectContaining({ contactId: 'cto', reports: [] }),
            expect.objectContaining({ contactId: 'cfo', reports: [] }),
          ],
        }),
      ]);
      const subsidiary = await acme.read<{ orgChart: unknown[] }>('/v1/b2b/accounts/codehow');
      expect(subsidiary.orgChart).toEqual([
        expect.objectContaining({ contactId: 'cto', reports: [expect.objectContaining({ contactId: 'dev' })] }),
      ]);
      expect(await acme.read('/v1/b2b/contacts/dev')).toMatchObject({
        accountIds: ['codehow'],
        managerChain: [
          { contactId: 'cto', name: 'Ana Lima', title: 'CTO' },
          { contactId: 'ceo', name: 'Carla Diaz', title: 'CEO' },
        ],
        directReports: [],
      });
    });

    it('refuses a reporting cycle, an unknown manager and an unknown account', async () => {
      expect(await acme.patch('/v1/b2b/contacts/ceo', { reportsToId: 'dev' })).toMatchObject({
        status: 422,
        body: { type: '/problems/reports-to-cycle' },
      });
      expect(await contact('x', 'X', 'Y', ['acme'], 'ghost')).toMatchObject({
        status: 422,
        body: { type: '/problems/unknown-contact' },
      });
      expect(await contact('y', 'Y', 'Z', ['nowhere'])).toMatchObject({
        status: 422,
        body: { type: '/problems/unknown-account' },
      });
    });

    it('links a contact to another account and moves them in the org chart', async () => {
      expect((await acme.post('/v1/b2b/contacts/cfo/accounts', { accountId: 'codehow' })).status).toBe(200);
      expect((await acme.patch('/v1/b2b/contacts/dev', { reportsToId: 'cfo', title: 'Controller' })).status).toBe(200);
      expect(await acme.read('/v1/b2b/contacts/cfo')).toMatchObject({
        accountIds: ['acme', 'codehow'],
        directReports: [{ contactId: 'dev', name: 'Dan Roe', title: 'Controller' }],
      });
      expect((await acme.patch('/v1/b2b/contacts/dev', { reportsToId: 'cto' })).status).toBe(200);
    });
  });

  describe('buying committee, interactions and coverage gaps', () => {
    it('sets roles and stances; refuses unknown contacts', async () => {
      const set = (contactId: string, role: string, stance: string) =>
        t.app.inject({
          method: 'PUT',
          url: `/v1/b2b/opportunities/o-1/committee/${contactId}`,
          headers: { authorization: `Bearer ${t.keys.acme}` },
          payload: { role, stance },
        });
      expect((await set('ceo', 'decision-maker', 'supportive')).statusCode).toBe(200);
      expect((await set('cto', 'technical-evaluator', 'neutral')).statusCode).toBe(200);
      expect((await set('cfo', 'economic-buyer', 'skeptical')).statusCode).toBe(200);
      const removed = await t.app.inject({
        method: 'DELETE',
        url: '/v1/b2b/opportunities/o-1/committee/cfo',
        headers: { authorization: `Bearer ${t.keys.acme}` },
      });
      expect(JSON.parse(removed.body)).toMatchObject({ appended: 1 });
      acme.lastPosition = JSON.parse(removed.body).position;
      const ghost = await set('ghost', 'champion', 'supportive');
      expect(ghost.statusCode).toBe(422);
      expect(JSON.parse(ghost.body)).toMatchObject({ type: '/problems/unknown-contact' });
      expect((await set('ceo', 'decision-maker', 'excited')).statusCode).toBe(422);
    });

    it('logs interactions by command and by POST /v1/events, and shows engagement and gaps', async () => {
      const meeting = await acme.post('/v1/b2b/interactions', {
        interactionId: 'mtg-1',
        kind: 'meeting',
        accountId: 'acme',
        opportunityId: 'o-1',
        contactId: 'cto',
        participants: [{ name: 'Sam Reed', email: 'sam@ourcrm.example', role: 'employee' }],
        subject: 'Architecture review',
        durationSeconds: 3600,
        occurredAt: daysAgo(10),
      });
      expect(meeting).toMatchObject({ status: 201, body: { interactionId: 'mtg-1', version: 0 } });
      const ingested = await t.app.inject({
        method: 'POST',
        url: '/v1/events',
        headers: { authorization: `Bearer ${t.keys.acme}`, 'content-type': 'application/json' },
        payload: {
          eventId: randomUUID(),
          type: 'call.logged',
          occurredAt: daysAgo(40),
          subject: { accountId: 'acme', contactId: 'ceo', opportunityId: 'o-1' },
          channel: 'phone',
          properties: { direction: 'outbound', durationSeconds: 600, summary: 'Budget call' },
        },
      });
      expect(ingested.statusCode).toBe(200);
      acme.lastPosition = Math.max(acme.lastPosition, JSON.parse(ingested.body).lastPosition);

      const deal = await acme.read<Record<string, unknown>>('/v1/b2b/opportunities/o-1?staleDays=30');
      expect(deal.committee).toEqual([
        expect.objectContaining({ contactId: 'ceo', name: 'Carla Diaz', role: 'decision-maker', interactions: 1 }),
        expect.objectContaining({ contactId: 'cto', role: 'technical-evaluator', lastInteractionKind: 'meeting' }),
      ]);
      expect(deal.coverageGaps).toMatchObject({
        missingRoles: ['economic-buyer', 'champion'],
        staleDays: 30,
        notEngaged: [{ contactId: 'ceo', role: 'decision-maker' }],
      });
      const custom = await acme.read<{ coverageGaps: object }>(
        '/v1/b2b/opportunities/o-1?staleDays=60&requiredRoles=decision-maker,technical-evaluator',
      );
      expect(custom.coverageGaps).toMatchObject({ missingRoles: [], notEngaged: [] });
      expect((await acme.get('/v1/b2b/opportunities/o-1?requiredRoles=boss')).status).toBe(422);
      expect(Date.parse(deal.lastActivityAt as string)).toBeGreaterThan(Date.parse(daysAgo(11)));
    });

    it('refuses an interaction with an unknown contact, another account’s deal, or a repeated id', async () => {
      const base = { kind: 'call', accountId: 'acme', contactId: 'cto', durationSeconds: 60 };
      expect(await acme.post('/v1/b2b/interactions', { ...base, contactId: 'ghost' })).toMatchObject({
        status: 422,
        body: { type: '/problems/unknown-contact' },
      });
      expect(
        await acme.post('/v1/b2b/interactions', { ...base, accountId: 'globex-co', opportunityId: 'o-1' }),
      ).toMatchObject({
        status: 422,
        body: { type: '/problems/invalid-interaction' },
      });
      expect(await acme.post('/v1/b2b/interactions', { ...base, interactionId: 'mtg-1' })).toMatchObject({
        status: 409,
        body: { type: '/problems/interaction-already-logged' },
      });
    });
  });

  describe('account timeline', () => {
    it('lists everything on the account and its deals, newest first, paged without gaps or repeats', async () => {
      const all = await acme.read<{
        entries: { kind: string; title: string; source: string }[];
        nextCursor: string | null;
      }>('/v1/b2b/accounts/acme/timeline?limit=200');
      expect(all.nextCursor).toBeNull();
      // Contacts and committee changes are from now; the meeting 10 days ago; the ingested call 40 days ago.
      expect(all.entries[0]).toMatchObject({ kind: 'committee-member-removed' });
      const meeting = all.entries.findIndex((e) => e.kind === 'meeting');
      const call = all.entries.findIndex((e) => e.kind === 'call');
      expect(all.entries[meeting]).toMatchObject({ title: 'Meeting: Architecture review (60 min)', source: 'command' });
      expect(all.entries[call]).toMatchObject({ title: 'Call (10 min)', source: 'ingest' });
      expect(meeting).toBeLessThan(call);
      const recent = new Set(all.entries.slice(0, meeting).map((e) => e.kind));
      expect([...recent].sort()).toEqual(['committee-member-removed', 'committee-role-set', 'contact-added']);
      expect(all.entries.map((e) => e.kind)).toEqual(
        expect.arrayContaining(['deal-opened', 'committee-role-set', 'contact-added']),
      );
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/v1/b2b/accounts/acme/timeline?limit=2${cursor ? `&before=${cursor}` : ''}`;
        const page = await acme.read<{ entries: { entryId: string }[]; nextCursor: string | null }>(url);
        seen.push(...page.entries.map((e) => e.entryId));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all.entries.map((e) => (e as unknown as { entryId: string }).entryId));
    });

    it('answers 404 for another tenant’s account and 422 for a forged cursor', async () => {
      const globex = b2bClient(t.app, t.keys.globex);
      expect((await globex.get('/v1/b2b/accounts/acme/timeline')).status).toBe(404);
      expect((await acme.get('/v1/b2b/accounts/acme/timeline?before=bm9wZQ')).status).toBe(422);
    });
  });
});
