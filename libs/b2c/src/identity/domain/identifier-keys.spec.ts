import { hmacPseudonymizer } from '@crm/privacy/pseudonyms/pseudonymizer';
import { identifierKey, sightedIdentifiers } from './identifier-keys';
import { compileIdentityRules, DEFAULT_IDENTITY_RULES } from './identity-rules';

const pseudonymizer = hmacPseudonymizer(Buffer.alloc(32, 5));
const rules = compileIdentityRules(DEFAULT_IDENTITY_RULES);

describe('identifier keys', () => {
  it('given two spellings of one email, then one key, the pseudonym of the normalised value', () => {
    const a = identifierKey(pseudonymizer, 'acme', 'email', 'Ana@Example.com');
    expect(a).toEqual({ key: pseudonymizer.pseudonym('acme', 'email', 'ana@example.com'), display: 'ana@example.com' });
    expect(identifierKey(pseudonymizer, 'acme', 'email', ' ana@EXAMPLE.com').key).toBe(a.key);
  });

  it('given another tenant or another type, then another key', () => {
    const key = identifierKey(pseudonymizer, 'acme', 'cookieId', 'x1').key;
    expect(identifierKey(pseudonymizer, 'globex', 'cookieId', 'x1').key).not.toBe(key);
    expect(identifierKey(pseudonymizer, 'acme', 'deviceId', 'x1').key).not.toBe(key);
  });

  it('given a shredded value, then its key is the rest of it, never normalised, with no display value', () =>
    expect(identifierKey(pseudonymizer, 'acme', 'email', '~p:AbC-123')).toEqual({ key: 'AbC-123', display: null }));

  it('given a sighting, then its identifiers in contract order, junk flagged, a shredded one never judged', () => {
    const sighted = sightedIdentifiers(pseudonymizer, rules, 'acme', {
      phone: '+5500000000000',
      email: 'bo@x.com',
      customerId: '~p:null',
    });
    expect(sighted.map((s) => [s.type, s.display, s.blocked])).toEqual([
      ['customerId', null, false],
      ['email', 'bo@x.com', false],
      ['phone', '+5500000000000', true],
    ]);
  });
});
