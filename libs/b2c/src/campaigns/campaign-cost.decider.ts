import { assertNever, type Decider } from '@crm/slices/domain/decider';
import type { CampaignCostEvent } from './campaign.events';

export interface SetCampaignCostCommand {
  type: 'SetCampaignCost';
  campaignId: string;
  /** Total spend on the campaign so far, in `currency`: it replaces the previous figure, it is not added to it. */
  amount: number;
  currency: string;
  at: string;
}

export type CampaignCostCommand = SetCampaignCostCommand;

export interface CampaignCostState {
  cost: { amount: number; currency: string } | null;
}

/** Amount and currency are checked by the DTO; the same figure again (a retry) appends nothing. */
const decide = (command: CampaignCostCommand, state: CampaignCostState): CampaignCostEvent[] => {
  switch (command.type) {
    case 'SetCampaignCost': {
      const { campaignId, amount, currency, at } = command;
      if (state.cost?.amount === amount && state.cost.currency === currency) return [];
      return [{ type: 'CampaignCostSet', data: { campaignId, amount, currency, at } }];
    }
    default:
      return assertNever(command.type);
  }
};

const evolve = (_state: CampaignCostState, event: CampaignCostEvent): CampaignCostState => {
  switch (event.type) {
    case 'CampaignCostSet':
      return { cost: { amount: event.data.amount, currency: event.data.currency } };
    default:
      return assertNever(event.type);
  }
};

export const campaignCostDecider: Decider<CampaignCostCommand, CampaignCostEvent, CampaignCostState> = {
  decide,
  evolve,
  initialState: () => ({ cost: null }),
};
