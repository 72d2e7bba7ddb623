import { PROFILE_PROJECTION_EVENTS } from '../../profiles/projection/b2c-events';
import { mergeEventId, mergeEventToAppend, publishedEvidence, type AuditRecord } from './merge-event';

const merged = (over: Partial<AuditRecord> = {}): AuditRecord => ({
  tenantId: 'acme',
  position: 42,
  seq: 0,
  kind: 'ProfilesMerged',
  data: {
    into: 'pr_a',
    from: ['pr_b'],
    rule: 'co-sighted',
    evidence: {
      eventId: '0f5b6a52-3c1e-4a57-9d59-0d9f1f3e2a11',
      eventType: 'identify',
      position: 42,
      occurredAt: '2026-01-01T00:00:00.000Z',
      identifiers: [
        { type: 'deviceId', key: 'k-device' },
        { type: 'cookieId', key: 'k-cookie' },
      ],
    },
  },
  occurredAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

const split: AuditRecord = {
  tenantId: 'acme',
  position: 50,
  seq: 1,
  kind: 'ProfileSplit',
  data: {
    from: 'pr_a',
    into: ['pr_a', 'pr_c'],
    rule: 'unmerge',
    evidence: {
      eventId: '6b0b1f7e-8e2f-4b8e-bb4e-3a1f9c2d7e10',
      eventType: 'ProfileUnmerged',
      position: 50,
      occurredAt: '2026-01-02T00:00:00.000Z',
      splitId: '6b0b1f7e-8e2f-4b8e-bb4e-3a1f9c2d7e10',
      reason: 'Alice and her son share the tablet',
    },
  },
  occurredAt: '2026-01-02T00:00:00.000Z',
};

describe('merge events', () => {
  it('given a merge in the audit, when published, then ProfilesMerged on the survivor, citing its cause', () =>
    expect(mergeEventToAppend(merged())).toEqual({
      streamId: 'acme/profileMerges-pr_a',
      event: {
        eventId: mergeEventId('acme', 42, 0, 'ProfilesMerged'),
        type: 'ProfilesMerged',
        schemaVersion: 1,
        data: {
          into: 'pr_a',
          from: ['pr_b'],
          rule: 'co-sighted',
          evidence: {
            eventId: '0f5b6a52-3c1e-4a57-9d59-0d9f1f3e2a11',
            eventType: 'identify',
            position: 42,
            occurredAt: '2026-01-01T00:00:00.000Z',
            identifiers: [
              { type: 'deviceId', key: 'k-device' },
              { type: 'cookieId', key: 'k-cookie' },
            ],
          },
          cause: { eventId: '0f5b6a52-3c1e-4a57-9d59-0d9f1f3e2a11', position: 42 },
        },
        metadata: {
          tenantId: 'acme',
          occurredAt: '2026-01-01T00:00:00.000Z',
          causationId: '0f5b6a52-3c1e-4a57-9d59-0d9f1f3e2a11',
          source: 'system',
          actor: 'b2c-merge-events',
        },
      },
    }));

  it('given a split by an unmerge, when published, then ProfileSplit on the cut profile, without the free-text reason', () => {
    const { streamId, event } = mergeEventToAppend(split);
    expect(streamId).toBe('acme/profileMerges-pr_a');
    expect(event.type).toBe('ProfileSplit');
    expect(event.data).toMatchObject({ from: 'pr_a', into: ['pr_a', 'pr_c'], rule: 'unmerge' });
    expect(event.data.evidence).toEqual({
      eventId: '6b0b1f7e-8e2f-4b8e-bb4e-3a1f9c2d7e10',
      eventType: 'ProfileUnmerged',
      position: 50,
      occurredAt: '2026-01-02T00:00:00.000Z',
      splitId: '6b0b1f7e-8e2f-4b8e-bb4e-3a1f9c2d7e10',
    });
    expect(JSON.stringify(event)).not.toContain('tablet');
  });

  it('given evidence with fields nobody cleared for the log, then only the allowed ones are published', () =>
    expect(
      publishedEvidence({
        eventId: 'e',
        eventType: 'identify',
        position: 1,
        occurredAt: '2026-01-01T00:00:00.000Z',
        email: 'alice@example.com',
        sharedIdentifiers: [{ type: 'deviceId', key: 'k', value: 'kiosk-sp' }],
      }),
    ).toEqual({
      eventId: 'e',
      eventType: 'identify',
      position: 1,
      occurredAt: '2026-01-01T00:00:00.000Z',
      sharedIdentifiers: [{ type: 'deviceId', key: 'k' }],
    }));

  it('ids name the audit slot: the same slot gives the same id, any other part another one', () => {
    const id = mergeEventId('acme', 42, 0, 'ProfilesMerged');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(mergeEventToAppend(merged()).event.eventId).toBe(id);
    expect(
      new Set([
        id,
        mergeEventId('other', 42, 0, 'ProfilesMerged'),
        mergeEventId('acme', 43, 0, 'ProfilesMerged'),
        mergeEventId('acme', 42, 1, 'ProfilesMerged'),
        mergeEventId('acme', 42, 0, 'ProfileSplit'),
      ]).size,
    ).toBe(5);
  });

  it('the identity read model does not take its own published merges as inputs', () => {
    expect(PROFILE_PROJECTION_EVENTS).not.toContain('ProfilesMerged');
    expect(PROFILE_PROJECTION_EVENTS).not.toContain('ProfileSplit');
  });
});
