import type { AuthContext } from './auth-context';
import { foundOrNotFound, ownedOrNotFound, tenantFilter, tenantStreamId } from './tenant-scope';

const acme: AuthContext = { tenantId: 'acme', keyId: 'k1', scopes: ['read'] };

describe('tenant scope helpers', () => {
  it('given a caller, then stream ids and log filters carry its tenant only', () => {
    expect(tenantStreamId(acme, 'account', 'a-1')).toBe('acme/account-a-1');
    expect(tenantFilter(acme, { types: ['AccountOpened'] })).toEqual({ tenantId: 'acme', types: ['AccountOpened'] });
  });

  it('given a resource of the caller’s tenant, then it is returned', () =>
    expect(ownedOrNotFound({ tenantId: 'acme', id: 'a-1' }, acme, 'Account', 'a-1')).toEqual({
      tenantId: 'acme',
      id: 'a-1',
    }));

  it('given another tenant’s resource or none, then the same 404 not-found', () => {
    const foreign = (): unknown => ownedOrNotFound({ tenantId: 'globex', id: 'a-1' }, acme, 'Account', 'a-1');
    const missing = (): unknown => ownedOrNotFound(undefined, acme, 'Account', 'a-1');
    for (const attempt of [foreign, missing])
      expect(attempt).toThrow(
        expect.objectContaining({ status: 404, code: 'not-found', detail: 'Account "a-1" was not found.' }),
      );
  });

  it('given a tenant-filtered lookup that found nothing, then 404', () => {
    expect(foundOrNotFound(0, 'Count', 'x')).toBe(0);
    expect(() => foundOrNotFound(null, 'Contact', 'c-9')).toThrow(expect.objectContaining({ status: 404 }));
  });
});
