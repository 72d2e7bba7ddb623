import { canonicalTargets, targetMinutes, type ChannelMinutes } from './sla-targets';

const firstResponse: ChannelMinutes = {
  defaultMinutes: 240,
  byChannel: { social: 45 },
  byPriority: { critical: 30, low: 1440 },
};

describe('the target a ticket is held to', () => {
  it.each([
    ['email', 'medium', 240, 'no override applies: the default'],
    ['social', 'medium', 45, 'only its channel’s'],
    ['email', 'low', 1440, 'only its priority’s, even when it relaxes the default'],
    ['email', 'critical', 30, 'only its priority’s'],
    ['social', 'critical', 30, 'both: the stricter (priority)'],
    ['social', 'low', 45, 'both: the stricter (channel)'],
    ['social', null, 45, 'no priority known: its channel’s'],
  ] as const)('given a %s ticket of priority %s, then %i minutes (%s)', (channel, priority, minutes, _why) =>
    expect(targetMinutes(firstResponse, channel, priority)).toBe(minutes),
  );

  it('given a set without priority overrides, then its canonical form has none (recorded as before they existed)', () =>
    expect(
      canonicalTargets({ firstResponse: { defaultMinutes: 60, byChannel: { chat: 5 } }, resolution: firstResponse }),
    ).toEqual({
      firstResponse: { defaultMinutes: 60, byChannel: { chat: 5 } },
      resolution: { defaultMinutes: 240, byChannel: { social: 45 }, byPriority: { low: 1440, critical: 30 } },
    }));

  it('given priorities in any order, then the canonical form lists them in contract order', () =>
    expect(
      Object.keys(
        canonicalTargets({
          firstResponse: { defaultMinutes: 1, byChannel: {}, byPriority: { critical: 1, low: 2, high: 3 } },
          resolution: { defaultMinutes: 1, byChannel: {} },
        }).firstResponse.byPriority ?? {},
      ),
    ).toEqual(['low', 'high', 'critical']));
});
