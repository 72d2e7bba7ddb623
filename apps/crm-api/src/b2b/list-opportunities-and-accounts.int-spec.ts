import { b2bClient, type B2bClient } from '@crm/b2b/testing/b2b-http';
import { createTestApp, type TestApp } from '../testing/create-test-app';

// The list routes the console's pipeline board and accounts pages read: filters, order, keyset paging,
// the stalled flag, and tenancy (another tenant's deals are never listed).

describe('B2B lists: GET /v1/b2b/opportunities and GET /v1/b2b/accounts', () => {
  let t: TestApp;
  let acme: B2bClient;
  let globex: B2bClient;

  interface Listed {
    opportunities: {
      opportunityId: string;
      stage: string;
      amount: number;
      stalled: boolean;
      daysSinceActivity: number;
    }[];
    nextCursor: string | null;
    stalledDays: number;
  }

  beforeAll(async () => {
    t = await createTestApp();
    acme = b2bClient(t.app, t.keys.acme);
    globex = b2bClient(t.app, t.keys.globex);
    await acme.post('/v1/b2b/accounts', { name: 'Acme Group' });
    await acme.post('/v1/b2b/accounts', { name: 'Acme Retail', parentId: 'acme-group' });
    await acme.post('/v1/b2b/accounts', { name: 'Acme Labs', parentId: 'acme-group' });
    const recently = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const longAgo = new Date(Date.now() - 90 * 86_400_000).toISOString();
    for (const [id, amount, occurredAt] of [
      ['d-small', 1_000, recently],
      ['d-big', 50_000, recently],
      ['d-silent', 20_000, longAgo],
      ['d-tie-a', 5_000, recently],
      ['d-tie-b', 5_000, recently],
    ] as const) {
      const opened = await acme.post('/v1/b2b/opportunities', {
        opportunityId: id,
        accountId: id === 'd-small' ? 'acme-labs' : 'acme-retail',
        name: `Deal ${id}`,
        amount,
        currency: 'EUR',
        occurredAt,
      });
      expect(opened.status).toBe(201);
    }
    expect((await acme.post('/v1/b2b/opportunities/d-big/stage', { stage: 'Proposal' })).status).toBe(200);
    await globex.post('/v1/b2b/accounts', { name: 'Globex' });
    await globex.post('/v1/b2b/opportunities', {
      opportunityId: 'g-1',
      accountId: 'globex',
      name: 'Globex deal',
      amount: 999_999,
      currency: 'EUR',
    });
  });
  afterAll(() => t.close());

  it('given deals in several stages, when listed by stage, then only that stage, largest first', async () => {
    const prospecting = await acme.read<Listed>('/v1/b2b/opportunities?stage=Prospecting');
    expect(prospecting.opportunities.map((o) => o.opportunityId)).toEqual([
      'd-silent',
      'd-tie-a',
      'd-tie-b',
      'd-small',
    ]);
    const proposal = await acme.read<Listed>('/v1/b2b/opportunities?stage=Proposal');
    expect(proposal.opportunities).toEqual([expect.objectContaining({ opportunityId: 'd-big', amount: 50_000 })]);
  });

  it('given a deal silent for 90 days, then it is stalled at 30 days and not at 120', async () => {
    const at30 = await acme.read<Listed>('/v1/b2b/opportunities?status=open');
    expect(at30.opportunities.filter((o) => o.stalled).map((o) => o.opportunityId)).toEqual(['d-silent']);
    const at120 = await acme.read<Listed>('/v1/b2b/opportunities?status=open&stalledDays=120');
    expect(at120.opportunities.some((o) => o.stalled)).toBe(false);
  });

  it('given pages of two, when following nextCursor, then every deal once, ties in id order', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: Listed = await acme.read<Listed>(
        `/v1/b2b/opportunities?limit=2${after ? `&after=${encodeURIComponent(after)}` : ''}`,
      );
      seen.push(...page.opportunities.map((o) => o.opportunityId));
      after = page.nextCursor;
    } while (after !== null);
    expect(seen).toEqual(['d-big', 'd-silent', 'd-tie-a', 'd-tie-b', 'd-small']);
  });

  it('given an account filter, then that account’s deals only; another tenant’s never', async () => {
    const labs = await acme.read<Listed>('/v1/b2b/opportunities?accountId=acme-labs');
    expect(labs.opportunities.map((o) => o.opportunityId)).toEqual(['d-small']);
    const all = await acme.read<Listed>('/v1/b2b/opportunities?limit=200');
    expect(all.opportunities.map((o) => o.opportunityId)).not.toContain('g-1');
    expect((await globex.read<Listed>('/v1/b2b/opportunities')).opportunities.map((o) => o.opportunityId)).toEqual([
      'g-1',
    ]);
  });

  it('given a forged cursor or a bad status, then 422 validation-failed', async () => {
    const forged = await acme.get('/v1/b2b/opportunities?after=not-a-cursor');
    expect(forged).toMatchObject({ status: 422, body: { type: '/problems/validation-failed' } });
    expect((await acme.get('/v1/b2b/opportunities?status=maybe')).status).toBe(422);
  });

  it('given a group, then top-level accounts, one parent’s subsidiaries, each with its count', async () => {
    const groups = await acme.read<{ accounts: { accountId: string; subsidiaries: number }[] }>(
      '/v1/b2b/accounts?topLevel=true',
    );
    expect(groups.accounts).toEqual([expect.objectContaining({ accountId: 'acme-group', subsidiaries: 2 })]);
    const subsidiaries = await acme.read<{ accounts: { accountId: string }[] }>('/v1/b2b/accounts?parentId=acme-group');
    expect(subsidiaries.accounts.map((a) => a.accountId)).toEqual(['acme-labs', 'acme-retail']);
    const paged = await acme.read<{ accounts: { accountId: string }[]; nextCursor: string | null }>(
      '/v1/b2b/accounts?limit=1',
    );
    expect(paged.accounts.map((a) => a.accountId)).toEqual(['acme-group']);
    const next = await acme.read<{ accounts: { accountId: string }[] }>(
      `/v1/b2b/accounts?limit=5&after=${encodeURIComponent(paged.nextCursor ?? '')}`,
    );
    expect(next.accounts.map((a) => a.accountId)).toEqual(['acme-labs', 'acme-retail']);
    const theirs = await globex.read<{ accounts: { accountId: string }[] }>('/v1/b2b/accounts');
    expect(theirs.accounts.map((a) => a.accountId)).toEqual(['globex']);
  });

  it('given a key without read, then 403', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/v1/b2b/opportunities',
      headers: { authorization: `Bearer ${t.keys.acmeWriteOnly}` },
    });
    expect(res.statusCode).toBe(403);
  });
});
