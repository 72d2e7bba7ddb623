import { compileIdentityRules, DEFAULT_IDENTITY_RULES } from './identity-rules';
import {
  labelComponents,
  linkGroups,
  profileIdOf,
  sightingOwner,
  type IdentityNode,
  type SplitRule,
} from './identity-graph';

const rules = compileIdentityRules(DEFAULT_IDENTITY_RULES);
const node = (key: string, type: IdentityNode['type'], status: IdentityNode['status'] = 'linked'): IdentityNode => ({
  key,
  type,
  status,
});
const split = (detached: string[], remaining: string[]): SplitRule => ({
  splitId: detached.join(),
  detached: new Set(detached),
  remaining: new Set(remaining),
});

describe('linkGroups', () => {
  it('given no rule, then the sighting is one group', () =>
    expect(linkGroups(['a', 'b', 'c'], [])).toEqual([['a', 'b', 'c']]));

  it('given a rule whose two sides both appear, then the detached identifiers form their own group', () =>
    expect(linkGroups(['dad', 'tablet', 'cookie'], [split(['dad'], ['tablet'])])).toEqual([
      ['dad'],
      ['tablet', 'cookie'],
    ]));

  it('given only one side of the rule, then nothing is cut', () =>
    expect(linkGroups(['dad', 'cookie'], [split(['dad'], ['tablet'])])).toEqual([['dad', 'cookie']]));

  it('given two rules, then the groups are the same in either order', () => {
    const rules = [split(['a'], ['c']), split(['b'], ['c'])];
    const sorted = (groups: string[][]) => groups.map((g) => g.join()).sort();
    expect(sorted(linkGroups(['a', 'b', 'c'], rules))).toEqual(['a', 'b', 'c']);
    expect(sorted(linkGroups(['a', 'b', 'c'], [...rules].reverse()))).toEqual(['a', 'b', 'c']);
  });
});

describe('labelComponents', () => {
  const nodes = new Map(
    [
      node('acc-1', 'orderAccount'),
      node('mail', 'email'),
      node('dev', 'deviceId'),
      node('kiosk', 'deviceId', 'shared'),
      node('junk', 'email', 'blocked'),
      node('other', 'email'),
    ].map((n) => [n.key, n]),
  );
  const edges = [
    { edgeId: 'e1', members: ['acc-1', 'mail'] },
    { edgeId: 'e2', members: ['mail', 'dev', 'junk'] },
    { edgeId: 'e3', members: ['kiosk', 'mail'] },
    { edgeId: 'e4', members: ['kiosk', 'other'] },
  ];

  it('given a shared and a blocked identifier, then they link nothing and get no profile; the id comes from the strongest', () => {
    const { profileOf, anchorOf } = labelComponents(nodes, edges, () => [], rules);
    const person = profileOf.get('acc-1')!;
    expect([profileOf.get('mail'), profileOf.get('dev')]).toEqual([person, person]);
    expect(profileOf.get('other')).not.toBe(person);
    expect(profileOf.has('kiosk') || profileOf.has('junk')).toBe(false);
    expect(anchorOf.get(person)).toMatchObject({ key: 'mail', type: 'email' });
    expect(person).toBe(profileIdOf({ type: 'email', key: 'mail' }));
  });

  it('given the owner of a sighting, then it is its strongest linked member', () =>
    expect(sightingOwner(['dev', 'junk', 'acc-1'], (k) => nodes.get(k), rules)?.key).toBe('acc-1'));
});
