import { randomBytes } from 'node:crypto';
import { deriveFieldKey, FieldTampered, openField, sealField } from './field-cipher';

describe('field cipher (AES-256-GCM, synthetic IV)', () => {
  const k1 = randomBytes(64);
  const k2 = randomBytes(64);

  it('seals deterministically and opens back, unicode included', () => {
    // given one field key
    const key = deriveFieldKey([k1]);
    // when the same value is sealed twice in the same context
    const a = sealField(key, 'acme\u0000e1\u0000/x', 'Zoë Ångström ✓');
    const b = sealField(deriveFieldKey([Buffer.from(k1)]), 'acme\u0000e1\u0000/x', 'Zoë Ångström ✓');
    // then the ciphertexts are equal (a retry compares equal) and open to the value
    expect(a).toBe(b);
    expect(Buffer.from(a, 'base64url').includes(Buffer.from('Zoë Ångström ✓'))).toBe(false);
    expect(openField(key, 'acme\u0000e1\u0000/x', a)).toBe('Zoë Ångström ✓');
  });

  it('gives other ciphertexts for another value, context or key', () => {
    const key = deriveFieldKey([k1]);
    const base = sealField(key, 'c', 'ana@example.com');
    expect(sealField(key, 'c', 'ana@example.org')).not.toBe(base);
    expect(sealField(key, 'd', 'ana@example.com')).not.toBe(base);
    expect(sealField(deriveFieldKey([k2]), 'c', 'ana@example.com')).not.toBe(base);
  });

  it('refuses a ciphertext moved to another context or altered', () => {
    const key = deriveFieldKey([k1]);
    const sealed = sealField(key, 'acme\u0000e1\u0000/a', 'secret');
    expect(() => openField(key, 'globex\u0000e1\u0000/a', sealed)).toThrow(FieldTampered);
    const bytes = Buffer.from(sealed, 'base64url');
    bytes[14] = bytes[14]! ^ 1;
    expect(() => openField(key, 'acme\u0000e1\u0000/a', bytes.toString('base64url'))).toThrow(FieldTampered);
    expect(() => openField(key, 'acme\u0000e1\u0000/a', 'AAAA')).toThrow(FieldTampered);
  });

  it('needs every key of a key set, in order', () => {
    // given a field sealed under two data keys
    const both = deriveFieldKey([k1, k2]);
    const sealed = sealField(both, 'c', 'Lima');
    // then neither key alone, nor the other order, opens it
    expect(openField(deriveFieldKey([k1, k2]), 'c', sealed)).toBe('Lima');
    expect(() => openField(deriveFieldKey([k1]), 'c', sealed)).toThrow(FieldTampered);
    expect(() => openField(deriveFieldKey([k2, k1]), 'c', sealed)).toThrow(FieldTampered);
  });

  it('refuses malformed key material', () => {
    expect(() => deriveFieldKey([])).toThrow(/at least one/);
    expect(() => deriveFieldKey([Buffer.alloc(32)])).toThrow(/64 bytes/);
  });
});
