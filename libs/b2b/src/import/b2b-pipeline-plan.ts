import type { AccountProfile } from '../accounts/account.events';
import type { OpenOpportunityDetails } from '../opportunities/open-opportunity/open-opportunity.command';
import { DEFAULT_PIPELINE, DEFAULT_PIPELINE_ID } from '../pipelines/default-pipeline';
import { kebabId } from '../shared/domain/ids';
import { isCalendarDate } from '@crm/slices/domain/time';
import type { AccountCsvRow, B2bPipelineDataset, DealCsvRow } from './b2b-pipeline-dataset';

export interface AccountPlan {
  accountId: string;
  profile: AccountProfile;
  parentId: string | null;
}

export type ClosePlan = { outcome: 'won'; amount: number; at: string } | { outcome: 'lost'; at: string };

export interface DealPlan {
  details: OpenOpportunityDetails;
  openedAt: string;
  close: ClosePlan | null;
}

export interface ImportPlan {
  /** Parents before their subsidiaries, so every parent exists when a subsidiary is registered. */
  accounts: AccountPlan[];
  deals: DealPlan[];
  /** The latest date in the file: when undated Prospecting deals are taken to be known. */
  snapshotDate: string;
  /** The earliest date in the file: accounts are registered then, before any of their deals. */
  registeredAt: string;
  /** Tolerated oddities (an unknown product, an agent missing from the teams), reported, not fatal. */
  warnings: string[];
}

export class ImportPlanError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`The data set has ${problems.length} problem(s):\n${problems.slice(0, 20).join('\n')}`);
    this.name = 'ImportPlanError';
  }
}

const CURRENCY = 'USD';
const [PROSPECTING, ENGAGING] = DEFAULT_PIPELINE.stages as [string, string];
const STAGES = new Set([PROSPECTING, ENGAGING, DEFAULT_PIPELINE.wonStage, DEFAULT_PIPELINE.lostStage]);

/** `GTXPro` in the pipeline is `GTX Pro` in the price list: compare names without spaces or case. */
const productKey = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');
const instant = (date: string): string => `${date}T00:00:00.000Z`;
const optionalNumber = (text: string, integer: boolean): number | null | undefined => {
  if (text === '') return null;
  const n = Number(text);
  return Number.isFinite(n) && (!integer || Number.isInteger(n)) ? n : undefined;
};

const planAccounts = (rows: readonly AccountCsvRow[], problems: string[]): AccountPlan[] => {
  const byName = new Map<string, AccountPlan>();
  rows.forEach((row, i) => {
    const at = `accounts.csv row ${i + 2}`;
    const accountId = kebabId(row.account);
    if (accountId === '') return void problems.push(`${at}: account "${row.account}" gives no id`);
    if (byName.has(row.account)) return void problems.push(`${at}: account "${row.account}" appears twice`);
    const year = optionalNumber(row.year_established, true);
    const revenue = optionalNumber(row.revenue, false);
    const employees = optionalNumber(row.employees, true);
    if (year === undefined || revenue === undefined || employees === undefined)
      return void problems.push(`${at}: year_established, revenue and employees must be numbers`);
    byName.set(row.account, {
      accountId,
      profile: {
        name: row.account,
        // Kept as the source spells it (`technolgy`): the import records, it does not correct.
        sector: row.sector || null,
        yearEstablished: year,
        revenueMillions: revenue,
        employees,
        officeLocation: row.office_location || null,
      },
      parentId: row.subsidiary_of === '' ? null : kebabId(row.subsidiary_of),
    });
    if (row.subsidiary_of !== '' && !rows.some((r) => r.account === row.subsidiary_of))
      problems.push(`${at}: subsidiary_of "${row.subsidiary_of}" is not an account of the file`);
  });
  // Parents first: repeatedly take the accounts whose parent is already placed.
  const ordered: AccountPlan[] = [];
  const placed = new Set<string>();
  let pending = [...byName.values()];
  while (pending.length > 0) {
    const ready = pending.filter((a) => a.parentId === null || placed.has(a.parentId));
    if (ready.length === 0) {
      problems.push(`accounts.csv: subsidiary_of forms a cycle among ${pending.map((a) => a.accountId).join(', ')}`);
      break;
    }
    for (const account of ready) {
      ordered.push(account);
      placed.add(account.accountId);
    }
    pending = pending.filter((a) => !placed.has(a.accountId));
  }
  return ordered;
};

const planClose = (row: DealCsvRow, at: string, problems: string[]): ClosePlan | null => {
  if (row.deal_stage !== DEFAULT_PIPELINE.wonStage && row.deal_stage !== DEFAULT_PIPELINE.lostStage) return null;
  if (!isCalendarDate(row.close_date)) {
    problems.push(`${at}: a ${row.deal_stage} deal needs close_date YYYY-MM-DD`);
    return null;
  }
  if (row.close_date < row.engage_date) problems.push(`${at}: close_date is before engage_date`);
  if (row.deal_stage === DEFAULT_PIPELINE.lostStage) return { outcome: 'lost', at: instant(row.close_date) };
  const amount = Number(row.close_value);
  if (row.close_value === '' || !Number.isFinite(amount) || amount < 0) {
    problems.push(`${at}: a Won deal needs close_value ≥ 0`);
    return null;
  }
  return { outcome: 'won', amount, at: instant(row.close_date) };
};

/**
 * Turns the four files into the commands to send, without sending any: every problem of the data set
 * is found before anything is written. Pure, so the mapping is unit-tested on small fixtures.
 */
export const planB2bPipelineImport = (dataset: B2bPipelineDataset): ImportPlan => {
  const problems: string[] = [];
  const warnings: string[] = [];
  const accounts = planAccounts(dataset.accounts, problems);
  const accountIds = new Map(dataset.accounts.map((a) => [a.account, kebabId(a.account)]));
  const teams = new Map(dataset.teams.map((t) => [t.sales_agent, t]));
  const prices = new Map(dataset.products.map((p) => [productKey(p.product), Number(p.sales_price)]));
  const dates = dataset.deals.flatMap((d) => [d.engage_date, d.close_date]).filter(isCalendarDate);
  const snapshotDate = dates.reduce((max, d) => (d > max ? d : max), '2000-01-01');
  const firstDate = dates.reduce((min, d) => (d < min ? d : min), snapshotDate);

  const seen = new Set<string>();
  const deals: DealPlan[] = [];
  dataset.deals.forEach((row, i) => {
    const at = `sales_pipeline.csv row ${i + 2}`;
    if (!STAGES.has(row.deal_stage)) return void problems.push(`${at}: unknown deal_stage "${row.deal_stage}"`);
    if (seen.has(row.opportunity_id)) return void problems.push(`${at}: opportunity_id ${row.opportunity_id} twice`);
    seen.add(row.opportunity_id);
    const engaged = row.engage_date !== '';
    if (engaged && !isCalendarDate(row.engage_date)) return void problems.push(`${at}: engage_date is not YYYY-MM-DD`);
    if (!engaged && row.deal_stage !== PROSPECTING)
      return void problems.push(`${at}: a ${row.deal_stage} deal needs an engage_date`);
    const accountId = row.account === '' ? null : accountIds.get(row.account);
    if (accountId === undefined) return void problems.push(`${at}: account "${row.account}" is not in accounts.csv`);
    const price = prices.get(productKey(row.product));
    if (price === undefined) warnings.push(`${at}: product "${row.product}" has no price; amount 0`);
    const team = teams.get(row.sales_agent);
    if (!team && row.sales_agent !== '') warnings.push(`${at}: sales agent "${row.sales_agent}" is in no team`);
    const openedAt = instant(engaged ? row.engage_date : snapshotDate);
    deals.push({
      details: {
        opportunityId: row.opportunity_id,
        accountId,
        name: `${row.product} for ${row.account || 'an unknown account'}`,
        amount: price ?? 0,
        currency: CURRENCY,
        pipelineId: DEFAULT_PIPELINE_ID,
        // The data set knows when a deal was engaged, not when it was first prospected.
        stage: engaged ? ENGAGING : PROSPECTING,
        expectedCloseDate: null,
        product: row.product || null,
        owner: {
          salesAgent: row.sales_agent || null,
          manager: team?.manager || null,
          regionalOffice: team?.regional_office || null,
        },
      },
      openedAt,
      close: planClose(row, at, problems),
    });
  });
  if (problems.length > 0) throw new ImportPlanError(problems);
  return { accounts, deals, snapshotDate: instant(snapshotDate), registeredAt: instant(firstDate), warnings };
};
