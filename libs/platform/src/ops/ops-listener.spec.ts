import { ApiKeyRegistry, toApiKeyRecord } from '../auth/api-keys';
import { OperatorPolicy } from '../auth/platform-operator';
import { ProblemException } from '../http/problem-details';
import { authorizeScrape } from './ops-listener';

const ACME_OPS = 'acme-ops-key-0123456789';
const ACME_READ = 'acme-read-key-012345678';
const PLATFORM_OPS = 'platform-ops-key-012345';
const keys = {
  registry: new ApiKeyRegistry([
    toApiKeyRecord(ACME_OPS, 'acme', ['ops']),
    toApiKeyRecord(ACME_READ, 'acme', ['read']),
    toApiKeyRecord(PLATFORM_OPS, 'platform', ['ops']),
  ]),
  operators: new OperatorPolicy(['platform'], false),
};

const refusal = (headers: Record<string, string>): Pick<ProblemException, 'status' | 'code'> => {
  try {
    authorizeScrape(headers, keys, 'crm-kafka');
  } catch (error) {
    expect(error).toBeInstanceOf(ProblemException);
    const { status, code } = error as ProblemException;
    return { status, code };
  }
  throw new Error('expected a refusal');
};

describe('authorizeScrape', () => {
  it('given no keys configured (loopback dev mode), then every series is open', () =>
    expect(authorizeScrape({}, undefined, 'crm-kafka')).toEqual({ all: true }));

  it('given keys configured and no key, then 401 with a Bearer challenge', () => {
    try {
      authorizeScrape({}, keys, 'crm-kafka');
      throw new Error('expected a refusal');
    } catch (error) {
      expect(error).toMatchObject({ status: 401, headers: { 'www-authenticate': 'Bearer realm="crm-kafka"' } });
    }
  });

  it('given an unknown key, then 401', () =>
    expect(refusal({ authorization: 'Bearer not-a-known-key-at-all' })).toEqual({ status: 401, code: 'unauthorized' }));

  it('given a key without the ops scope, then 403', () =>
    expect(refusal({ 'x-api-key': ACME_READ })).toEqual({ status: 403, code: 'forbidden' }));

  it("given a tenant's ops key, then only that tenant's series", () =>
    expect(authorizeScrape({ authorization: `Bearer ${ACME_OPS}` }, keys, 'crm-kafka')).toEqual({
      all: false,
      tenantId: 'acme',
    }));

  it("given a platform operator's ops key, then every series", () =>
    expect(authorizeScrape({ 'x-api-key': PLATFORM_OPS }, keys, 'crm-kafka')).toEqual({ all: true }));
});
