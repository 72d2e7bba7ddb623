import fc from 'fast-check';
import { IDENTIFIER_TYPES, type IdentifierType } from './identifier';
import { compileIdentityRules, DEFAULT_IDENTITY_RULES } from './identity-rules';
import { resolveIdentities, type ResolvedSighting } from './resolve-identities';
import { seededShuffle } from './seeded-shuffle';

const rules = compileIdentityRules({
  ...DEFAULT_IDENTITY_RULES,
  limits: { ...DEFAULT_IDENTITY_RULES.limits, email: 2, cookieId: 3, deviceId: 2 },
});

const sightingArb: fc.Arbitrary<ResolvedSighting> = fc
  .uniqueArray(
    fc.record({
      type: fc.constantFrom<IdentifierType>(...IDENTIFIER_TYPES),
      n: fc.integer({ min: 0, max: 5 }),
    }),
    { minLength: 1, maxLength: 4, selector: (i) => i.type },
  )
  .map((ids) => ({
    // Value 0 of every type stands for junk: blocked, like `null` would be.
    identifiers: ids.map((i) => ({ type: i.type, key: `${i.type}:${i.n}`, blocked: i.n === 0 })),
  }));

/** Connected components by breadth-first search, the naive way: the reference for union-find. */
const naive = (sightings: readonly ResolvedSighting[], linked: (key: string) => boolean): Set<string> => {
  const adjacency = new Map<string, Set<string>>();
  for (const s of sightings) {
    const keys = s.identifiers.map((i) => i.key).filter(linked);
    for (const a of keys) for (const b of keys) if (a !== b) adjacency.set(a, (adjacency.get(a) ?? new Set()).add(b));
    for (const a of keys) if (!adjacency.has(a)) adjacency.set(a, new Set());
  }
  const seen = new Set<string>();
  const groups = new Set<string>();
  for (const start of [...adjacency.keys()].sort()) {
    if (seen.has(start)) continue;
    const group: string[] = [];
    const queue = [start];
    seen.add(start);
    while (queue.length > 0) {
      const k = queue.shift()!;
      group.push(k);
      for (const n of adjacency.get(k) ?? []) {
        if (seen.has(n)) continue;
        seen.add(n);
        queue.push(n);
      }
    }
    groups.add(group.sort().join(' '));
  }
  return groups;
};

describe('resolveIdentities', () => {
  it('given any order of the same sightings, then the same statuses and canonical ids', () =>
    fc.assert(
      fc.property(fc.array(sightingArb, { maxLength: 40 }), fc.nat(), (sightings, seed) => {
        const first = resolveIdentities(sightings, rules);
        const second = resolveIdentities(seededShuffle(sightings, seed), rules);
        expect(second.statusMap()).toEqual(first.statusMap());
        expect(second.profileMap()).toEqual(first.profileMap());
      }),
      { numRuns: 300 },
    ));

  it('given any sightings, then persons are the connected components of the linked identifiers', () =>
    fc.assert(
      fc.property(fc.array(sightingArb, { maxLength: 40 }), (sightings) => {
        const resolution = resolveIdentities(sightings, rules);
        const byProfile = new Map<string, string[]>();
        for (const [key, id] of resolution.profileMap()) byProfile.set(id, [...(byProfile.get(id) ?? []), key]);
        expect(new Set([...byProfile.values()].map((keys) => keys.sort().join(' ')))).toEqual(
          naive(sightings, (k) => resolution.statusOf(k) === 'linked'),
        );
        expect(resolution.profiles).toBe(byProfile.size);
      }),
      { numRuns: 300 },
    ));

  it('given a device seen with three emails over a limit of two, then it is shared and the emails stay apart', () => {
    const s = (email: string): ResolvedSighting => ({
      identifiers: [
        { type: 'deviceId', key: 'kiosk', blocked: false },
        { type: 'email', key: email, blocked: false },
      ],
    });
    const { statusOf, profileOf } = resolveIdentities([s('a'), s('b'), s('c')], rules);
    expect(statusOf('kiosk')).toBe('shared');
    expect(new Set([profileOf('a'), profileOf('b'), profileOf('c')]).size).toBe(3);
  });

  it('given a value blocked in one sighting and seen shredded in another, then it stays blocked', () => {
    const { statusOf } = resolveIdentities(
      [
        { identifiers: [{ type: 'email', key: 'k', blocked: false }] },
        { identifiers: [{ type: 'email', key: 'k', blocked: true }] },
      ],
      rules,
    );
    expect(statusOf('k')).toBe('blocked');
  });
});
