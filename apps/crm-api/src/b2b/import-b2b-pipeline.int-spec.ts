import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dropSchema, testDatabaseUrl, uniqueSchema } from '@crm/event-store/testing/postgres-test-db';
import { hashProjection } from '@crm/projections/core/content-hash';
import { rebuildProjection } from '@crm/projections/core/rebuild';
import { PostgresReadModelStore } from '@crm/projections/adapters/postgres/postgres-read-model-store';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { READ_MODEL_STORE } from '@crm/projections/projections.module';
import { CommandBus } from '@nestjs/cqrs';
import { createTestApp, type TestApp } from '../testing/create-test-app';
import { ACCOUNTS_PROJECTION } from '@crm/b2b/accounts/account.projection';
import { findAccount } from '@crm/b2b/accounts/get-account/account.query';
import { b2bProjections } from '@crm/b2b/b2b-projections';
import { findOpportunity } from '@crm/b2b/opportunities/get-opportunity/opportunity.query';
import { OPPORTUNITIES_PROJECTION } from '@crm/b2b/opportunities/opportunity.projection';
import { PIPELINE_SUMMARY_PROJECTION } from '@crm/b2b/pipeline-summary/pipeline-summary.projection';
import { pipelineSummary } from '@crm/b2b/pipeline-summary/get-pipeline-summary/pipeline-summary.query';
import { b2bClient, type B2bClient } from '@crm/b2b/testing/b2b-http';
import { readB2bPipelineDataset } from '@crm/b2b/import/b2b-pipeline-dataset';
import { planB2bPipelineImport } from '@crm/b2b/import/b2b-pipeline-plan';
import { importB2bPipeline, type ImportReport } from '@crm/b2b/import/import-b2b-pipeline';

// The real data set (../shared/data, relative to the repo root) through the real command handlers of
// the real app. Expected figures are computed here from the raw CSV lines with a plain split, not with
// the importer's parser or plan, so a mapping bug cannot agree with itself.

// ../shared/data relative to the repo root.
const DATA_DIR = join(__dirname, '../../../..', '../shared/data/b2b-sales-pipeline');
const DAY_MS = 86_400_000;

const csvRows = (file: string): Record<string, string>[] => {
  const [header, ...lines] = readFileSync(join(DATA_DIR, file), 'utf8').trim().split('\n');
  const names = header!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i], v])));
};

const expected = (() => {
  const deals = csvRows('sales_pipeline.csv');
  const accounts = csvRows('accounts.csv');
  const byStage: Record<string, number> = {};
  for (const d of deals) byStage[d.deal_stage!] = (byStage[d.deal_stage!] ?? 0) + 1;
  const won = deals.filter((d) => d.deal_stage === 'Won');
  const closed = deals.filter((d) => d.deal_stage === 'Won' || d.deal_stage === 'Lost');
  const cycleDays = closed.map((d) => (Date.parse(d.close_date!) - Date.parse(d.engage_date!)) / DAY_MS);
  const wonByAccount = new Map<string, number>();
  for (const d of won) wonByAccount.set(d.account!, (wonByAccount.get(d.account!) ?? 0) + Number(d.close_value));
  const children = (name: string) => accounts.filter((a) => a.subsidiary_of === name).map((a) => a.account!);
  const group = (name: string): string[] => [name, ...children(name).flatMap(group)];
  const managerOf = new Map(csvRows('sales_teams.csv').map((t) => [t.sales_agent!, t.manager!]));
  const byManager = new Map<string, { wonCount: number; wonValue: number; lostCount: number }>();
  for (const d of closed) {
    const m = byManager.get(managerOf.get(d.sales_agent!)!) ?? { wonCount: 0, wonValue: 0, lostCount: 0 };
    if (d.deal_stage === 'Won') {
      m.wonCount += 1;
      m.wonValue += Number(d.close_value);
    } else m.lostCount += 1;
    byManager.set(managerOf.get(d.sales_agent!)!, m);
  }
  const kebab = (name: string) =>
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '');
  return {
    deals: deals.length,
    byStage,
    wonCount: won.length,
    wonValue: won.reduce((sum, d) => sum + Number(d.close_value), 0),
    lostCount: byStage.Lost ?? 0,
    accountless: deals.filter((d) => d.account === '').length,
    avgCycleDays: cycleDays.reduce((a, b) => a + b, 0) / cycleDays.length,
    parents: [...new Set(accounts.map((a) => a.subsidiary_of!).filter((p) => p !== ''))].map((name) => ({
      accountId: kebab(name),
      subsidiaryIds: children(name).map(kebab).sort(),
      wonValue: wonByAccount.get(name) ?? 0,
      wonValueWithSubsidiaries: group(name).reduce((sum, n) => sum + (wonByAccount.get(n) ?? 0), 0),
    })),
    byManager,
    subsidiaries: accounts
      .filter((a) => a.subsidiary_of !== '')
      .map((a) => [kebab(a.account!), kebab(a.subsidiary_of!)]),
  };
})();

describe('crm import b2b-pipeline (the Maven Analytics CSVs) through the command handlers', () => {
  let t: TestApp;
  let client: B2bClient;
  let first: ImportReport;

  const runImport = async (): Promise<ImportReport> =>
    importB2bPipeline(planB2bPipelineImport(await readB2bPipelineDataset(DATA_DIR)), {
      tenantId: 'acme',
      dispatcher: t.app.get(CommandBus),
    });

  beforeAll(async () => {
    t = await createTestApp();
    client = b2bClient(t.app, t.keys.acme);
    first = await runImport();
    client.lastPosition = first.lastPosition;
  });
  afterAll(() => t.close());

  it('imports every account and deal, keeping and counting account-less deals', () => {
    expect(first).toMatchObject({
      accounts: { total: 85, registered: 85 },
      opportunities: {
        total: expected.deals,
        opened: expected.deals,
        won: expected.wonCount,
        lost: expected.lostCount,
        accountless: expected.accountless,
      },
      warnings: [],
    });
    expect(first.eventsAppended).toBe(85 + expected.deals + expected.wonCount + expected.lostCount);
  });

  it('gives the pipeline summary the CSV gives: stages, won count and value, win rate, cycle days', async () => {
    const summary = await client.read<Record<string, unknown>>('/v1/b2b/pipeline/summary');
    expect(summary).toMatchObject({
      opportunities: expected.deals,
      byStage: expected.byStage,
      won: { count: expected.wonCount, value: expected.wonValue },
      lost: { count: expected.lostCount },
      accountless: expected.accountless,
    });
    expect(summary.winRate).toBeCloseTo(expected.wonCount / (expected.wonCount + expected.lostCount), 12);
    expect(summary.avgCycleDays).toBeCloseTo(expected.avgCycleDays, 9);
  });

  it('rolls won value up over subsidiaries, as the CSV’s subsidiary_of says', async () => {
    expect(expected.parents.length).toBeGreaterThan(0);
    for (const parent of expected.parents) {
      const account = await client.read<Record<string, unknown>>(`/v1/b2b/accounts/${parent.accountId}`);
      expect(account).toMatchObject(parent);
    }
    for (const [subsidiary, parentId] of expected.subsidiaries) {
      expect(await client.read(`/v1/b2b/accounts/${subsidiary}`)).toMatchObject({ parentId });
    }
  });

  it('carries agent, manager and regional office on the deal, and its cycle days', async () => {
    const deal = await client.read<Record<string, unknown>>('/v1/b2b/opportunities/1C1I7A6R');
    expect(deal).toMatchObject({
      accountId: 'cancity',
      status: 'won',
      wonValue: 1054,
      salesAgent: 'Moses Frase',
      manager: 'Dustin Brinkmann',
      regionalOffice: 'Central',
      engagedAt: '2016-10-20T00:00:00.000Z',
      closedAt: '2017-03-01T00:00:00.000Z',
      cycleDays: 132,
    });
  });

  it('gives won and lost deals and the win rate per manager, as the pipeline and the sales teams say', async () => {
    const analytics = await client.read<{
      groups: { key: string; wonCount: number; wonValue: number; lostCount: number; winRate: number }[];
    }>('/v1/b2b/pipeline/analytics?groupBy=manager&asOf=2017-12-31T00:00:00Z&stalledLimit=0');
    expect(analytics.groups.map((g) => g.key).sort()).toEqual([...expected.byManager.keys()].sort());
    for (const group of analytics.groups) {
      const want = expected.byManager.get(group.key)!;
      expect(group).toMatchObject(want);
      expect(group.winRate).toBeCloseTo(want.wonCount / (want.wonCount + want.lostCount), 12);
    }
  });

  it('adds nothing when run again', async () => {
    const head = await t.store.headPosition();
    const again = await runImport();
    expect(again).toMatchObject({
      eventsAppended: 0,
      accounts: { registered: 0 },
      opportunities: { opened: 0, won: 0, lost: 0 },
    });
    expect(again.lastPosition).toBe(first.lastPosition);
    expect(await t.store.headPosition()).toBe(head);
  });

  it('rebuilds every B2B read model blue/green into identical content (no clock in apply)', async () => {
    const rm = t.app.get<ReadModelStore>(READ_MODEL_STORE);
    for (const projection of b2bProjections()) {
      const serving = await hashProjection(rm, projection);
      const rebuilt = await rebuildProjection(t.store, rm, projection);
      const after = await hashProjection(rm, projection);
      expect(after.generation).toBe(rebuilt.generation);
      expect(after.generation).toBeGreaterThan(serving.generation);
      expect({ projection: projection.name, hash: after.hash }).toEqual({
        projection: projection.name,
        hash: serving.hash,
      });
    }
  }, 120_000);

  it('builds the same figures into PostgreSQL read models (portable SQL)', async () => {
    const schema = uniqueSchema('b2b_rm');
    const pg = await new PostgresReadModelStore(testDatabaseUrl(), schema).init();
    try {
      // The three read models compared below; PostgreSQL costs a round trip per statement.
      const compared = new Set([ACCOUNTS_PROJECTION, OPPORTUNITIES_PROJECTION, PIPELINE_SUMMARY_PROJECTION]);
      for (const projection of b2bProjections().filter((p) => compared.has(p.name)))
        await rebuildProjection(t.store, pg, projection);
      const sqliteRm = t.app.get<ReadModelStore>(READ_MODEL_STORE);
      expect(await pipelineSummary(pg, 'acme', undefined)).toEqual(await pipelineSummary(sqliteRm, 'acme', undefined));
      for (const parent of expected.parents) {
        expect(await findAccount(pg, 'acme', parent.accountId)).toEqual(
          await findAccount(sqliteRm, 'acme', parent.accountId),
        );
      }
      const now = new Date('2018-01-01T00:00:00Z');
      for (const id of ['1C1I7A6R', 'EC4QE1BX', 'HAXMC4IX']) {
        expect(await findOpportunity(pg, 'acme', id, now)).toEqual(await findOpportunity(sqliteRm, 'acme', id, now));
      }
    } finally {
      await pg.close();
      await dropSchema(schema);
    }
  }, 240_000);
});
