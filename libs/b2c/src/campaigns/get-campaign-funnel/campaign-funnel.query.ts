import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import {
  campaignCosts,
  conversionWindow,
  stageCounts,
  type CampaignCost,
  type StageCounts,
} from '../campaign-stages.query';
import { MS_PER_DAY } from '../domain/attribution';
import { personMatching, type AttributionBasis, type PersonMatching } from '../person-matching';

export interface CampaignFunnel extends StageCounts {
  campaignId: string;
  attribution: {
    /** `profiles` once identity resolution's view exists, else `identifier-keys` (see person-matching.ts). */
    basis: AttributionBasis;
    conversionWindowDays: number;
  };
  /** People with at least one converting purchase: at or after one of their clicks, within the window. */
  converted: number;
  /** Of those, people whose converting purchase was their first purchase ever (no earlier order by them). */
  newCustomers: number;
  /** Converting purchases (an order converts for every campaign whose click precedes it within the window). */
  orders: number;
  /** Their amounts, per currency, in currency order. */
  revenue: { currency: string; amount: number }[];
  cost: CampaignCost | null;
  /** Customer acquisition cost: cost ÷ new customers, in the cost's currency; null without cost or new customers. */
  cac: { amount: number; currency: string } | null;
  rates: { open: number | null; click: number | null; clickToOpen: number | null; conversion: number | null };
}

interface ConversionRow {
  eventId: string;
  amount: number;
  currency: string;
  person: string;
  firstPurchase: number;
}

/**
 * The purchases that convert for a campaign, with their buyer and whether it was the buyer's first
 * purchase. Same person = a shared person token (person-matching.ts); the first-purchase check looks at
 * every purchase sharing a token with the converting one, not only those near a click.
 */
const conversions = (
  rm: ReadModelStore,
  matching: PersonMatching,
  tenantId: string,
  campaignId: string,
  windowMs: number,
): Promise<ConversionRow[]> =>
  rm.query<ConversionRow>(
    `WITH persons AS (${matching.personTokens}),
     clicks AS (
       SELECT t.occurred_at_ms AS at, p.person FROM b2c_campaign_touches t JOIN persons p ON p.event_id = t.event_id
        WHERE t.tenant_id = ? AND t.campaign_id = ? AND t.kind = 'clicked'),
     converting AS (
       SELECT DISTINCT b.event_id FROM b2c_campaign_purchases b
         JOIN persons p ON p.event_id = b.event_id JOIN clicks c ON c.person = p.person
        WHERE b.tenant_id = ? AND b.occurred_at_ms >= c.at AND b.occurred_at_ms <= c.at + ?)
     SELECT pu.event_id AS "eventId", pu.amount, pu.currency,
            (SELECT min(p.person) FROM persons p WHERE p.event_id = pu.event_id) AS person,
            CASE WHEN EXISTS (
              SELECT 1 FROM persons bt JOIN persons et ON et.person = bt.person
                JOIN b2c_campaign_purchases e ON e.tenant_id = pu.tenant_id AND e.event_id = et.event_id
               WHERE bt.event_id = pu.event_id AND e.occurred_at_ms < pu.occurred_at_ms)
            THEN 0 ELSE 1 END AS "firstPurchase"
       FROM converting cv JOIN b2c_campaign_purchases pu ON pu.tenant_id = ? AND pu.event_id = cv.event_id
      ORDER BY pu.event_id`,
    [tenantId, tenantId, campaignId, tenantId, windowMs, tenantId],
  );

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/**
 * Sent → opened → clicked → converted for one campaign, revenue, cost and CAC; undefined when the
 * tenant has no such campaign (no touch and no cost). `windowDays` overrides the tenant's setting for
 * this query only.
 */
export const campaignFunnel = async (
  rm: ReadModelStore,
  tenantId: string,
  campaignId: string,
  windowDays?: number,
): Promise<CampaignFunnel | undefined> => {
  const matching = await personMatching(rm);
  const [stages, costs, setting] = await Promise.all([
    stageCounts(rm, matching, tenantId, [campaignId]),
    campaignCosts(rm, tenantId, [campaignId]),
    conversionWindow(rm, tenantId),
  ]);
  const counts = stages.get(campaignId)!;
  const cost = costs.get(campaignId) ?? null;
  if (counts.events.sent + counts.events.opened + counts.events.clicked === 0 && cost === null) return undefined;
  const days = windowDays ?? setting.days;
  const rows = await conversions(rm, matching, tenantId, campaignId, days * MS_PER_DAY);
  // Summed here in event-id order, not by SQL SUM: the same floating-point result on SQLite and PostgreSQL.
  const revenue = new Map<string, number>();
  for (const row of rows) revenue.set(row.currency, (revenue.get(row.currency) ?? 0) + Number(row.amount));
  const converted = new Set(rows.map((r) => r.person)).size;
  const newCustomers = new Set(rows.filter((r) => Number(r.firstPurchase) === 1).map((r) => r.person)).size;
  return {
    campaignId,
    attribution: { basis: matching.basis, conversionWindowDays: days },
    ...counts,
    converted,
    newCustomers,
    orders: rows.length,
    revenue: [...revenue.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([currency, amount]) => ({ currency, amount })),
    cost,
    cac: cost !== null && newCustomers > 0 ? { amount: cost.amount / newCustomers, currency: cost.currency } : null,
    rates: {
      open: ratio(counts.opened, counts.sent),
      click: ratio(counts.clicked, counts.sent),
      clickToOpen: ratio(counts.clicked, counts.opened),
      conversion: ratio(converted, counts.clicked),
    },
  };
};
