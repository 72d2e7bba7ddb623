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

export type ProfileEvent = ProfileUnmerged;

/** The tenant's identity rules, on `<tenant>/identityRules-current`; they apply to all sightings, past ones too. */
export interface IdentityRulesSet {
  type: 'IdentityRulesSet';
  data: { rules: IdentityRules; at: string };
}

export type IdentityRulesEvent = IdentityRulesSet;

export const IDENTITY_EVENT_TYPES = {
  profile: ['ProfileUnmerged'],
  identityRules: ['IdentityRulesSet'],
} as const satisfies Record<string, readonly (ProfileEvent | IdentityRulesEvent)['type'][]>;
