import type { RecordedEvent } from '@crm/event-store/port/event-store.port';
import { b2cEventOf } from './b2c-events';

const event = (type: string, streamId: string, data: object): RecordedEvent =>
  ({ type, streamId, eventId: 'e', data, metadata: { tenantId: 'acme' } }) as unknown as RecordedEvent;

describe('b2cEventOf', () => {
  it('given a customer event with a B2C subject in the ingest stream, then a sighting', () =>
    expect(
      b2cEventOf(
        event('page.viewed', 'acme/customerEvents-v1', {
          subject: { identifiers: { cookieId: 'c1' } },
          channel: 'web',
          properties: { url: 'https://x.example/' },
        }),
      ),
    ).toMatchObject({ kind: 'sighting', type: 'page.viewed', identifiers: { cookieId: 'c1' }, channel: 'web' }));

  it.each([
    ['a B2B subject', 'call.logged', 'acme/customerEvents-v1', { subject: { accountId: 'a1' }, properties: {} }],
    ['a customer event type elsewhere', 'identify', 'acme/other-1', { subject: { identifiers: {} }, properties: {} }],
    ['an unmerge from another category', 'ProfileUnmerged', 'acme/account-1', {}],
    ['a forget from another category', 'PersonForgotten', 'acme/profile-1', {}],
    ['a segment definition from another category', 'SegmentDefined', 'acme/campaignCost-1', {}],
  ])('given %s, then nothing', (_what, type, streamId, data) =>
    expect(b2cEventOf(event(type, streamId, data))).toBeUndefined(),
  );

  it('given our own events in their streams, then unmerge, rules and forget', () => {
    expect(b2cEventOf(event('ProfileUnmerged', 'acme/profile-pr_1', { profileId: 'pr_1' }))?.kind).toBe('unmerge');
    expect(b2cEventOf(event('IdentityRulesSet', 'acme/identityRules-current', {}))?.kind).toBe('rules');
    expect(
      b2cEventOf(event('PersonForgotten', 'acme/gdpr-pr_1', { profileId: 'pr_1', identifierKeys: [] }))?.kind,
    ).toBe('forget');
  });

  it('given segment events in their stream, then a definition and an archival with the stream version', () => {
    const defined = { ...event('SegmentDefined', 'acme/segment-repeat', { segmentId: 'repeat' }), streamVersion: 0 };
    const archived = { ...event('SegmentArchived', 'acme/segment-repeat', { segmentId: 'repeat' }), streamVersion: 1 };
    expect(b2cEventOf(defined)).toMatchObject({ kind: 'segment-defined', version: 0 });
    expect(b2cEventOf(archived)).toMatchObject({ kind: 'segment-archived', version: 1 });
  });
});
