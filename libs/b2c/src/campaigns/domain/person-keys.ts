/**
 * Which identifier keys a campaign touch or a purchase belongs to. Keys are computed exactly as identity
 * resolution computes them (its normalisation and pseudonymizer), so they join its
 * `b2c_identifier_profiles` view; junk values on identity's default block list (`test@example.com`,
 * `0000000000`…) are left out, or every shop test order would "convert" every test send.
 */
import type { Pseudonymizer } from '@crm/privacy/pseudonyms/pseudonymizer';
import { sightedIdentifiers } from '../../identity/domain/identifier-keys';
import { compileIdentityRules, DEFAULT_IDENTITY_RULES } from '../../identity/domain/identity-rules';

export interface PersonKey {
  type: string;
  key: string;
}

const DEFAULT_RULES = compileIdentityRules(DEFAULT_IDENTITY_RULES);

/** The linkable keys of a stored event's subject; none for a B2B subject (an account is not a consumer). */
export const personKeysOf = (pseudonymizer: Pseudonymizer, tenantId: string, subject: unknown): PersonKey[] => {
  if (typeof subject !== 'object' || subject === null) return [];
  const identifiers = (subject as { identifiers?: unknown }).identifiers;
  if (typeof identifiers !== 'object' || identifiers === null) return [];
  return sightedIdentifiers(pseudonymizer, DEFAULT_RULES, tenantId, identifiers as Record<string, unknown>)
    .filter((identifier) => !identifier.blocked)
    .map(({ type, key }) => ({ type, key }));
};
