/**
 * From the identifiers of a customer event to the keys identity resolution links. The key is the
 * pseudonym of the normalised value (libs/privacy), so a person keeps the same keys — hence the same
 * canonical profile id — after a GDPR forget has shredded the clear values.
 */
import { pseudonymIn, type Pseudonymizer } from '@crm/privacy/pseudonyms/pseudonymizer';
import { IDENTIFIER_TYPES, normalizeIdentifier, type IdentifierType } from './identifier';
import type { CompiledRules } from './identity-rules';

export interface SightedIdentifier {
  type: IdentifierType;
  key: string;
  /** The normalised clear value; null for a value that arrived already shredded (`~p:`). */
  display: string | null;
  /** Junk by the tenant's rules: recorded and reported, never linked. */
  blocked: boolean;
}

/** The key of one identifier value: a shredded value carries its key, a clear one is normalised and pseudonymised. */
export const identifierKey = (
  pseudonymizer: Pseudonymizer,
  tenantId: string,
  type: IdentifierType,
  value: string,
): { key: string; display: string | null } => {
  const shredded = pseudonymIn(value);
  if (shredded !== undefined) return { key: shredded, display: null };
  const normalized = normalizeIdentifier(type, value);
  return { key: pseudonymizer.pseudonym(tenantId, type, normalized), display: normalized };
};

/** The distinct identifiers of one sighting, in the contract's type order. */
export const sightedIdentifiers = (
  pseudonymizer: Pseudonymizer,
  rules: CompiledRules,
  tenantId: string,
  identifiers: Readonly<Partial<Record<IdentifierType, unknown>>>,
): SightedIdentifier[] => {
  const out: SightedIdentifier[] = [];
  const keys = new Set<string>();
  for (const type of IDENTIFIER_TYPES) {
    const value = identifiers[type];
    if (typeof value !== 'string') continue;
    const { key, display } = identifierKey(pseudonymizer, tenantId, type, value);
    if (keys.has(key)) continue;
    keys.add(key);
    // A shredded value was a real identifier when it was linked; judging it again needs its clear value.
    out.push({ type, key, display, blocked: display !== null && rules.isBlocked(type, display) });
  }
  return out;
};
