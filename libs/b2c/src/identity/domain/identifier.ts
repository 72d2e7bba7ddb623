/**
 * Identifier types and normalisation. A person is linked through identifier keys (pseudonyms of the
 * normalised value, see identifier-keys.ts), so two spellings of one email must normalise to the same
 * value or they would stay two people.
 */
import { IDENTIFIER_TYPES } from '@crm/ingest/customer-events/customer-event';

export { IDENTIFIER_TYPES };
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

export const isIdentifierType = (value: string): value is IdentifierType =>
  (IDENTIFIER_TYPES as readonly string[]).includes(value);

const PHONE_PUNCTUATION = /[\s().\-/]/g;

/**
 * - email: trimmed and lower-cased (the local part is case-insensitive at every mailbox provider we
 *   meet in practice, and a shop that sends `Ana@X.com` once and `ana@x.com` later means one person);
 * - phone: E.164 — spaces, dots, dashes and parentheses removed, a leading `00` becomes `+`;
 * - every other type: trimmed only (cookie and device ids are case-sensitive).
 */
export const normalizeIdentifier = (type: IdentifierType, value: string): string => {
  const trimmed = value.normalize('NFC').trim();
  switch (type) {
    case 'email':
      return trimmed.toLowerCase();
    case 'phone': {
      const compact = trimmed.replace(PHONE_PUNCTUATION, '');
      return compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
    }
    case 'customerId':
    case 'deviceId':
    case 'cookieId':
    case 'loyaltyCard':
    case 'orderAccount':
    case 'anonymousId':
      return trimmed;
    default: {
      const unknown: never = type;
      throw new Error(`Unknown identifier type ${String(unknown)}`);
    }
  }
};
