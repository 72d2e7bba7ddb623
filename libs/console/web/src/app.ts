import { h } from 'preact';
import { html } from 'htm/preact';
import type { ComponentChild } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, apiGet, onSignedOut } from './api/api-client';
import type { WhoAmI } from './api/api-types';
import { forgetApiKey, storedApiKey } from './api/session';
import { AccountPage } from './pages/account-page';
import { AccountsPage } from './pages/accounts-page';
import { BoardPage } from './pages/board-page';
import { CustomerPage } from './pages/customer-page';
import { OpportunityPage } from './pages/opportunity-page';
import { OpsPage } from './pages/ops-page';
import { SignInPage } from './pages/sign-in-page';
import { homeOf, href, movesFocus, scopeOf, type Route } from './routing';
import { focusMainHeading } from './ui/focus-heading';
import { errorText } from './ui/feedback';
import { useRoute } from './ui/use-route';

const NAV: { label: string; route: Exclude<Route, { page: 'not-found' }>; pages: Route['page'][] }[] = [
  { label: 'Pipeline', route: { page: 'board' }, pages: ['board', 'opportunity'] },
  { label: 'Accounts', route: { page: 'accounts' }, pages: ['accounts', 'account'] },
  { label: 'Customers', route: { page: 'customers', type: null, value: null }, pages: ['customers'] },
  { label: 'Ops', route: { page: 'ops' }, pages: ['ops'] },
];

const TITLES: Record<Route['page'], string> = {
  board: 'Pipeline',
  opportunity: 'Deal',
  accounts: 'Accounts',
  account: 'Account',
  customers: 'Customers',
  ops: 'Ops',
  'not-found': 'Not found',
};

const page = (route: Route, who: WhoAmI): ComponentChild => {
  const needs = scopeOf(route.page);
  if (needs !== null && !who.scopes.includes(needs)) {
    const home = homeOf(who.scopes);
    // An empty address is "wherever this key starts": the ops page for an operator's ops-only key.
    if (window.location.hash.replace(/^#\/?/, '') === '' && home.page !== route.page) return page(home, who);
    return html`<section>
      <h1 tabindex="-1">${TITLES[route.page]}</h1>
      <p role="alert" class="alert">${`This key lacks the ${needs} scope this page needs.`}</p>
      <p><a href=${href(home)}>Go to what this key may see</a></p>
    </section>`;
  }
  switch (route.page) {
    case 'board':
      return h(BoardPage, {
        stalledDays: route.stalledDays ?? 30,
        ...(route.refusedStalled !== undefined && { refusedStalled: route.refusedStalled }),
      });
    case 'opportunity':
      return h(OpportunityPage, { key: route.id, id: route.id, who });
    case 'accounts':
      return h(AccountsPage, { all: route.all ?? false, after: route.after });
    case 'account':
      return h(AccountPage, { key: route.id, id: route.id });
    case 'customers':
      return h(CustomerPage, {
        key: `${route.type}:${route.value}:${route.profile ?? ''}:${route.at ?? 0}`,
        type: route.type,
        value: route.value,
        profile: route.profile ?? null,
        at: route.at ?? 0,
        who,
      });
    case 'ops':
      return h(OpsPage, { who });
    case 'not-found':
      return html`<section>
        <h1 tabindex="-1">Not found</h1>
        <p>No page at <code>${route.path}</code>.</p>
      </section>`;
    default: {
      const never: never = route;
      return never;
    }
  }
};

/** Sign-in gate, navigation and the current page. */
export const App = (): ComponentChild => {
  const route = useRoute();
  const [who, setWho] = useState<WhoAmI | null>(null);
  const [checking, setChecking] = useState(() => storedApiKey() !== null);
  const [checkFailed, setCheckFailed] = useState<Error | null>(null);

  useEffect(() => onSignedOut(() => setWho(null)), []);
  useEffect(() => {
    document.title = `${TITLES[route.page]} · CRM console`;
  }, [route.page]);
  // Runs on address changes only, never on a page's polls or reloads: those must not pull focus away.
  const shown = useRef(route);
  useEffect(() => {
    if (movesFocus(shown.current, route)) focusMainHeading();
    shown.current = route;
  }, [route]);
  // A reload keeps the key (same tab): check it again rather than trusting it. Only a 401 forgets it (the
  // API client does); a 429, a 503 or a network error leaves the key and offers to try again.
  const check = (): void => {
    setCheckFailed(null);
    setChecking(true);
    apiGet<WhoAmI>('/v1/whoami')
      .then(setWho)
      .catch((error: unknown) => {
        if (!(error instanceof ApiError && error.status === 401))
          setCheckFailed(error instanceof Error ? error : new Error(String(error)));
      })
      .finally(() => setChecking(false));
  };
  useEffect(() => {
    if (checking) check();
  }, []);

  if (checking) return html`<p role="status" class="muted">Checking your key…</p>`;
  if (checkFailed)
    return html`<section class="sign-in">
      <p role="alert" class="alert">${`Could not check your key: ${errorText(checkFailed)}`}</p>
      <p class="choices">
        <button type="button" onClick=${check}>Try again</button>
        <button
          type="button"
          class="link"
          onClick=${() => {
            forgetApiKey();
            setCheckFailed(null);
          }}
        >
          Sign in with another key
        </button>
      </p>
    </section>`;
  if (!who) return h(SignInPage, { onSignedIn: setWho });
  const signOut = (): void => {
    forgetApiKey();
    // The next key signed in here starts at its own home, not on the page the last one left open.
    window.location.hash = '';
    setWho(null);
  };
  return html`
    <header class="top">
      <a class="brand" href=${href(homeOf(who.scopes))}>CRM console</a>
      <nav aria-label="Main">
        <ul>
          ${NAV.filter((item) => who.scopes.includes(scopeOf(item.route.page) ?? '')).map(
            (item) =>
              html`<li>
                <a href=${href(item.route)} aria-current=${item.pages.includes(route.page) ? 'page' : undefined}
                  >${item.label}</a
                >
              </li>`,
          )}
        </ul>
      </nav>
      <p class="who">
        Tenant <strong>${who.tenantId}</strong> · key ${who.keyId} · ${who.scopes.join(', ')}
        <button type="button" class="link" onClick=${signOut}>Sign out</button>
      </p>
    </header>
    <main id="content">${page(route, who)}</main>
  `;
};
