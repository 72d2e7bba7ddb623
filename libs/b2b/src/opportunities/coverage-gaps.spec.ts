import { coverageGaps, withEngagementAge } from './coverage-gaps';

const member = (contactId: string, role: 'decision-maker' | 'champion' | 'blocker', lastEngagedAt: string | null) => ({
  contactId,
  name: contactId.toUpperCase(),
  title: null,
  role,
  stance: 'neutral' as const,
  lastEngagedAt,
  lastInteractionKind: lastEngagedAt ? 'call' : null,
  interactions: lastEngagedAt ? 1 : 0,
});

describe('coverage gaps', () => {
  const now = '2026-03-31T00:00:00.000Z';
  const committee = withEngagementAge(
    [
      member('ceo', 'decision-maker', '2026-01-01T00:00:00.000Z'),
      member('ana', 'champion', '2026-03-30T00:00:00.000Z'),
      member('bob', 'blocker', null),
    ],
    now,
  );

  it('gives the days since each member was engaged, null for never', () =>
    expect(committee.map((m) => m.daysSinceEngaged)).toEqual([89, 1, null]));

  it('lists required roles nobody holds, and members never met or cold for N days', () =>
    expect(coverageGaps(committee, ['decision-maker', 'economic-buyer', 'champion'], 30)).toEqual({
      requiredRoles: ['decision-maker', 'economic-buyer', 'champion'],
      missingRoles: ['economic-buyer'],
      staleDays: 30,
      notEngaged: [
        { contactId: 'ceo', name: 'CEO', role: 'decision-maker', daysSinceEngaged: 89 },
        { contactId: 'bob', name: 'BOB', role: 'blocker', daysSinceEngaged: null },
      ],
    }));

  it('treats exactly N days as cold', () =>
    expect(
      coverageGaps(withEngagementAge([member('x', 'champion', '2026-03-01T00:00:00.000Z')], now), [], 30).notEngaged,
    ).toHaveLength(1));
});
