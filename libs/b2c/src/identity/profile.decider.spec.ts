import { fold } from '@crm/slices/domain/decider';
import { IdentityError } from './domain/identity-error';
import { DEFAULT_IDENTITY_RULES } from './domain/identity-rules';
import type { ProfileEvent } from './identity.events';
import { identityRulesDecider } from './identity-rules.decider';
import { profileDecider, type UnmergeProfileCommand } from './profile.decider';

const unmerge = (
  detachedKeys: string[],
  identifierKeys = ['k1', 'k2', 'k3'],
  exists = true,
): UnmergeProfileCommand => ({
  type: 'UnmergeProfile',
  profileId: 'pr_1',
  profile: { exists, identifierKeys },
  detachedKeys,
  reason: 'shared tablet',
  at: '2026-01-01T00:00:00.000Z',
});
const given = (...history: ProfileEvent[]) => ({
  when: (command: UnmergeProfileCommand) => () => profileDecider.decide(command, fold(profileDecider, history)),
});
const thrown = (run: () => unknown): IdentityError | undefined => {
  try {
    run();
  } catch (error) {
    return error as IdentityError;
  }
  return undefined;
};

describe('profile decider', () => {
  it('given a profile, when two of its identifiers are detached, then ProfileUnmerged with both sides sorted', () =>
    expect(given().when(unmerge(['k3', 'k1']))()).toEqual([
      {
        type: 'ProfileUnmerged',
        data: {
          profileId: 'pr_1',
          detachedKeys: ['k1', 'k3'],
          remainingKeys: ['k2'],
          reason: 'shared tablet',
          at: '2026-01-01T00:00:00.000Z',
        },
      },
    ]));

  it('given an unknown profile, when unmerging, then profile-not-found (404)', () =>
    expect(thrown(given().when(unmerge(['k1'], [], false)))).toMatchObject({
      code: 'profile-not-found',
      kind: 'not-found',
    }));

  it('given a foreign identifier, when unmerging, then identifier-not-in-profile', () =>
    expect(thrown(given().when(unmerge(['k9'])))).toMatchObject({
      code: 'identifier-not-in-profile',
      kind: 'invalid',
    }));

  it('given every identifier is named, when unmerging, then unmerge-would-empty-profile', () =>
    expect(thrown(given().when(unmerge(['k1', 'k2', 'k3'])))).toMatchObject({ code: 'unmerge-would-empty-profile' }));
});

describe('identity rules decider', () => {
  const at = '2026-01-01T00:00:00.000Z';
  it('given the defaults, when the same rules are set, then nothing is decided', () =>
    expect(
      identityRulesDecider.decide(
        { type: 'SetIdentityRules', rules: DEFAULT_IDENTITY_RULES, at },
        identityRulesDecider.initialState(),
      ),
    ).toEqual([]));

  it('given the defaults, when a limit changes, then IdentityRulesSet', () => {
    const rules = { ...DEFAULT_IDENTITY_RULES, limits: { ...DEFAULT_IDENTITY_RULES.limits, email: 2 } };
    expect(
      identityRulesDecider.decide({ type: 'SetIdentityRules', rules, at }, identityRulesDecider.initialState()),
    ).toEqual([{ type: 'IdentityRulesSet', data: { rules, at } }]);
  });

  it('given invalid rules, then invalid-identity-rules', () =>
    expect(
      thrown(() =>
        identityRulesDecider.decide(
          { type: 'SetIdentityRules', rules: { ...DEFAULT_IDENTITY_RULES, priority: [] }, at },
          identityRulesDecider.initialState(),
        ),
      ),
    ).toMatchObject({ code: 'invalid-identity-rules' }));
});
