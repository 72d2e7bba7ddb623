import type { ProfileHistoryEntry } from '../api/api-types';
import { mergeHistoryLines, whereItWent } from './merge-history';

const entry = (
  kind: ProfileHistoryEntry['kind'],
  role: ProfileHistoryEntry['role'],
  position: number,
  detail: Record<string, unknown>,
): ProfileHistoryEntry => ({ kind, role, position, occurredAt: '2026-01-17T11:00:00.000Z', detail });

// The family tablet: the son's profile merged into the mother's, then unmerged into a new profile pr_son2.
const merged = {
  into: 'pr_mum',
  from: ['pr_son'],
  rule: 'co-sighted',
  evidence: { eventType: 'identify', position: 66 },
};
const unmerge = { eventType: 'ProfileUnmerged', position: 68 };
const split = {
  from: 'pr_mum',
  into: ['pr_mum', 'pr_son2'],
  rule: 'unmerge',
  evidence: { ...unmerge, splitId: 'ev-unmerge', reason: 'shared tablet' },
};
const partOf = { into: 'pr_son2', from: ['pr_mum'], rule: 'unmerge', evidence: unmerge };

describe('merge history lines', () => {
  it("given a merge then an unmerge, when the mother's history is read, then one merge and one split, none saying she was merged away", () => {
    const lines = mergeHistoryLines(
      [
        entry('ProfileSplit', 'from', 68, split),
        entry('ProfilesMerged', 'from', 68, partOf),
        entry('ProfilesMerged', 'into', 66, merged),
      ],
      'pr_mum',
    );
    expect(lines.map((l) => [l.position, l.what, l.why])).toEqual([
      [68, 'Split: pr_son2 split off', 'rule unmerge, evidence: ProfileUnmerged at position 68, “shared tablet”'],
      [66, 'Merged in: pr_son', 'rule co-sighted, evidence: identify at position 66'],
    ]);
  });

  it('given the part that left, when its history is read, then it was split off from the mother', () => {
    const lines = mergeHistoryLines(
      [entry('ProfileSplit', 'into', 68, split), entry('ProfilesMerged', 'into', 68, partOf)],
      'pr_son2',
    );
    expect(lines.map((l) => l.what)).toEqual(['Split off from pr_mum']);
  });

  it('given the profile merged away, then it reads merged into the survivor', () => {
    expect(mergeHistoryLines([entry('ProfilesMerged', 'from', 66, merged)], 'pr_son').map((l) => l.what)).toEqual([
      'Merged into pr_mum',
    ]);
  });

  it('given a relabelling merge with no split at its position, then it stays a merge', () => {
    const relabel = { into: 'pr_b', from: ['pr_a'], rule: 'shared-identifier', evidence: {} };
    expect(mergeHistoryLines([entry('ProfilesMerged', 'into', 70, relabel)], 'pr_b')).toEqual([
      {
        position: 70,
        occurredAt: '2026-01-17T11:00:00.000Z',
        what: 'Merged in: pr_a',
        parts: [{ text: 'Merged in: ' }, { profileId: 'pr_a' }],
        movedTo: [],
        why: 'rule shared-identifier',
      },
    ]);
  });

  it('given a split whose parts all got new ids, then it says into which', () => {
    const cut = { from: 'pr_a', into: ['pr_b', 'pr_c'], rule: 'shared-identifier', evidence: {} };
    expect(mergeHistoryLines([entry('ProfileSplit', 'from', 71, cut)], 'pr_a').map((l) => l.what)).toEqual([
      'Split into pr_b, pr_c',
    ]);
  });

  it('given a forget, then it says so', () => {
    expect(mergeHistoryLines([entry('PersonForgotten', 'subject', 72, {})], 'pr_a').map((l) => l.what)).toEqual([
      'Forgotten (GDPR)',
    ]);
  });

  it('given lines naming other profiles, then each id is a part of its own (the page links it)', () => {
    const cut = { from: 'pr_a', into: ['pr_a', 'pr_b', 'pr_c'], rule: 'unmerge', evidence: {} };
    expect(mergeHistoryLines([entry('ProfileSplit', 'from', 71, cut)], 'pr_a')[0]!.parts).toEqual([
      { text: 'Split: ' },
      { profileId: 'pr_b' },
      { text: ', ' },
      { profileId: 'pr_c' },
      { text: ' split off' },
    ]);
    expect(mergeHistoryLines([entry('ProfilesMerged', 'from', 66, merged)], 'pr_son')[0]!.parts).toEqual([
      { text: 'Merged into ' },
      { profileId: 'pr_mum' },
    ]);
  });

  describe('where a profile id that is gone went', () => {
    it('given it was merged away, then into the survivor', () =>
      expect(whereItWent([entry('ProfilesMerged', 'from', 66, merged)], 'pr_son')?.movedTo).toEqual(['pr_mum']));

    it('given it was cut into parts that all got new ids, then into those parts', () => {
      const cut = { from: 'pr_a', into: ['pr_b', 'pr_c'], rule: 'shared-identifier', evidence: {} };
      expect(whereItWent([entry('ProfileSplit', 'from', 71, cut)], 'pr_a')?.movedTo).toEqual(['pr_b', 'pr_c']);
    });

    it('given it was merged away, came back from a split and was merged again, then the newest merge tells', () => {
      const again = { into: 'pr_other', from: ['pr_son'], rule: 'shared-identifier', evidence: {} };
      const back = { from: 'pr_mum', into: ['pr_mum', 'pr_son'], rule: 'unmerge', evidence: unmerge };
      expect(
        whereItWent(
          [
            entry('ProfilesMerged', 'from', 80, again),
            entry('ProfileSplit', 'into', 68, back),
            entry('ProfilesMerged', 'from', 66, merged),
          ],
          'pr_son',
        )?.movedTo,
      ).toEqual(['pr_other']);
    });

    it('given only merges into it, then nothing says where it went', () =>
      expect(whereItWent([entry('ProfilesMerged', 'into', 66, merged)], 'pr_mum')).toBeNull());
  });
});
