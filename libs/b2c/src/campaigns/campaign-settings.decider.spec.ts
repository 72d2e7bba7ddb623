import { deciderSpec } from '@crm/slices/testing/decider-spec';
import { campaignSettingsDecider } from './campaign-settings.decider';
import type { CampaignSettingsEvent } from './campaign.events';

const { given, stateAfter } = deciderSpec(campaignSettingsDecider);
const at = '2026-03-01T10:00:00.000Z';
const windowSet = (days: number): CampaignSettingsEvent => ({
  type: 'CampaignConversionWindowSet',
  data: { days, at },
});

describe('campaign settings decider', () => {
  it('starts at the default window of 7 days', () => expect(stateAfter().conversionWindowDays).toBe(7));

  it('given the default, when 14 days are set, then CampaignConversionWindowSet', () =>
    given()
      .when({ type: 'SetConversionWindow', days: 14, at })
      .then([windowSet(14)]));

  it('given the default, when 7 days are set, then nothing (already in force)', () =>
    given().when({ type: 'SetConversionWindow', days: 7, at }).thenNothing());

  it('given 14 days, when 7 days are set, then the change back is recorded', () =>
    given(windowSet(14))
      .when({ type: 'SetConversionWindow', days: 7, at })
      .then([windowSet(7)]));
});
