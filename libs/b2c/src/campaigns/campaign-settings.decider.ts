import { assertNever, type Decider } from '@crm/slices/domain/decider';
import type { CampaignSettingsEvent } from './campaign.events';
import { DEFAULT_CONVERSION_WINDOW_DAYS } from './domain/attribution';

export interface SetConversionWindowCommand {
  type: 'SetConversionWindow';
  days: number;
  at: string;
}

export type CampaignSettingsCommand = SetConversionWindowCommand;

export interface CampaignSettingsState {
  conversionWindowDays: number;
}

/** The range is checked by the DTO; setting the window in force (the default included) appends nothing. */
const decide = (command: CampaignSettingsCommand, state: CampaignSettingsState): CampaignSettingsEvent[] => {
  switch (command.type) {
    case 'SetConversionWindow':
      if (command.days === state.conversionWindowDays) return [];
      return [{ type: 'CampaignConversionWindowSet', data: { days: command.days, at: command.at } }];
    default:
      return assertNever(command.type);
  }
};

const evolve = (_state: CampaignSettingsState, event: CampaignSettingsEvent): CampaignSettingsState => {
  switch (event.type) {
    case 'CampaignConversionWindowSet':
      return { conversionWindowDays: event.data.days };
    default:
      return assertNever(event.type);
  }
};

export const campaignSettingsDecider: Decider<CampaignSettingsCommand, CampaignSettingsEvent, CampaignSettingsState> = {
  decide,
  evolve,
  initialState: () => ({ conversionWindowDays: DEFAULT_CONVERSION_WINDOW_DAYS }),
};
