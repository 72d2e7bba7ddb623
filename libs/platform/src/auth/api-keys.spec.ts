import { createHash } from 'node:crypto';
import { ApiKeyRegistry, DEV_TENANT_ID, generateApiKey, hashApiKey, parseApiKeys, toApiKeyRecord } from './api-keys';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('API keys', () => {
  it('given a key, then its hash is hex SHA-256 and its id the first 12 hex digits', () => {
    expect(hashApiKey('a-key-of-sixteen+')).toBe(sha256('a-key-of-sixteen+'));
    expect(toApiKeyRecord('a-key-of-sixteen+', 'acme', ['read'])).toEqual({
      keyHash: sha256('a-key-of-sixteen+'),
      keyId: sha256('a-key-of-sixteen+').slice(0, 12),
      tenantId: 'acme',
      scopes: ['read'],
    });
  });

  it('given generated keys, then they are long, URL-safe, prefixed and distinct', () => {
    const keys = Array.from({ length: 50 }, generateApiKey);
    expect(new Set(keys).size).toBe(50);
    for (const key of keys) expect(key).toMatch(/^crm_[A-Za-z0-9_-]{43}$/);
  });

  describe('parseApiKeys', () => {
    it('given a valid list, then records without keys in clear, scopes deduplicated', () => {
      const { records, problems } = parseApiKeys(
        JSON.stringify([{ key: 'k'.repeat(16), tenant: 'acme', scopes: ['read', 'ops', 'read'] }]),
      );
      expect(problems).toEqual([]);
      expect(records).toEqual([
        {
          keyHash: sha256('k'.repeat(16)),
          keyId: sha256('k'.repeat(16)).slice(0, 12),
          tenantId: 'acme',
          scopes: ['read', 'ops'],
        },
      ]);
    });

    it('given a 15-character key, then it is refused', () =>
      expect(
        parseApiKeys(JSON.stringify([{ key: 'k'.repeat(15), tenant: 'acme', scopes: ['read'] }])).problems,
      ).toEqual(['entry 0: key must be at least 16 characters (got 15)']));

    it('given a key with whitespace, then it is refused', () =>
      expect(
        parseApiKeys(JSON.stringify([{ key: ' padded-key-0123456789 ', tenant: 'acme', scopes: ['read'] }])).problems,
      ).toEqual(['entry 0: key must not contain whitespace']));

    it('given a rateLimit, then the record and the authenticated context carry it', () => {
      const { records, problems } = parseApiKeys(
        JSON.stringify([
          { key: 'k'.repeat(16), tenant: 'acme', scopes: ['events:write'], rateLimit: { perSecond: 20 } },
          { key: 'j'.repeat(16), tenant: 'acme', scopes: ['read'], rateLimit: 'off' },
        ]),
      );
      expect(problems).toEqual([]);
      expect(records.map((r) => r.rateLimit)).toEqual([{ perSecond: 20, burst: 40 }, 'off']);
      expect(new ApiKeyRegistry(records).authenticate('k'.repeat(16))?.rateLimit).toEqual({ perSecond: 20, burst: 40 });
    });

    it('given a bad rateLimit or the reserved tenant system, then the entry is refused', () =>
      expect(
        parseApiKeys(
          JSON.stringify([
            { key: 'k'.repeat(16), tenant: 'acme', scopes: ['read'], rateLimit: { perSecond: -1 } },
            { key: 'j'.repeat(16), tenant: 'system', scopes: ['read'] },
          ]),
        ).problems,
      ).toEqual([
        'entry 0: rateLimit.perSecond must be a number above 0 and at most 100000, got -1',
        'entry 1: tenant "system" is reserved for the operators\' own events',
      ]));

    it('given problems, then no message contains a key', () => {
      const secret = 'super-secret-key-0001';
      const { problems } = parseApiKeys(
        JSON.stringify([
          { key: secret, tenant: 'acme', scopes: ['read'] },
          { key: secret, tenant: 'BAD', scopes: ['nope'] },
        ]),
      );
      expect(problems.length).toBeGreaterThan(0);
      for (const problem of problems) expect(problem).not.toContain(secret);
    });
  });

  describe('ApiKeyRegistry', () => {
    const registry = new ApiKeyRegistry([
      toApiKeyRecord('acme-key-0123456789', 'acme', ['events:write']),
      toApiKeyRecord('globex-key-0123456789', 'globex', ['read', 'ops']),
    ]);

    it('given a known key, then its tenant, key id and scopes', () =>
      expect(registry.authenticate('globex-key-0123456789')).toEqual({
        tenantId: 'globex',
        keyId: sha256('globex-key-0123456789').slice(0, 12),
        scopes: ['read', 'ops'],
      }));

    it.each(['', 'acme-key-012345678', 'ACME-KEY-0123456789', 'acme-key-0123456789 '])(
      'given %p, then nothing',
      (key) => expect(registry.authenticate(key)).toBeUndefined(),
    );

    it('given configured keys, then there is no dev key', () => expect(registry.devKey).toBeUndefined());

    it('given dev mode, then one demo key with every scope, which authenticates', () => {
      const dev = ApiKeyRegistry.withDevKey();
      expect(dev.size).toBe(1);
      expect(dev.devKey).toEqual({ key: expect.stringMatching(/^crm_/), tenantId: DEV_TENANT_ID });
      expect(dev.authenticate(dev.devKey?.key ?? '')).toMatchObject({
        tenantId: 'demo',
        scopes: ['events:write', 'read', 'ops'],
      });
    });

    it('given two dev-mode starts, then two different keys', () =>
      expect(ApiKeyRegistry.withDevKey().devKey?.key).not.toBe(ApiKeyRegistry.withDevKey().devKey?.key));
  });
});
