import { href, parseRoute } from './routing';

describe('console routes', () => {
  it.each([
    ['', { page: 'board' }],
    ['#/board', { page: 'board' }],
    ['#/opportunities/nw-fleet-analytics', { page: 'opportunity', id: 'nw-fleet-analytics' }],
    ['#/accounts', { page: 'accounts' }],
    ['#/accounts/a%3Ab', { page: 'account', id: 'a:b' }],
    ['#/customers?type=email&value=ana%40example.com', { page: 'customers', type: 'email', value: 'ana@example.com' }],
    ['#/customers', { page: 'customers', type: null, value: null }],
    ['#/customers?type=phone&value=1&at=42', { page: 'customers', type: 'phone', value: '1', at: 42 }],
    ['#/customers?type=phone&value=1&at=-3', { page: 'customers', type: 'phone', value: '1' }],
    ['#/ops', { page: 'ops' }],
    ['#/nope', { page: 'not-found', path: '/nope' }],
    ['#/accounts/%E0%A4%A', { page: 'not-found', path: '/accounts/%E0%A4%A' }],
  ])('given %p, then %p', (hash, route) => expect(parseRoute(hash)).toEqual(route));

  it.each([
    [{ page: 'opportunity', id: 'd 1' } as const],
    [{ page: 'account', id: 'northwind-retail' } as const],
    [{ page: 'customers', type: 'phone', value: '+33 6' } as const],
    [{ page: 'customers', type: 'email', value: 'a@b.c', at: 7 } as const],
    [{ page: 'ops' } as const],
  ])('given %p, then its href parses back to it', (route) => expect(parseRoute(href(route))).toEqual(route));
});
