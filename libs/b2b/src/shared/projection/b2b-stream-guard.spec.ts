import type { RecordedEvent } from '@crm/event-store/port/event-store.port';
import { isB2bEvent } from './b2b-stream-guard';

const event = (type: string, streamId: string): RecordedEvent =>
  ({ type, streamId, eventId: 'e', data: {}, metadata: { tenantId: 'acme' } }) as unknown as RecordedEvent;

describe('isB2bEvent', () => {
  it.each([
    ['ContactAdded', 'acme/contact-ana', true],
    ['ContactAdded', 'acme/crm-7', false],
    ['OpportunityWon', 'acme/opportunity-o-1', true],
    ['OpportunityWon', 'acme/account-o-1', false],
    ['call.logged', 'acme/customerEvents-v1', true],
    ['call.logged', 'acme/interaction-i-1', false],
    ['InteractionLogged', 'acme/interaction-i-1', true],
    ['OrderPlaced', 'acme/order-1', false],
  ])('%s in %s → %p', (type, streamId, expected) => expect(isB2bEvent(event(type, streamId))).toBe(expected));
});
