import { hmacPseudonymizer, pseudonymIn, PSEUDONYM_PREFIX } from './pseudonymizer';

describe('hmacPseudonymizer', () => {
  const secret = Buffer.alloc(32, 7);

  it('is deterministic per tenant, type and value', () => {
    // given two pseudonymizers over the same secret
    const a = hmacPseudonymizer(secret);
    const b = hmacPseudonymizer(Buffer.from(secret));
    // when the same identifier is pseudonymised by both
    // then the pseudonyms agree and are 22 base64url characters
    expect(a.pseudonym('acme', 'email', 'ana@example.com')).toBe(b.pseudonym('acme', 'email', 'ana@example.com'));
    expect(a.pseudonym('acme', 'email', 'ana@example.com')).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('separates tenants, types and secrets', () => {
    const p = hmacPseudonymizer(secret);
    const base = p.pseudonym('acme', 'email', 'x');
    expect(p.pseudonym('globex', 'email', 'x')).not.toBe(base);
    expect(p.pseudonym('acme', 'phone', 'x')).not.toBe(base);
    expect(hmacPseudonymizer(Buffer.alloc(32, 8)).pseudonym('acme', 'email', 'x')).not.toBe(base);
  });

  it('refuses a short secret', () => {
    expect(() => hmacPseudonymizer(Buffer.alloc(16))).toThrow(/32 bytes/);
  });

  it('recognises shredded values by their prefix', () => {
    expect(pseudonymIn(`${PSEUDONYM_PREFIX}abc`)).toBe('abc');
    expect(pseudonymIn('ana@example.com')).toBeUndefined();
  });
});
