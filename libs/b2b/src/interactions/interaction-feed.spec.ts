import type { RecordedEvent } from '@crm/event-store/port/event-store.port';
import type { JsonObject } from '@crm/event-store/port/json';
import { feedInteractionOf } from './interaction-feed';

const recorded = (type: string, data: JsonObject, occurredAt = '2025-03-14T10:26:53.589+01:00'): RecordedEvent => ({
  eventId: '0b3e6f2a-8c1d-4f5e-9a7b-000000000008',
  type,
  schemaVersion: 1,
  streamId: 'acme/customerEvents-v1',
  streamVersion: 7,
  position: 42,
  data,
  metadata: { tenantId: 'acme', occurredAt },
  recordedAt: '2025-03-14T09:30:00.000Z',
});

describe('feedInteractionOf', () => {
  it('reads an ingested meeting with a B2B subject, in UTC, keyed by its event id', () =>
    expect(
      feedInteractionOf(
        recorded('meeting.held', {
          subject: { accountId: 'acme', contactId: 'con_77', opportunityId: 'opp_1' },
          channel: 'sales',
          properties: {
            meetingId: 'mtg_301',
            durationSeconds: 3600,
            participants: [
              { contactId: 'con_77', name: 'Ana Lima', role: 'technical-evaluator' },
              { name: 'Sam Reed', email: 'sam@ourcrm.example', role: 'employee' },
            ],
          },
        }),
      ),
    ).toEqual({
      interactionId: '0b3e6f2a-8c1d-4f5e-9a7b-000000000008',
      kind: 'meeting',
      accountId: 'acme',
      opportunityId: 'opp_1',
      contactId: 'con_77',
      participants: [
        { contactId: 'con_77', name: 'Ana Lima', email: null, role: 'technical-evaluator' },
        { contactId: null, name: 'Sam Reed', email: 'sam@ourcrm.example', role: 'employee' },
      ],
      subject: null,
      summary: null,
      durationSeconds: 3600,
      at: '2025-03-14T09:26:53.589Z',
      source: 'ingest',
    }));

  it('turns the mailboxes of an email (v2) into participants, with the contact when the publisher knew it', () =>
    expect(
      feedInteractionOf(
        recorded('email.received', {
          subject: { accountId: 'acme' },
          properties: {
            messageId: 'm1',
            from: { email: 'ana@acme.example', name: 'Ana Lima', contactId: 'con_77' },
            to: [{ email: 'sam@ourcrm.example' }],
            cc: [{ email: 'raj@acme.example', contactId: 'con_78' }],
            subject: 'Re: pricing',
          },
        }),
      ),
    ).toMatchObject({
      kind: 'email-received',
      contactId: null,
      subject: 'Re: pricing',
      participants: [
        { email: 'ana@acme.example', name: 'Ana Lima', contactId: 'con_77', role: null },
        { email: 'sam@ourcrm.example', name: null, contactId: null, role: null },
        { email: 'raj@acme.example', name: null, contactId: 'con_78', role: null },
      ],
    }));

  it('ignores a B2C call and event types that are not interactions', () => {
    expect(
      feedInteractionOf(
        recorded('call.logged', {
          subject: { identifiers: { email: 'ana@example.com' } },
          properties: { direction: 'inbound', durationSeconds: 60 },
        }),
      ),
    ).toBeUndefined();
    expect(feedInteractionOf(recorded('purchase.completed', { subject: { accountId: 'acme' } }))).toBeUndefined();
  });
});
