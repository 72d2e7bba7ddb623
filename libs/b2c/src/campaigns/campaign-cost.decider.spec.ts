import { deciderSpec } from '@crm/slices/testing/decider-spec';
import { campaignCostDecider, type CampaignCostCommand } from './campaign-cost.decider';
import type { CampaignCostEvent } from './campaign.events';

const { given } = deciderSpec(campaignCostDecider);
const at = '2026-03-01T10:00:00.000Z';
const setCost = (amount: number, currency = 'EUR'): CampaignCostCommand => ({
  type: 'SetCampaignCost',
  campaignId: 'cmp_spring',
  amount,
  currency,
  at,
});
const costSet = (amount: number, currency = 'EUR'): CampaignCostEvent => ({
  type: 'CampaignCostSet',
  data: { campaignId: 'cmp_spring', amount, currency, at },
});

describe('campaign cost decider', () => {
  it('given no cost, when a cost is set, then CampaignCostSet', () =>
    given()
      .when(setCost(1200))
      .then([costSet(1200)]));

  it('given a cost, when a new total is set, then it replaces the figure (not added to it)', () =>
    given(costSet(1200))
      .when(setCost(1500))
      .then([costSet(1500)]));

  it('given a cost, when the same figure is set again, then nothing', () =>
    given(costSet(1200)).when(setCost(1200)).thenNothing());

  it('given a cost, when the same amount comes in another currency, then it is recorded', () =>
    given(costSet(1200))
      .when(setCost(1200, 'USD'))
      .then([costSet(1200, 'USD')]));
});
