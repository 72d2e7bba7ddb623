import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { DEFAULT_CONVERSION_WINDOW_DAYS } from './domain/attribution';
import type { PersonMatching } from './person-matching';

export interface StageCounts {
  /** Unique people reached at each stage (by person token, see person-matching.ts). */
  sent: number;
  opened: number;
  clicked: number;
  /** Raw events per stage (a person opening twice is two opens). */
  events: { sent: number; opened: number; clicked: number };
  firstActivityAt: string | null;
  lastActivityAt: string | null;
}

export interface CampaignCost {
  amount: number;
  currency: string;
  /** Version of the campaign's cost stream: pass as expectedVersion to change it. */
  version: number;
}

const EMPTY = (): StageCounts => ({
  sent: 0,
  opened: 0,
  clicked: 0,
  events: { sent: 0, opened: 0, clicked: 0 },
  firstActivityAt: null,
  lastActivityAt: null,
});

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(Number(ms)).toISOString());

/** Unique people and events per stage for each of `campaignIds` (absent ones: zeros). */
export const stageCounts = async (
  rm: ReadModelStore,
  matching: PersonMatching,
  tenantId: string,
  campaignIds: readonly string[],
): Promise<Map<string, StageCounts>> => {
  const counts = new Map(campaignIds.map((id) => [id, EMPTY()]));
  if (campaignIds.length === 0) return counts;
  const rows = await rm.query<{
    campaignId: string;
    kind: 'sent' | 'opened' | 'clicked';
    persons: number;
    events: number;
    firstAt: number;
    lastAt: number;
  }>(
    `WITH persons AS (${matching.personTokens}),
     touch AS (
       SELECT t.campaign_id, t.kind, t.event_id, min(t.occurred_at_ms) AS at, min(p.person) AS person
         FROM b2c_campaign_touches t JOIN persons p ON p.event_id = t.event_id
        WHERE t.tenant_id = ? AND t.campaign_id IN (${campaignIds.map(() => '?').join(', ')})
        GROUP BY t.campaign_id, t.kind, t.event_id)
     SELECT campaign_id AS "campaignId", kind, count(DISTINCT person) AS persons, count(*) AS events,
            min(at) AS "firstAt", max(at) AS "lastAt"
       FROM touch GROUP BY campaign_id, kind`,
    [tenantId, tenantId, ...campaignIds],
  );
  for (const row of rows) {
    const c = counts.get(row.campaignId)!;
    c[row.kind] = Number(row.persons);
    c.events[row.kind] = Number(row.events);
    const first = iso(row.firstAt);
    const last = iso(row.lastAt);
    if (c.firstActivityAt === null || (first !== null && first < c.firstActivityAt)) c.firstActivityAt = first;
    if (c.lastActivityAt === null || (last !== null && last > c.lastActivityAt)) c.lastActivityAt = last;
  }
  return counts;
};

export const campaignCosts = async (
  rm: ReadModelStore,
  tenantId: string,
  campaignIds: readonly string[],
): Promise<Map<string, CampaignCost>> => {
  if (campaignIds.length === 0) return new Map();
  const rows = await rm.query<CampaignCost & { campaignId: string }>(
    `SELECT campaign_id AS "campaignId", amount, currency, version FROM b2c_campaign_costs
      WHERE tenant_id = ? AND campaign_id IN (${campaignIds.map(() => '?').join(', ')})`,
    [tenantId, ...campaignIds],
  );
  return new Map(
    rows.map((r) => [r.campaignId, { amount: Number(r.amount), currency: r.currency, version: Number(r.version) }]),
  );
};

/** The tenant's conversion window; the default until it sets one (version -1). */
export const conversionWindow = async (
  rm: ReadModelStore,
  tenantId: string,
): Promise<{ days: number; version: number }> => {
  const [row] = await rm.query<{ days: number; version: number }>(
    'SELECT conversion_window_days AS days, version FROM b2c_campaign_settings WHERE tenant_id = ?',
    [tenantId],
  );
  return row
    ? { days: Number(row.days), version: Number(row.version) }
    : { days: DEFAULT_CONVERSION_WINDOW_DAYS, version: -1 };
};
