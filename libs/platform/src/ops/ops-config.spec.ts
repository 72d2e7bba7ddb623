import { ConfigError } from '../config/app-config';
import { isLoopbackHost, loadOpsConfig } from './ops-config';

const KEYS = JSON.stringify([
  { key: 'acme-ops-key-0123456789', tenant: 'acme', scopes: ['ops'] },
  { key: 'platform-ops-key-012345', tenant: 'platform', scopes: ['ops', 'read'] },
]);

const problemsOf = (env: NodeJS.ProcessEnv): string[] => {
  try {
    loadOpsConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((p) => `${p.variable}: ${p.message}`);
  }
  throw new Error('expected a ConfigError');
};

describe('loadOpsConfig', () => {
  it('given no OPS_PORT, then the listener is off', () =>
    expect(loadOpsConfig({ OPS_HOST: '0.0.0.0' })).toBeUndefined());

  it('given OPS_PORT alone, then it listens on loopback with an open scrape (dev mode)', () =>
    expect(loadOpsConfig({ OPS_PORT: '9464' })).toEqual({ port: 9464, host: '127.0.0.1', operatorTenants: [] }));

  it('given keys and operator tenants, then the keys are hashed and the operators listed once', () => {
    const config = loadOpsConfig({
      OPS_PORT: '9464',
      OPS_HOST: '0.0.0.0',
      CRM_API_KEYS: KEYS,
      CRM_OPERATOR_TENANTS: 'platform, platform',
    });
    expect(config?.apiKeys?.map((k) => [k.tenantId, k.scopes])).toEqual([
      ['acme', ['ops']],
      ['platform', ['ops', 'read']],
    ]);
    expect(JSON.stringify(config)).not.toContain('acme-ops-key');
    expect(config?.operatorTenants).toEqual(['platform']);
  });

  it.each(['0', '65536', 'http', '94 64'])('given OPS_PORT=%s, then start is refused naming OPS_PORT', (port) =>
    expect(problemsOf({ OPS_PORT: port })).toEqual([
      expect.stringMatching(/^OPS_PORT: must be an integer from 1 to 65535/),
    ]),
  );

  it('given a non-loopback OPS_HOST without keys, then start is refused: /metrics would be open to the network', () =>
    expect(problemsOf({ OPS_PORT: '9464', OPS_HOST: '10.0.0.5' })).toEqual([
      expect.stringMatching(/^OPS_HOST: "10.0.0.5" is not loopback: set CRM_API_KEYS/),
    ]));

  it('given NODE_ENV=production without keys, then start is refused even on loopback', () =>
    expect(problemsOf({ OPS_PORT: '9464', NODE_ENV: 'production' })).toEqual([
      expect.stringMatching(/^OPS_PORT: needs CRM_API_KEYS/),
    ]));

  it('given every variable wrong, then every problem is reported at once, never echoing a key', () => {
    const problems = problemsOf({
      OPS_PORT: 'x',
      OPS_HOST: 'bad host',
      CRM_API_KEYS: JSON.stringify([{ key: 'short-secret', tenant: 'acme', scopes: ['ops'] }]),
      CRM_OPERATOR_TENANTS: 'system',
    });
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'OPS_PORT',
      'OPS_HOST',
      'CRM_API_KEYS',
      'CRM_OPERATOR_TENANTS',
    ]);
    expect(problems.join('\n')).not.toContain('short-secret');
  });

  it('given loopback spellings, then they count as loopback; others do not', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', 'localhost'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '10.0.0.1', '::', 'example.com'].some(isLoopbackHost)).toBe(false);
  });
});
