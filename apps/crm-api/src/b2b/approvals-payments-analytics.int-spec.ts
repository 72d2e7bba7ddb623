import { b2bClient, type B2bClient } from '@crm/b2b/testing/b2b-http';
import { createTestApp, type TestApp } from '../testing/create-test-app';

// Approval chains (only the current approver, in order, with comments), staged payments of a won deal
// (due, paid, overdue), and pipeline analytics by agent, manager and office — over HTTP on the real app.

const daysAgo = (days: number): string => new Date(Date.now() - days * 86_400_000).toISOString();
const date = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('B2B approvals, staged payments and pipeline analytics over HTTP', () => {
  let t: TestApp;
  let acme: B2bClient;

  const open = (opportunityId: string, extra: object) =>
    acme.post('/v1/b2b/opportunities', {
      opportunityId,
      accountId: 'acme',
      name: `Deal ${opportunityId}`,
      amount: 10000,
      currency: 'EUR',
      ...extra,
    });

  beforeAll(async () => {
    t = await createTestApp();
    acme = b2bClient(t.app, t.keys.acme);
    await acme.post('/v1/b2b/accounts', { accountId: 'acme', name: 'Acme', occurredAt: daysAgo(200) });
    const owner = (agent: string, manager: string, office: string) => ({
      salesAgent: agent,
      manager,
      regionalOffice: office,
    });
    await open('d-1', { occurredAt: daysAgo(90), ...owner('Ann', 'Mo', 'East') });
    await open('d-2', { occurredAt: daysAgo(90), ...owner('Ann', 'Mo', 'East') });
    await open('d-3', { occurredAt: daysAgo(90), ...owner('Bob', 'Mo', 'East') });
    await open('d-4', { occurredAt: daysAgo(5), ...owner('Cy', 'Lu', 'West') });
    await acme.post('/v1/b2b/opportunities/d-2/win', { amount: 12000, reason: 'Fit', occurredAt: daysAgo(30) });
    await acme.post('/v1/b2b/opportunities/d-3/lose', { reason: 'Price', occurredAt: daysAgo(60) });
  });
  afterAll(() => t.close());

  describe('approval chain', () => {
    it('goes step by step; only the current approver decides; the last approval grants it', async () => {
      const requested = await acme.post('/v1/b2b/approvals', {
        approvalId: 'apr-1',
        opportunityId: 'd-1',
        kind: 'discount',
        discountPercent: 12,
        amount: 1200,
        currency: 'EUR',
        approvers: [
          { approverId: 'mia', role: 'manager' },
          { approverId: 'fred', role: 'finance' },
          { approverId: 'cleo', role: 'ceo' },
        ],
        comment: 'Competitive pressure',
        occurredAt: daysAgo(3),
      });
      expect(requested).toMatchObject({ status: 201, body: { approvalId: 'apr-1', version: 0 } });

      const early = await acme.post('/v1/b2b/approvals/apr-1/approve', { approverId: 'fred' });
      expect(early).toMatchObject({
        status: 409,
        body: { type: '/problems/not-current-approver', detail: expect.stringContaining('Step 1 waits for mia') },
      });
      const waiting = await acme.read<Record<string, unknown>>('/v1/b2b/approvals/apr-1');
      expect(waiting).toMatchObject({
        status: 'pending',
        nextApprover: { step: 1, approverId: 'mia', role: 'manager' },
        steps: [{ status: 'waiting' }, { status: 'pending' }, { status: 'pending' }],
      });
      expect((waiting.nextApprover as { waitingDays: number }).waitingDays).toBeCloseTo(3, 1);

      expect((await acme.post('/v1/b2b/approvals/apr-1/approve', { approverId: 'mia', comment: 'OK' })).status).toBe(
        200,
      );
      expect(await acme.read('/v1/b2b/approvals?approverId=fred')).toMatchObject({
        approvals: [{ approvalId: 'apr-1', nextApprover: { approverId: 'fred', step: 2 } }],
      });
      expect(
        (await acme.post('/v1/b2b/approvals/apr-1/approve', { approverId: 'fred', expectedVersion: 1 })).status,
      ).toBe(200);
      const granted = await acme.post('/v1/b2b/approvals/apr-1/approve', { approverId: 'cleo', comment: 'Go' });
      expect(granted).toMatchObject({ status: 200, body: { version: 4, appended: 2 } });
      expect(await acme.read('/v1/b2b/approvals/apr-1')).toMatchObject({
        status: 'approved',
        nextApprover: null,
        steps: [
          { step: 1, status: 'approved', comment: 'OK' },
          { step: 2, status: 'approved', comment: null },
          { step: 3, status: 'approved', comment: 'Go' },
        ],
      });
      const again = await acme.post('/v1/b2b/approvals/apr-1/approve', { approverId: 'cleo' });
      expect(again).toMatchObject({ status: 409, body: { type: '/problems/approval-decided' } });
    });

    it('ends on a rejection with its comment, and shows on the deal and the account timeline', async () => {
      await acme.post('/v1/b2b/approvals', {
        approvalId: 'apr-2',
        opportunityId: 'd-1',
        kind: 'contract',
        approvers: [{ approverId: 'mia' }, { approverId: 'fred' }],
      });
      const noComment = await acme.post('/v1/b2b/approvals/apr-2/reject', { approverId: 'mia' });
      expect(noComment.status).toBe(422);
      expect((await acme.post('/v1/b2b/approvals/apr-2/reject', { approverId: 'mia', comment: 'Terms' })).status).toBe(
        200,
      );
      const deal = await acme.read<{
        approvals: { approvalId: string; status: string; steps: { status: string }[] }[];
      }>('/v1/b2b/opportunities/d-1');
      expect(deal.approvals.map((a) => [a.approvalId, a.status, a.steps.map((s) => s.status)])).toEqual([
        ['apr-1', 'approved', ['approved', 'approved', 'approved']],
        ['apr-2', 'rejected', ['rejected', 'skipped']],
      ]);
      const timeline = await acme.read<{ entries: { kind: string; title: string }[] }>(
        '/v1/b2b/accounts/acme/timeline',
      );
      expect(timeline.entries.map((e) => e.kind)).toEqual(
        expect.arrayContaining([
          'approval-requested',
          'approval-step-approved',
          'approval-granted',
          'approval-step-rejected',
        ]),
      );
      expect(timeline.entries.filter((e) => e.kind === 'approval-requested').map((e) => e.title)).toEqual([
        'Approval of contract on deal "Deal d-1" requested: mia → fred',
        'Approval of 12 % discount on deal "Deal d-1" requested: manager → finance → ceo',
      ]);
    });

    it('refuses a chain with an approver twice, an unknown deal, and a closed deal', async () => {
      const base = { kind: 'discount', approvers: [{ approverId: 'mia' }] };
      expect(
        await acme.post('/v1/b2b/approvals', {
          ...base,
          opportunityId: 'd-1',
          approvers: [{ approverId: 'x' }, { approverId: 'x' }],
        }),
      ).toMatchObject({ status: 422, body: { type: '/problems/invalid-approver-chain' } });
      expect(await acme.post('/v1/b2b/approvals', { ...base, opportunityId: 'nope' })).toMatchObject({
        status: 422,
        body: { type: '/problems/unknown-opportunity' },
      });
      expect(await acme.post('/v1/b2b/approvals', { ...base, opportunityId: 'd-3' })).toMatchObject({
        status: 409,
        body: { type: '/problems/opportunity-closed' },
      });
      expect((await acme.get('/v1/b2b/approvals/nope')).status).toBe(404);
    });
  });

  describe('staged payments', () => {
    it('schedules instalments of a won deal and tracks due, paid and overdue', async () => {
      const schedule = (instalments: object[]) =>
        acme.post('/v1/b2b/opportunities/d-2/payments/schedule', { instalments });
      expect(await schedule([{ dueDate: date(-10), amount: 5000 }])).toMatchObject({
        status: 422,
        body: { type: '/problems/invalid-payment-schedule' },
      });
      const ok = await schedule([
        { dueDate: date(-40), amount: 4000 },
        { dueDate: date(-10), amount: 4000 },
        { dueDate: date(20), amount: 4000 },
      ]);
      expect(ok.status).toBe(200);
      const pay = (instalment: number, amount: number) =>
        acme.post('/v1/b2b/opportunities/d-2/payments', { instalment, amount, reference: `INV-${instalment}` });
      expect((await pay(1, 4000)).status).toBe(200);
      expect((await pay(2, 1500)).status).toBe(200);
      expect(await pay(2, 3000)).toMatchObject({ status: 409, body: { type: '/problems/instalment-overpaid' } });
      expect(
        await acme.post('/v1/b2b/opportunities/d-1/payments/schedule', {
          instalments: [{ dueDate: date(1), amount: 1 }],
        }),
      ).toMatchObject({
        status: 409,
        body: { type: '/problems/opportunity-not-won' },
      });

      const deal = await acme.read<{ payments: Record<string, unknown> }>('/v1/b2b/opportunities/d-2');
      expect(deal.payments).toMatchObject({
        currency: 'EUR',
        total: 12000,
        paid: 5500,
        outstanding: 6500,
        overdue: 2500,
        instalments: [
          { instalment: 1, status: 'paid', paid: 4000 },
          { instalment: 2, status: 'overdue', paid: 1500 },
          { instalment: 3, status: 'due', paid: 0 },
        ],
      });
    });
  });

  describe('pipeline analytics', () => {
    it('gives win rate, cycle, velocity and stalled deals per manager and per agent', async () => {
      const byManager = await acme.read<{ total: Record<string, unknown>; groups: Record<string, unknown>[] }>(
        '/v1/b2b/pipeline/analytics?groupBy=manager&stalledDays=30',
      );
      expect(byManager.total).toMatchObject({
        opportunities: 4,
        openCount: 2,
        wonCount: 1,
        lostCount: 1,
        winRate: 0.5,
      });
      expect(byManager.groups).toEqual([
        expect.objectContaining({ key: 'Lu', opportunities: 1, openCount: 1, stalled: 0, winRate: null }),
        expect.objectContaining({
          key: 'Mo',
          opportunities: 3,
          wonCount: 1,
          lostCount: 1,
          stalled: 1,
          winRate: 0.5,
        }),
      ]);
      // Mo: d-2 won after 60 days, d-3 lost after 30 (the test's clock moves a few ms between dates).
      expect(byManager.groups[1]!.avgCycleDays).toBeCloseTo(45, 3);
      // 1 open deal × 12,000 average won × 0.5 win rate ÷ 45 days.
      expect(byManager.groups[1]!.velocityPerDay).toBeCloseTo((1 * 12000 * 0.5) / 45, 3);

      const byAgent = await acme.read<{ groups: { key: string }[]; stalledDeals: Record<string, unknown>[] }>(
        '/v1/b2b/pipeline/analytics?groupBy=agent&stalledDays=30',
      );
      expect(byAgent.groups.map((g) => g.key)).toEqual(['Ann', 'Bob', 'Cy']);
      // d-1 was opened 90 days ago and only had approvals since: no interaction, no stage move.
      expect(byAgent.stalledDeals).toEqual([
        expect.objectContaining({ opportunityId: 'd-1', salesAgent: 'Ann', manager: 'Mo', regionalOffice: 'East' }),
      ]);
      const asOfPast = await acme.read<{ stalledDeals: unknown[] }>(
        `/v1/b2b/pipeline/analytics?stalledDays=30&asOf=${encodeURIComponent(daysAgo(80))}`,
      );
      expect(asOfPast.stalledDeals).toEqual([]);
      expect((await acme.get('/v1/b2b/pipeline/analytics?groupBy=planet')).status).toBe(422);
    });
  });
});
