import { homeOf, href, movesFocus, parseRoute, scopeOf } from './routing';

describe('console routes', () => {
  it.each([
    ['', { page: 'board' }],
    ['#/board', { page: 'board' }],
    ['#/board?stalled=15', { page: 'board', stalledDays: 15 }],
    ['#/board?stalled=0', { page: 'board', refusedStalled: '0' }],
    ['#/board?stalled=2.5', { page: 'board', refusedStalled: '2.5' }],
    ['#/board?stalled=3651', { page: 'board', refusedStalled: '3651' }],
    ['#/board?stalled=abc', { page: 'board', refusedStalled: 'abc' }],
    ['#/board?stalled=', { page: 'board', refusedStalled: '' }],
    ['#/opportunities/nw-fleet-analytics', { page: 'opportunity', id: 'nw-fleet-analytics' }],
    ['#/accounts', { page: 'accounts' }],
    ['#/accounts?all=1&after=c2', { page: 'accounts', all: true, after: 'c2' }],
    ['#/accounts?all=0&after=', { page: 'accounts' }],
    ['#/accounts/a%3Ab', { page: 'account', id: 'a:b' }],
    ['#/customers?type=email&value=ana%40example.com', { page: 'customers', type: 'email', value: 'ana@example.com' }],
    ['#/customers', { page: 'customers', type: null, value: null }],
    ['#/customers?type=phone&value=1&at=42', { page: 'customers', type: 'phone', value: '1', at: 42 }],
    ['#/customers?type=phone&value=1&at=-3', { page: 'customers', type: 'phone', value: '1' }],
    ['#/customers?profile=pr_a1', { page: 'customers', type: null, value: null, profile: 'pr_a1' }],
    ['#/customers?profile=', { page: 'customers', type: null, value: null }],
    ['#/ops', { page: 'ops' }],
    ['#/nope', { page: 'not-found', path: '/nope' }],
    ['#/accounts/%E0%A4%A', { page: 'not-found', path: '/accounts/%E0%A4%A' }],
  ])('given %p, then %p', (hash, route) => expect(parseRoute(hash)).toEqual(route));

  it.each([
    [{ page: 'opportunity', id: 'd 1' } as const],
    [{ page: 'account', id: 'northwind-retail' } as const],
    [{ page: 'customers', type: 'phone', value: '+33 6' } as const],
    [{ page: 'customers', type: 'email', value: 'a@b.c', at: 7 } as const],
    [{ page: 'customers', type: null, value: null, profile: 'pr_x/1', at: 9 } as const],
    [{ page: 'ops' } as const],
    [{ page: 'board', stalledDays: 3650 } as const],
    [{ page: 'accounts' } as const],
    [{ page: 'accounts', all: true, after: 'eyJuYW1lIjoiYSsvYj0ifQ==' } as const],
    [{ page: 'accounts', after: 'x&y' } as const],
  ])('given %p, then its href parses back to it', (route) => expect(parseRoute(href(route))).toEqual(route));

  it('given a refused threshold, then the board link carries none', () =>
    expect(href({ page: 'board', refusedStalled: '0' })).toBe('#/board'));

  it('given the pages, then reading ones need read and the ops page ops', () => {
    expect(['board', 'opportunity', 'accounts', 'account', 'customers'].map((p) => scopeOf(p as 'board'))).toEqual(
      Array(5).fill('read'),
    );
    expect(scopeOf('ops')).toBe('ops');
    expect(scopeOf('not-found')).toBeNull();
  });

  it.each([
    [['events:write', 'read', 'ops'], { page: 'board' }],
    [['read'], { page: 'board' }],
    [['ops'], { page: 'ops' }],
    [['events:write'], { page: 'board' }],
  ])('given a key with %p, then it lands on %p', (scopes, home) => expect(homeOf(scopes)).toEqual(home));

  describe('focus on navigation', () => {
    it.each([
      ['#/board', '#/opportunities/d-1'],
      ['#/opportunities/d-1', '#/opportunities/d-2'],
      ['#/opportunities/d-1', '#/accounts/northwind'],
      ['#/accounts', '#/accounts/northwind'],
      ['#/accounts/northwind', '#/accounts?all=1'],
      ['#/accounts?all=1', '#/accounts?all=1&after=c2'],
      ['#/accounts?after=c2', '#/accounts'],
      ['#/customers?type=email&value=a%40b.c', '#/customers?profile=pr_1'],
      ['#/customers?profile=pr_1', '#/customers?profile=pr_2&at=5'],
      ['#/customers?type=email&value=a%40b.c', '#/customers?type=email&value=b%40b.c'],
      ['#/ops', '#/nope'],
    ])('given %p, when the address becomes %p, then focus moves to the new page', (from, to) =>
      expect(movesFocus(parseRoute(from), parseRoute(to))).toBe(true),
    );

    it.each([
      ['#/board', '#/board?stalled=15'],
      ['#/board?stalled=99999', '#/board'],
      ['#/accounts', '#/accounts?all=1'],
      ['#/accounts?after=c2', '#/accounts?all=1&after=c2'],
      ['#/ops', '#/ops'],
      ['#/customers?profile=pr_1', '#/customers?profile=pr_1&at=9'],
    ])("given %p, when the page's own controls make it %p, then focus stays", (from, to) =>
      expect(movesFocus(parseRoute(from), parseRoute(to))).toBe(false),
    );
  });
});
