import type { IdentityRules } from './domain/identity-rules';

/**
 * An unmerge, decided on `<tenant>/profile-<profileId>`: from now on, in any sighting that holds
 * identifiers of both sides, the detached ones link only to each other. Kept as a rule rather than
 * as a one-off split, so sightings that arrive later (or earlier, in a replay) are cut the same way.
 */
export interface ProfileUnmerged {
  type: 'ProfileUnmerged';
  data: {
    profileId: string;
    /** Identifier keys that leave the profile (sorted). */
    detachedKeys: string[];
    /** The profile's other identifier keys when it was decided (sorted). */
    remainingKeys: string[];
    reason: string | null;
    at: string;
  };
}

/** The event a merge or split cites, and where it sits in the log. */
export interface MergeCause {
  eventId: string;
  position: number;
}

/**
 * Why the read model merged or split profiles, as recorded in its audit: the causing event and, when the
 * link is a set of identifiers, their keys (pseudonyms, never clear values — ADR 0009).
 */
export interface MergeEvidence {
  eventId: string;
  eventType: string;
  position: number;
  occurredAt: string;
  /** The identifiers seen together that linked (co-sighted merges). */
  identifiers?: { type: string; key: string }[];
  /** Identifiers that went over a limit and stopped linking (shared-identifier splits). */
  sharedIdentifiers?: { type: string; key: string }[];
  /** The `ProfileUnmerged` event id whose rule cut the profile (unmerge splits). */
  splitId?: string;
}

/**
 * Derived, not decided: published on `<tenant>/profileMerges-<into>` by the merge-events publisher from the
 * b2c-profiles audit (docs/adr/0006), so the log tells which profiles became one, by which rule, on
 * which evidence. No read model takes it as an input: identity is a function of the sightings.
 */
export interface ProfilesMerged {
  type: 'ProfilesMerged';
  data: { into: string; from: string[]; rule: string; evidence: MergeEvidence; cause: MergeCause };
}

/** Derived like `ProfilesMerged`, on `<tenant>/profileMerges-<from>`: the profile was cut into `into` (sorted). */
export interface ProfileSplit {
  type: 'ProfileSplit';
  data: { from: string; into: string[]; rule: string; evidence: MergeEvidence; cause: MergeCause };
}

/** What `<tenant>/profileMerges-<id>` holds. */
export type ProfileMergeEvent = ProfilesMerged | ProfileSplit;

export type ProfileEvent = ProfileUnmerged;

/** The tenant's identity rules, on `<tenant>/identityRules-current`; they apply to all sightings, past ones too. */
export interface IdentityRulesSet {
  type: 'IdentityRulesSet';
  data: { rules: IdentityRules; at: string };
}

export type IdentityRulesEvent = IdentityRulesSet;

export const IDENTITY_EVENT_TYPES = {
  profile: ['ProfileUnmerged'],
  profileMerges: ['ProfilesMerged', 'ProfileSplit'],
  identityRules: ['IdentityRulesSet'],
} as const satisfies Record<string, readonly (ProfileEvent | ProfileMergeEvent | IdentityRulesEvent)['type'][]>;
