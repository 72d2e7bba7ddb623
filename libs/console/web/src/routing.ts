/** The console's pages, addressed by the URL hash so the server serves one index.html for all of them. */
export type Route =
  /**
   * `stalledDays`: the board's stalled threshold, when not the default. `refusedStalled`: a `?stalled=` the
   * address carried that is no threshold (0, 2.5, abc): the page says so instead of silently ignoring it.
   */
  | { page: 'board'; stalledDays?: number; refusedStalled?: string }
  | { page: 'opportunity'; id: string }
  /** `all`: every account, not only groups; `after`: the page's cursor (absent for the first page). */
  | { page: 'accounts'; all?: true; after?: string }
  | { page: 'account'; id: string }
  /**
   * `at`: read the profile once the read models reached this position (after an unmerge). `profile`: open
   * this profile id (a link from another profile's merge history) instead of looking an identifier up.
   */
  | { page: 'customers'; type: string | null; value: string | null; at?: number; profile?: string }
  | { page: 'ops' }
  | { page: 'not-found'; path: string };

/** The board's stalled threshold: whole days, as the API takes them (1 to 3650). */
export const MAX_STALLED_DAYS = 3650;
export const isStalledDays = (days: number): boolean => Number.isInteger(days) && days >= 1 && days <= MAX_STALLED_DAYS;

/** The scope a page's API calls need: reading pages need `read`, the ops page `ops`. Pure. */
export const scopeOf = (page: Route['page']): 'read' | 'ops' | null => {
  switch (page) {
    case 'board':
    case 'opportunity':
    case 'accounts':
    case 'account':
    case 'customers':
      return 'read';
    case 'ops':
      return 'ops';
    case 'not-found':
      return null;
    default: {
      const never: never = page;
      return never;
    }
  }
};

/** Where a key lands: the board when it may read, else the ops page (a platform operator's key). Pure. */
export const homeOf = (scopes: readonly string[]): Exclude<Route, { page: 'not-found' }> =>
  scopes.includes('read') || !scopes.includes('ops') ? { page: 'board' } : { page: 'ops' };

const decode = (part: string): string | null => {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
};

/** `#/opportunities/d-1` → `{ page: 'opportunity', id: 'd-1' }`; an empty hash is the board. Pure. */
export const parseRoute = (hash: string): Route => {
  const path = hash.replace(/^#/, '');
  const [pathname = '', search = ''] = path.split('?', 2);
  const parts = pathname.split('/').filter((p) => p !== '');
  const params = new URLSearchParams(search);
  const [first, second, ...rest] = parts;
  if (rest.length > 0) return { page: 'not-found', path };
  if (first === undefined || (first === 'board' && second === undefined)) {
    const stalled = params.get('stalled');
    if (stalled === null) return { page: 'board' };
    const stalledDays = Number(stalled);
    return stalled.trim() !== '' && isStalledDays(stalledDays)
      ? { page: 'board', stalledDays }
      : { page: 'board', refusedStalled: stalled };
  }
  if (first === 'accounts' && second === undefined) {
    const after = params.get('after');
    return {
      page: 'accounts',
      ...(params.get('all') === '1' && { all: true as const }),
      ...(after !== null && after !== '' && { after }),
    };
  }
  if (first === 'ops' && second === undefined) return { page: 'ops' };
  if (first === 'customers' && second === undefined) {
    const at = Number(params.get('at'));
    const profile = params.get('profile');
    return {
      page: 'customers',
      type: params.get('type'),
      value: params.get('value'),
      ...(Number.isSafeInteger(at) && at > 0 && { at }),
      ...(profile !== null && profile !== '' && { profile }),
    };
  }
  const id = second === undefined ? null : decode(second);
  if (id) {
    if (first === 'opportunities') return { page: 'opportunity', id };
    if (first === 'accounts') return { page: 'account', id };
  }
  return { page: 'not-found', path };
};

/**
 * What a route shows, for focus: on the board, the accounts list and the ops page the rest of the address is
 * the page's own controls (threshold, filter), so changing it keeps the focus where the user is. Another page
 * of accounts is new rows (and the button pressed may be gone on the last page): focus goes to the heading.
 */
const subjectOf = (route: Route): string => {
  switch (route.page) {
    case 'board':
    case 'ops':
      return route.page;
    case 'accounts':
      return `accounts?${route.after ?? ''}`;
    case 'opportunity':
    case 'account':
      return `${route.page}/${route.id}`;
    case 'customers':
      return `customers?${JSON.stringify([route.type, route.value, route.profile ?? null])}`;
    case 'not-found':
      return `not-found ${route.path}`;
    default: {
      const never: never = route;
      return never;
    }
  }
};

/**
 * Whether a change of address opens another page, so focus moves to its heading (keyboard and screen-reader
 * users land on it); a change made by the page's own controls does not. Pure.
 */
export const movesFocus = (from: Route, to: Route): boolean => subjectOf(from) !== subjectOf(to);

/** The hash of a route, for links. Pure. */
export const href = (route: Exclude<Route, { page: 'not-found' }>): string => {
  switch (route.page) {
    case 'board':
      // A refused value is not linked to: the link says what is in force.
      return route.stalledDays === undefined ? '#/board' : `#/board?stalled=${route.stalledDays}`;
    case 'opportunity':
      return `#/opportunities/${encodeURIComponent(route.id)}`;
    case 'accounts': {
      const params = new URLSearchParams();
      if (route.all) params.set('all', '1');
      if (route.after) params.set('after', route.after);
      const search = params.toString();
      return search === '' ? '#/accounts' : `#/accounts?${search}`;
    }
    case 'account':
      return `#/accounts/${encodeURIComponent(route.id)}`;
    case 'customers': {
      const params = new URLSearchParams();
      if (route.type) params.set('type', route.type);
      if (route.value) params.set('value', route.value);
      if (route.profile) params.set('profile', route.profile);
      if (route.at) params.set('at', String(route.at));
      const search = params.toString();
      return search === '' ? '#/customers' : `#/customers?${search}`;
    }
    case 'ops':
      return '#/ops';
    default: {
      const never: never = route;
      return never;
    }
  }
};
