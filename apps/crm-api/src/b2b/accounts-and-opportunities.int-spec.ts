import { bearer, createTestApp, type TestApp } from '../testing/create-test-app';
import { b2bClient, type B2bClient } from '@crm/b2b/testing/b2b-http';

// The real app on a real SQLite store: accounts with a hierarchy, deals through the default pipeline,
// expected-version conflicts, domain errors as Problem Details, read models with read-your-writes.

describe('B2B accounts and opportunities over HTTP', () => {
  let t: TestApp;
  let acme: B2bClient;
  let globex: B2bClient;

  beforeAll(async () => {
    t = await createTestApp();
    acme = b2bClient(t.app, t.keys.acme);
    globex = b2bClient(t.app, t.keys.globex);
  });
  afterAll(() => t.close());

  const open = (opportunityId: string, accountId: string, amount: number, extra: object = {}) =>
    acme.post('/v1/b2b/opportunities', {
      opportunityId,
      accountId,
      name: `Deal ${opportunityId}`,
      amount,
      currency: 'USD',
      occurredAt: '2026-01-05T09:00:00Z',
      ...extra,
    });

  describe('accounts and hierarchy', () => {
    it('registers a group: parent, subsidiaries, a sub-subsidiary; the id defaults to the kebab name', async () => {
      const parent = await acme.post('/v1/b2b/accounts', { name: 'Acme Corporation', sector: 'technolgy' });
      expect(parent).toMatchObject({ status: 201, body: { accountId: 'acme-corporation', version: 0, appended: 1 } });
      for (const [name, parentId] of [
        ['Codehow', 'acme-corporation'],
        ['Bluth Company', 'acme-corporation'],
        ['Gekko & Co', 'codehow'],
      ] as const) {
        expect((await acme.post('/v1/b2b/accounts', { name, parentId })).status).toBe(201);
      }
      const account = await acme.read<Record<string, unknown>>('/v1/b2b/accounts/acme-corporation');
      expect(account).toMatchObject({
        accountId: 'acme-corporation',
        parentId: null,
        subsidiaryIds: ['bluth-company', 'codehow'],
        descendantIds: ['bluth-company', 'codehow', 'gekko-co'],
        sector: 'technolgy',
        version: 0,
      });
      expect(await acme.read('/v1/b2b/accounts/gekko-co')).toMatchObject({
        parentId: 'codehow',
        ancestorIds: ['codehow', 'acme-corporation'],
        subsidiaryIds: [],
      });
    });

    it('refuses a cycle, an unknown parent and a duplicate with their own problem types', async () => {
      const cycle = await acme.patch('/v1/b2b/accounts/acme-corporation', { parentId: 'gekko-co' });
      expect(cycle).toMatchObject({ status: 422, body: { type: '/problems/account-hierarchy-cycle' } });
      const unknown = await acme.post('/v1/b2b/accounts', { name: 'Orphan', parentId: 'nobody' });
      expect(unknown).toMatchObject({ status: 422, body: { type: '/problems/unknown-parent-account' } });
      const duplicate = await acme.post('/v1/b2b/accounts', { name: 'Codehow' });
      expect(duplicate).toMatchObject({ status: 409, body: { type: '/problems/account-already-registered' } });
    });

    it('updates a profile and moves an account with expected-version concurrency', async () => {
      const moved = await acme.patch('/v1/b2b/accounts/gekko-co', { parentId: 'bluth-company', expectedVersion: 0 });
      expect(moved).toMatchObject({ status: 200, body: { version: 1 } });
      const stale = await acme.patch('/v1/b2b/accounts/gekko-co', { sector: 'finance', expectedVersion: 0 });
      expect(stale).toMatchObject({
        status: 409,
        body: { type: '/problems/wrong-expected-version', actualVersion: 1 },
      });
      expect(await acme.read('/v1/b2b/accounts/codehow')).toMatchObject({ subsidiaryIds: [] });
      expect(await acme.read('/v1/b2b/accounts/bluth-company')).toMatchObject({ subsidiaryIds: ['gekko-co'] });
      expect((await acme.patch('/v1/b2b/accounts/nobody', { sector: 'x' })).status).toBe(404);
    });

    it('answers 404 for an unknown account and for another tenant’s', async () => {
      expect((await acme.get('/v1/b2b/accounts/nobody')).status).toBe(404);
      const foreign = await globex.get<Record<string, unknown>>('/v1/b2b/accounts/acme-corporation');
      expect(foreign).toMatchObject({ status: 404, body: { type: '/problems/not-found' } });
    });

    it('needs the read scope to query and events:write to command', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/b2b/accounts',
        headers: bearer(t.keys.acmeReadOnly),
        payload: { name: 'Nope' },
      });
      expect(res.statusCode).toBe(403);
      const read = await t.app.inject({
        method: 'GET',
        url: '/v1/b2b/accounts/codehow',
        headers: bearer(t.keys.acmeWriteOnly),
      });
      expect(read.statusCode).toBe(403);
    });
  });

  describe('opportunities through the pipeline', () => {
    it('opens, advances, wins and loses deals; won value rolls up over subsidiaries', async () => {
      expect((await open('o-1', 'acme-corporation', 1000)).status).toBe(201);
      expect((await open('o-2', 'codehow', 2000, { stage: 'Engaging' })).status).toBe(201);
      expect((await open('o-3', 'gekko-co', 4000)).status).toBe(201);
      expect((await open('o-4', 'bluth-company', 500)).status).toBe(201);

      const advance = (id: string, stage: string, occurredAt: string) =>
        acme.post(`/v1/b2b/opportunities/${id}/stage`, { stage, occurredAt });
      expect(await advance('o-1', 'Engaging', '2026-01-10T09:00:00Z')).toMatchObject({
        status: 200,
        body: { version: 1 },
      });
      expect((await advance('o-1', 'Negotiation', '2026-01-20T09:00:00Z')).status).toBe(200);
      const win = (id: string, body: object) => acme.post(`/v1/b2b/opportunities/${id}/win`, body);
      expect((await win('o-1', { amount: 900, reason: 'Best fit', occurredAt: '2026-01-30T09:00:00Z' })).status).toBe(
        200,
      );
      expect((await win('o-3', { reason: 'Renewal', occurredAt: '2026-01-15T09:00:00Z' })).status).toBe(200);
      const lose = await acme.post('/v1/b2b/opportunities/o-4/lose', {
        reason: 'Price',
        occurredAt: '2026-01-25T09:00:00Z',
      });
      expect(lose.status).toBe(200);

      expect(await acme.read('/v1/b2b/accounts/acme-corporation')).toMatchObject({
        wonValue: 900,
        wonCount: 1,
        wonValueWithSubsidiaries: 4900,
        openPipelineWithSubsidiaries: { count: 1, value: 2000 },
      });
      expect(await acme.read('/v1/b2b/accounts/bluth-company')).toMatchObject({
        wonValue: 0,
        lostCount: 1,
        wonValueWithSubsidiaries: 4000,
      });

      const deal = await acme.read<Record<string, unknown>>('/v1/b2b/opportunities/o-1');
      expect(deal).toMatchObject({
        stage: 'Won',
        status: 'won',
        wonValue: 900,
        cycleDays: 20,
        closeReason: 'Best fit',
      });
      expect(deal.stageHistory).toEqual([
        {
          stage: 'Prospecting',
          enteredAt: '2026-01-05T09:00:00.000Z',
          leftAt: '2026-01-10T09:00:00.000Z',
          days: 5,
          current: false,
        },
        {
          stage: 'Engaging',
          enteredAt: '2026-01-10T09:00:00.000Z',
          leftAt: '2026-01-20T09:00:00.000Z',
          days: 10,
          current: false,
        },
        {
          stage: 'Negotiation',
          enteredAt: '2026-01-20T09:00:00.000Z',
          leftAt: '2026-01-30T09:00:00.000Z',
          days: 10,
          current: false,
        },
        { stage: 'Won', enteredAt: '2026-01-30T09:00:00.000Z', leftAt: null, days: 0, current: true },
      ]);
      expect(deal.timeInStage).toEqual({ Prospecting: 5, Engaging: 10, Negotiation: 10 });

      const summary = await acme.read('/v1/b2b/pipeline/summary');
      expect(summary).toEqual({
        opportunities: 4,
        byStage: { Engaging: 1, Lost: 1, Won: 2 },
        valueByStage: { Engaging: 2000, Lost: 500, Won: 4900 },
        won: { count: 2, value: 4900 },
        lost: { count: 1 },
        open: { count: 1, value: 2000 },
        winRate: 2 / 3,
        // o-1 engaged 01-10 → won 01-30 (20); o-3 never engaged: opened 01-05 → 01-15 (10); o-4 01-05 → 01-25 (20).
        avgCycleDays: 50 / 3,
        accountless: 0,
        currencies: { open: ['USD'], won: ['USD'], byStage: { Engaging: ['USD'], Lost: ['USD'], Won: ['USD'] } },
      });
      expect(await globex.read('/v1/b2b/pipeline/summary')).toMatchObject({ opportunities: 0, byStage: {} });
    });

    it('refuses moves after close, unknown stages and stale versions, with stable problem types', async () => {
      const closed = await acme.post('/v1/b2b/opportunities/o-1/stage', { stage: 'Proposal' });
      expect(closed).toMatchObject({
        status: 409,
        body: { type: '/problems/opportunity-closed', title: 'Opportunity closed' },
      });
      const unknown = await acme.post('/v1/b2b/opportunities/o-2/stage', { stage: 'Discovery' });
      expect(unknown).toMatchObject({ status: 422, body: { type: '/problems/unknown-stage' } });
      const toWon = await acme.post('/v1/b2b/opportunities/o-2/stage', { stage: 'Won' });
      expect(toWon).toMatchObject({ status: 422, body: { type: '/problems/closing-stage' } });
      const stale = await acme.post('/v1/b2b/opportunities/o-2/stage', { stage: 'Proposal', expectedVersion: 3 });
      expect(stale).toMatchObject({
        status: 409,
        body: { type: '/problems/wrong-expected-version', actualVersion: 0 },
      });
      const missing = await acme.post('/v1/b2b/opportunities/nope/stage', { stage: 'Proposal' });
      expect(missing).toMatchObject({ status: 404, body: { type: '/problems/not-found' } });
      const foreign = await globex.post('/v1/b2b/opportunities/o-2/stage', { stage: 'Proposal' });
      expect(foreign.status).toBe(404);
      const noAccount = await open('o-9', 'nobody', 10);
      expect(noAccount).toMatchObject({ status: 422, body: { type: '/problems/unknown-account' } });
      const invalid = await acme.post('/v1/b2b/opportunities', {
        accountId: 'codehow',
        name: 'x',
        amount: -1,
        currency: 'usd',
      });
      expect(invalid.status).toBe(422);
      expect(invalid.body).toMatchObject({ type: '/problems/validation-failed' });
    });

    it('makes a retried command with the same Idempotency-Key a no-op with the original answer', async () => {
      const headers = { 'idempotency-key': 'move-o-2-proposal' };
      const first = await acme.post('/v1/b2b/opportunities/o-2/stage', { stage: 'Proposal' }, headers);
      const again = await acme.post(
        '/v1/b2b/opportunities/o-2/stage',
        { stage: 'Proposal', expectedVersion: 0 },
        headers,
      );
      expect(first).toMatchObject({ status: 200, body: { version: 1, appended: 1 } });
      expect(again).toMatchObject({ status: 200, body: { version: 1, position: first.body.position, appended: 0 } });
    });

    it('supports per-tenant pipelines', async () => {
      const defined = await acme.post('/v1/b2b/pipelines', {
        pipelineId: 'enterprise',
        name: 'Enterprise',
        stages: ['Awareness', 'Consideration', 'Decision'],
        wonStage: 'Signed',
        lostStage: 'Dropped',
      });
      expect(defined.status).toBe(201);
      expect((await open('e-1', 'codehow', 100, { pipelineId: 'enterprise' })).status).toBe(201);
      expect((await acme.post('/v1/b2b/opportunities/e-1/stage', { stage: 'Decision' })).status).toBe(200);
      expect((await acme.post('/v1/b2b/opportunities/e-1/win', { reason: 'ok' })).status).toBe(200);
      expect(await acme.read('/v1/b2b/pipeline/summary?pipelineId=enterprise')).toMatchObject({
        byStage: { Signed: 1 },
        won: { count: 1, value: 100 },
      });
      const unknown = await open('e-2', 'codehow', 100, { pipelineId: 'retail' });
      expect(unknown).toMatchObject({ status: 422, body: { type: '/problems/unknown-pipeline' } });
    });

    it('says which currencies are behind each value, so that a sum over several is not shown as a total', async () => {
      expect((await open('m-1', 'bluth-company', 300, { currency: 'EUR' })).status).toBe(201);
      expect(await acme.read('/v1/b2b/accounts/acme-corporation')).toMatchObject({
        // Its own: o-1 won in USD; below it: o-2 open in USD (codehow), m-1 open in EUR (bluth-company).
        currencies: { won: ['USD'], open: [], wonWithSubsidiaries: ['USD'], openWithSubsidiaries: ['EUR', 'USD'] },
      });
      expect(await acme.read('/v1/b2b/accounts/bluth-company')).toMatchObject({
        openPipeline: { count: 1, value: 300 },
        // gekko-co, moved under it earlier, won o-3 in USD.
        currencies: { won: [], open: ['EUR'], wonWithSubsidiaries: ['USD'], openWithSubsidiaries: ['EUR'] },
      });
      expect(await acme.read('/v1/b2b/pipeline/summary')).toMatchObject({
        currencies: {
          open: ['EUR', 'USD'],
          won: ['USD'],
          byStage: { Prospecting: ['EUR'], Proposal: ['USD'], Won: ['USD'], Signed: ['USD'], Lost: ['USD'] },
        },
      });
      // Another tenant's deals are not counted in its currencies.
      expect(await globex.read('/v1/b2b/pipeline/summary')).toMatchObject({
        currencies: { open: [], won: [], byStage: {} },
      });
    });
  });
});
