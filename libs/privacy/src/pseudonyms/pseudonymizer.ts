/**
 * Identifier pseudonyms: the keyed hash under which identity resolution links identifiers, so linking
 * still works once a person is forgotten and the clear value is gone (crypto-shredding, issue 9).
 *
 * A stored identifier whose clear value was shredded reads back as `~p:<pseudonym>`; identity code treats
 * such a value as already pseudonymised (opaque, never normalised, never blocked). A clear value is first
 * normalised (email lower-case, phone E.164, …) and then pseudonymised with the same function, so a person
 * has the same identifier keys, hence the same canonical profile id, before and after being forgotten.
 */
import { createHmac } from 'node:crypto';

export const PSEUDONYM_PREFIX = '~p:';

export interface Pseudonymizer {
  /** Deterministic per (tenant, type, normalised value); reveals nothing without the secret. */
  pseudonym(tenantId: string, identifierType: string, normalizedValue: string): string;
}

/** The pseudonym carried by a shredded value, or undefined for a clear value. */
export const pseudonymIn = (value: string): string | undefined =>
  value.startsWith(PSEUDONYM_PREFIX) ? value.slice(PSEUDONYM_PREFIX.length) : undefined;

/**
 * HMAC-SHA256 under a per-tenant key derived from one install-wide secret (≥ 32 bytes), truncated to
 * 128 bits and base64url-encoded (22 characters): collisions are negligible at billions of identifiers.
 */
export const hmacPseudonymizer = (secret: Buffer): Pseudonymizer => {
  if (secret.length < 32) throw new Error('The pseudonym secret must be at least 32 bytes');
  const tenantKeys = new Map<string, Buffer>();
  const tenantKey = (tenantId: string): Buffer => {
    let key = tenantKeys.get(tenantId);
    if (key === undefined) {
      key = createHmac('sha256', secret).update(`tenant\u0000${tenantId}`).digest();
      tenantKeys.set(tenantId, key);
    }
    return key;
  };
  return {
    pseudonym: (tenantId, identifierType, normalizedValue) =>
      createHmac('sha256', tenantKey(tenantId))
        .update(`${identifierType}\u0000${normalizedValue}`)
        .digest()
        .subarray(0, 16)
        .toString('base64url'),
  };
};
