import { createHash } from 'node:crypto';
import { ConfigError, loadAppConfig, type AppConfig, type LogLevel } from './app-config';

const given = (env: NodeJS.ProcessEnv) => {
  const load = (): AppConfig => loadAppConfig(env);
  return {
    thenConfig: (expected: Partial<AppConfig>): void => expect(load()).toEqual(expect.objectContaining(expected)),
    thenConfigEquals: (expected: AppConfig): void => expect(load()).toEqual(expected),
    /** Exactly these variables are reported, in this order, and the message names each of them. */
    thenProblems: (variables: string[], messageFragments: string[] = []): void => {
      let error: unknown;
      try {
        load();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const configError = error as ConfigError;
      expect(configError.problems.map((p) => p.variable)).toEqual(variables);
      for (const variable of variables) expect(configError.message).toContain(`${variable}:`);
      for (const fragment of messageFragments) expect(configError.message).toContain(fragment);
    },
  };
};

describe('loadAppConfig', () => {
  it('uses the documented defaults when nothing is set', () =>
    given({}).thenConfigEquals({
      port: 3000,
      host: '127.0.0.1',
      dataDir: './.data',
      eventStore: 'sqlite',
      readModelStore: 'sqlite',
      production: false,
      logLevel: 'info',
      httpBodyLimitBytes: 10 * 1024 * 1024,
      projections: 'in-process',
      projectionLagBound: 10_000,
      projectionLeaseTtlMs: 15_000,
      readYourWritesTimeoutMs: 5_000,
      rateLimit: { perSecond: 100, burst: 200 },
    }));

  it('treats blank variables as unset', () =>
    given({ PORT: '', HOST: '  ', EVENT_STORE: '', DATA_DIR: '' }).thenConfig({
      port: 3000,
      host: '127.0.0.1',
      eventStore: 'sqlite',
      dataDir: './.data',
    }));

  it('reads every variable', () =>
    given({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATA_DIR: '/var/lib/crm',
      EVENT_STORE: 'postgres',
      READ_MODEL_STORE: 'postgres',
      DATABASE_URL: 'postgres://crm@127.0.0.1:5432/crm',
      KURRENTDB_URL: 'kurrentdb://127.0.0.1:2113?tls=false',
      KAFKA_BROKERS: '127.0.0.1:9092, kafka-2.internal:9093',
      PROJECTIONS: 'external',
      PROJECTION_LAG_BOUND: '500',
      PROJECTION_LEASE_TTL_MS: '2000',
      READ_YOUR_WRITES_TIMEOUT_MS: '250',
      RATE_LIMIT_PER_SECOND: '2.5',
      RATE_LIMIT_BURST: '10',
    }).thenConfigEquals({
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/var/lib/crm',
      eventStore: 'postgres',
      readModelStore: 'postgres',
      databaseUrl: 'postgres://crm@127.0.0.1:5432/crm',
      kurrentdbUrl: 'kurrentdb://127.0.0.1:2113?tls=false',
      kafkaBrokers: ['127.0.0.1:9092', 'kafka-2.internal:9093'],
      production: false,
      logLevel: 'info',
      httpBodyLimitBytes: 10 * 1024 * 1024,
      projections: 'external',
      projectionLagBound: 500,
      projectionLeaseTtlMs: 2000,
      readYourWritesTimeoutMs: 250,
      rateLimit: { perSecond: 2.5, burst: 10 },
    }));

  it('turns the default rate limit off, or derives its burst (twice the rate), and names bad values', () => {
    given({ RATE_LIMIT_PER_SECOND: 'off' }).thenConfig({ rateLimit: 'off' });
    given({ RATE_LIMIT_PER_SECOND: '0.5' }).thenConfig({ rateLimit: { perSecond: 0.5, burst: 1 } });
    given({ RATE_LIMIT_PER_SECOND: '0', RATE_LIMIT_BURST: '1.5' }).thenProblems([
      'RATE_LIMIT_PER_SECOND',
      'RATE_LIMIT_BURST',
    ]);
    given({ RATE_LIMIT_PER_SECOND: 'off', RATE_LIMIT_BURST: '10' }).thenProblems(['RATE_LIMIT_BURST']);
  });

  it('rejects an unknown projections mode and out-of-range bounds, naming each variable', () =>
    given({ PROJECTIONS: 'sometimes', PROJECTION_LAG_BOUND: '0', READ_YOUR_WRITES_TIMEOUT_MS: '-5' }).thenProblems(
      ['PROJECTIONS', 'PROJECTION_LAG_BOUND', 'READ_YOUR_WRITES_TIMEOUT_MS'],
      ['in-process, external'],
    ));

  it('selects KurrentDB when its URL is given', () =>
    given({ EVENT_STORE: 'kurrentdb', KURRENTDB_URL: 'kurrentdb://127.0.0.1:2113?tls=false' }).thenConfig({
      eventStore: 'kurrentdb',
      kurrentdbUrl: 'kurrentdb://127.0.0.1:2113?tls=false',
    }));

  it.each(['0', '65536', '-1', '80.5', 'http', '1e3', '3000abc'])('rejects PORT=%s', (port) =>
    given({ PORT: port }).thenProblems(['PORT']),
  );

  it.each(['1', '65535'])('accepts PORT=%s', (port) => given({ PORT: port }).thenConfig({ port: Number(port) }));

  it('rejects an unknown event store and names the allowed ones', () =>
    given({ EVENT_STORE: 'mongodb' }).thenProblems(['EVENT_STORE'], ['sqlite, postgres, kurrentdb', '"mongodb"']));

  it('rejects an unknown read model store', () =>
    given({ READ_MODEL_STORE: 'kurrentdb' }).thenProblems(['READ_MODEL_STORE']));

  it('requires DATABASE_URL for the PostgreSQL event store', () =>
    given({ EVENT_STORE: 'postgres' }).thenProblems(['DATABASE_URL']));

  it('requires DATABASE_URL for PostgreSQL read models', () =>
    given({ READ_MODEL_STORE: 'postgres' }).thenProblems(['DATABASE_URL']));

  it('requires KURRENTDB_URL for the KurrentDB event store', () =>
    given({ EVENT_STORE: 'kurrentdb', DATABASE_URL: 'postgres://x' }).thenProblems(['KURRENTDB_URL']));

  it.each(['kafka', '127.0.0.1:', ':9092', 'a:1,b', ','])('rejects KAFKA_BROKERS=%s', (brokers) =>
    given({ KAFKA_BROKERS: brokers }).thenProblems(['KAFKA_BROKERS']),
  );

  it('lists every problem at once, each with its variable', () =>
    given({ PORT: 'x', EVENT_STORE: 'kurrentdb', READ_MODEL_STORE: 'postgres' }).thenProblems([
      'PORT',
      'DATABASE_URL',
      'KURRENTDB_URL',
    ]));

  it('does not read process.env behind the caller', () => {
    const before = process.env.PORT;
    process.env.PORT = 'not-a-port';
    try {
      given({}).thenConfig({ port: 3000 });
    } finally {
      if (before === undefined) delete process.env.PORT;
      else process.env.PORT = before;
    }
  });
});

describe('loadAppConfig: API keys, logging and HTTP limits', () => {
  const KEY_A = 'a-key-of-sixteen+';
  const KEY_B = 'another-key-0123456789';
  const keys = (entries: unknown): string => JSON.stringify(entries);
  const hashOf = (key: string): string => createHash('sha256').update(key).digest('hex');

  it('given no keys outside production, when loading, then it is dev mode (apiKeys undefined)', () => {
    expect(loadAppConfig({}).apiKeys).toBeUndefined();
  });

  it('given NODE_ENV=production without keys, when loading, then it refuses to start naming CRM_API_KEYS', () =>
    given({ NODE_ENV: 'production' }).thenProblems(['CRM_API_KEYS'], ['NODE_ENV=production']));

  it('given CRM_API_KEYS, when loading, then only SHA-256 hashes and 12-hex key ids are kept', () => {
    const config = loadAppConfig({
      CRM_API_KEYS: keys([
        { key: KEY_A, tenant: 'acme', scopes: ['events:write', 'read', 'ops'] },
        { key: KEY_B, tenant: 'globex-2', scopes: ['read', 'read'] },
      ]),
    });
    expect(config.apiKeys).toEqual([
      {
        keyHash: hashOf(KEY_A),
        keyId: hashOf(KEY_A).slice(0, 12),
        tenantId: 'acme',
        scopes: ['events:write', 'read', 'ops'],
      },
      { keyHash: hashOf(KEY_B), keyId: hashOf(KEY_B).slice(0, 12), tenantId: 'globex-2', scopes: ['read'] },
    ]);
    expect(JSON.stringify(config)).not.toContain(KEY_A);
    expect(JSON.stringify(config)).not.toContain(KEY_B);
  });

  it('given CRM_API_KEYS_FILE, when loading, then the keys are read from that file', () => {
    const read: string[] = [];
    const config = loadAppConfig(
      { CRM_API_KEYS_FILE: '/etc/crm/keys.json', NODE_ENV: 'production' },
      {
        readFile: (path) => {
          read.push(path);
          return keys([{ key: KEY_A, tenant: 'demo', scopes: ['ops'] }]);
        },
      },
    );
    expect(read).toEqual(['/etc/crm/keys.json']);
    expect(config.apiKeys?.map((k) => k.tenantId)).toEqual(['demo']);
    expect(config.production).toBe(true);
  });

  it('given an unreadable CRM_API_KEYS_FILE, when loading, then the problem names the file and the errno code', () =>
    given({ CRM_API_KEYS_FILE: '/nonexistent/crm-keys.json' }).thenProblems(
      ['CRM_API_KEYS_FILE'],
      ['/nonexistent/crm-keys.json', 'ENOENT'],
    ));

  it('given both CRM_API_KEYS and CRM_API_KEYS_FILE, when loading, then it asks for only one', () =>
    given({
      CRM_API_KEYS: keys([{ key: KEY_A, tenant: 'a', scopes: ['read'] }]),
      CRM_API_KEYS_FILE: '/x',
    }).thenProblems(['CRM_API_KEYS_FILE'], ['only one']));

  it('given a short key, when loading, then the problem says 16 characters and does not echo the key', () => {
    given({ CRM_API_KEYS: keys([{ key: 'short-secret', tenant: 'acme', scopes: ['read'] }]) }).thenProblems(
      ['CRM_API_KEYS'],
      ['entry 0', 'at least 16 characters'],
    );
    expect(() =>
      loadAppConfig({ CRM_API_KEYS: keys([{ key: 'short-secret', tenant: 'acme', scopes: ['read'] }]) }),
    ).toThrow(expect.objectContaining({ message: expect.not.stringContaining('short-secret') }));
  });

  it('given an unknown scope, when loading, then the problem names it and the allowed ones', () =>
    given({ CRM_API_KEYS: keys([{ key: KEY_A, tenant: 'acme', scopes: ['read', 'admin'] }]) }).thenProblems(
      ['CRM_API_KEYS'],
      ['"admin"', 'events:write, read, ops'],
    ));

  it.each(['Acme', 'acme/corp', '', '-acme', 'a'.repeat(64), 42])(
    'given the invalid tenant id %p, when loading, then it is rejected',
    (tenant) =>
      given({ CRM_API_KEYS: keys([{ key: KEY_A, tenant, scopes: ['read'] }]) }).thenProblems(
        ['CRM_API_KEYS'],
        ['tenant'],
      ),
  );

  it('given the same key twice, when loading, then the duplicate is reported by entry index', () =>
    given({
      CRM_API_KEYS: keys([
        { key: KEY_A, tenant: 'acme', scopes: ['read'] },
        { key: KEY_A, tenant: 'globex', scopes: ['ops'] },
      ]),
    }).thenProblems(['CRM_API_KEYS'], ['entry 1: holds the same key as entry 0']));

  it('given CRM_API_KEYS that is not JSON, when loading, then the problem does not quote the input', () => {
    given({ CRM_API_KEYS: `[{"key":"${KEY_A}"` }).thenProblems(['CRM_API_KEYS'], ['not valid JSON']);
    expect(() => loadAppConfig({ CRM_API_KEYS: `[{"key":"${KEY_A}"` })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining(KEY_A) }),
    );
  });

  it.each([
    ['{}', 'non-empty JSON array'],
    ['[]', 'non-empty JSON array'],
    ['["k"]', 'must be an object'],
    [`[{"key":"${'k'.repeat(20)}","tenant":"acme","scopes":[]}]`, 'non-empty array'],
    [`[{"key":"${'k'.repeat(20)}","tenant":"acme","scopes":["read"],"admin":true}]`, 'unknown field(s) admin'],
  ])('given CRM_API_KEYS=%s, when loading, then it reports %p', (json, fragment) =>
    given({ CRM_API_KEYS: json }).thenProblems(['CRM_API_KEYS'], [fragment]),
  );

  it('given several bad entries, when loading, then every problem is listed', () => {
    try {
      loadAppConfig({
        CRM_API_KEYS: keys([
          { key: 'short', tenant: 'Bad', scopes: ['x'] },
          { key: KEY_A, tenant: 'ok', scopes: ['read'] },
        ]),
      });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect((error as ConfigError).problems.map((p) => p.message)).toEqual([
        expect.stringContaining('entry 0: key must be at least 16'),
        expect.stringContaining('entry 0: tenant must be'),
        expect.stringContaining('entry 0: unknown scope(s) "x"'),
      ]);
    }
  });

  it.each(['silent', 'warn', 'debug'])('reads LOG_LEVEL=%s', (level) =>
    given({ LOG_LEVEL: level }).thenConfig({ logLevel: level as LogLevel }),
  );

  it('rejects an unknown LOG_LEVEL', () => given({ LOG_LEVEL: 'loud' }).thenProblems(['LOG_LEVEL']));

  it('reads HTTP_BODY_LIMIT_BYTES', () =>
    given({ HTTP_BODY_LIMIT_BYTES: '65536' }).thenConfig({ httpBodyLimitBytes: 65536 }));

  it.each(['0', '1023', '10MB', '-5', String(2 * 1024 ** 3)])('rejects HTTP_BODY_LIMIT_BYTES=%s', (limit) =>
    given({ HTTP_BODY_LIMIT_BYTES: limit }).thenProblems(['HTTP_BODY_LIMIT_BYTES']),
  );
});
