import { streamIdOf } from '@crm/event-store/port/stream-id';

export const CAMPAIGN_COST_CATEGORY = 'campaignCost';
export const CAMPAIGN_SETTINGS_CATEGORY = 'campaignSettings';

/** One stream per campaign's spend; throws for a campaign id no stream id can hold (a `/`, surrounding spaces). */
export const campaignCostStreamId = (tenantId: string, campaignId: string): string =>
  streamIdOf(tenantId, CAMPAIGN_COST_CATEGORY, campaignId);

export const campaignSettingsStreamId = (tenantId: string): string =>
  streamIdOf(tenantId, CAMPAIGN_SETTINGS_CATEGORY, 'attribution');
