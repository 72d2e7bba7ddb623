import { IDENTIFIER_TYPES, type IdentifierType } from './identifier';
import type { CompiledRules } from './identity-rules';

/**
 * Why an identifier is shared, or undefined when it is not: it was seen together with more distinct
 * identifiers of some type than that type's limit allows (blocked neighbours do not count). The
 * count only grows as sightings arrive, so the verdict is a function of the set of sightings.
 */
export const sharedReason = (
  linkedCount: (type: IdentifierType) => number,
  rules: CompiledRules,
): string | undefined => {
  for (const type of IDENTIFIER_TYPES) {
    const count = linkedCount(type);
    if (count > rules.limit(type)) return `seen with ${count} ${type} identifiers (limit ${rules.limit(type)})`;
  }
  return undefined;
};
