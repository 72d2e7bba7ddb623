import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import {
  campaignCosts,
  conversionWindow,
  stageCounts,
  type CampaignCost,
  type StageCounts,
} from '../campaign-stages.query';
import { personMatching, type AttributionBasis } from '../person-matching';

export interface CampaignSummary extends StageCounts {
  campaignId: string;
  cost: CampaignCost | null;
}

export interface CampaignList {
  attributionBasis: AttributionBasis;
  conversionWindowDays: number;
  /** Version of the tenant's attribution settings (-1: default): expectedVersion for PUT /v1/b2c/campaign-settings. */
  settingsVersion: number;
  campaigns: CampaignSummary[];
  /** Pass as `after` for the next page; null on the last page. */
  next: string | null;
}

/** The tenant's campaigns (any with a touch or a cost), by id, a page at a time. */
export const listCampaigns = async (
  rm: ReadModelStore,
  tenantId: string,
  page: { after?: string; limit: number },
): Promise<CampaignList> => {
  const ids = (
    await rm.query<{ campaignId: string }>(
      `SELECT campaign_id AS "campaignId" FROM (
         SELECT campaign_id FROM b2c_campaign_touches WHERE tenant_id = ?
         UNION SELECT campaign_id FROM b2c_campaign_costs WHERE tenant_id = ?) c
        WHERE campaign_id > ? ORDER BY campaign_id LIMIT ?`,
      [tenantId, tenantId, page.after ?? '', page.limit + 1],
    )
  ).map((r) => r.campaignId);
  const pageIds = ids.slice(0, page.limit);
  const matching = await personMatching(rm);
  const [stages, costs, setting] = await Promise.all([
    stageCounts(rm, matching, tenantId, pageIds),
    campaignCosts(rm, tenantId, pageIds),
    conversionWindow(rm, tenantId),
  ]);
  return {
    attributionBasis: matching.basis,
    conversionWindowDays: setting.days,
    settingsVersion: setting.version,
    campaigns: pageIds.map((campaignId) => ({
      campaignId,
      ...stages.get(campaignId)!,
      cost: costs.get(campaignId) ?? null,
    })),
    next: ids.length > page.limit ? pageIds.at(-1)! : null,
  };
};
