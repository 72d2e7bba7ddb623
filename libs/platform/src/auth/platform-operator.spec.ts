import type { AuthContext } from './auth-context';
import { httpActor, OperatorPolicy } from './platform-operator';

const key = (tenantId: string, scopes: AuthContext['scopes']): AuthContext => ({ tenantId, keyId: 'k1', scopes });
const policy = new OperatorPolicy(['platform'], false);

describe('operator policy', () => {
  it('given an ops key of an operator tenant, then it is a platform operator', () =>
    expect(policy.isOperator(key('platform', ['ops']))).toBe(true));

  it.each([
    ['a tenant’s ops key', key('acme', ['ops', 'read', 'events:write'])],
    ['an operator tenant’s key without ops', key('platform', ['read'])],
  ])('given %s, then it is not', (_name, auth) => expect(policy.isOperator(auth)).toBe(false));

  it('given dev mode, then its one ops key is the operator', () =>
    expect(new OperatorPolicy([], true).isOperator(key('demo', ['events:write', 'read', 'ops']))).toBe(true));

  it('given a tenant key, then requiring an operator is a 403 that says how to become one', () =>
    expect(() => policy.require(key('acme', ['ops']), 'Rebuilding a projection')).toThrow(
      expect.objectContaining({
        status: 403,
        code: 'forbidden',
        detail: expect.stringContaining('CRM_OPERATOR_TENANTS'),
      }),
    ));

  it('given a key, then the audit actor names its id and tenant, never the key', () =>
    expect(httpActor(key('platform', ['ops']))).toBe('api-key:k1@platform'));
});
