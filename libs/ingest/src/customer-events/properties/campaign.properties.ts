/** Marketing campaigns: the funnel from send to open to click, per message. */
import { id, shortText, url } from '../schema/strings';
import { object, optional, required } from '../schema/schema';

const campaignFields = {
  campaignId: required(id('The marketing tool campaign id', 'cmp_spring_2025')),
  messageId: optional(id('One send to one person')),
  variant: optional(shortText(200, 'A/B variant')),
};

export const campaignSentV1 = object(campaignFields, { description: 'A campaign message was sent to the person' });
export const campaignOpenedV1 = object(campaignFields, { description: 'The person opened a campaign message' });
export const campaignClickedV1 = object(
  { ...campaignFields, url: required(url()) },
  { description: 'The person clicked a link of a campaign message' },
);
