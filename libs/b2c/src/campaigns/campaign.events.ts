/**
 * Events of campaign spend and attribution settings (schema version 1). Sends, opens and clicks are not
 * here: they are customer events (`campaign.sent` …) in `<tenant>/customerEvents-v1`.
 */

/** Stream `<tenant>/campaignCost-<campaignId>`: the campaign's total cost so far, replacing the last figure. */
export interface CampaignCostSet {
  type: 'CampaignCostSet';
  data: { campaignId: string; amount: number; currency: string; at: string };
}

/** Stream `<tenant>/campaignSettings-attribution`: a purchase this many days after a click converts. */
export interface CampaignConversionWindowSet {
  type: 'CampaignConversionWindowSet';
  data: { days: number; at: string };
}

export type CampaignCostEvent = CampaignCostSet;
export type CampaignSettingsEvent = CampaignConversionWindowSet;

export const CAMPAIGN_COST_EVENT_TYPES = ['CampaignCostSet'] as const satisfies readonly CampaignCostEvent['type'][];
export const CAMPAIGN_SETTINGS_EVENT_TYPES = [
  'CampaignConversionWindowSet',
] as const satisfies readonly CampaignSettingsEvent['type'][];
