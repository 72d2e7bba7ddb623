import { h } from 'preact';
import { html } from 'htm/preact';
import type { ComponentChild } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { apiGet, onSignedOut } from './api/api-client';
import type { WhoAmI } from './api/api-types';
import { forgetApiKey, storedApiKey } from './api/session';
import { AccountPage } from './pages/account-page';
import { AccountsPage } from './pages/accounts-page';
import { BoardPage } from './pages/board-page';
import { CustomerPage } from './pages/customer-page';
import { OpportunityPage } from './pages/opportunity-page';
import { OpsPage } from './pages/ops-page';
import { SignInPage } from './pages/sign-in-page';
import { href, type Route } from './routing';
import { useRoute } from './ui/use-route';

const NAV: { label: string; route: Exclude<Route, { page: 'not-found' }>; pages: Route['page'][] }[] = [
  { label: 'Pipeline', route: { page: 'board' }, pages: ['board', 'opportunity'] },
  { label: 'Accounts', route: { page: 'accounts' }, pages: ['accounts', 'account'] },
  { label: 'Customers', route: { page: 'customers', type: null, value: null }, pages: ['customers'] },
  { label: 'Ops', route: { page: 'ops' }, pages: ['ops'] },
];

const page = (route: Route, who: WhoAmI): ComponentChild => {
  switch (route.page) {
    case 'board':
      return h(BoardPage, {});
    case 'opportunity':
      return h(OpportunityPage, { key: route.id, id: route.id });
    case 'accounts':
      return h(AccountsPage, {});
    case 'account':
      return h(AccountPage, { key: route.id, id: route.id });
    case 'customers':
      return h(CustomerPage, {
        key: `${route.type}:${route.value}:${route.at ?? 0}`,
        type: route.type,
        value: route.value,
        at: route.at ?? 0,
        who,
      });
    case 'ops':
      return h(OpsPage, { who });
    case 'not-found':
      return html`<section>
        <h1>Not found</h1>
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

  useEffect(() => onSignedOut(() => setWho(null)), []);
  // A reload keeps the key (same tab): check it again rather than trusting it.
  useEffect(() => {
    if (!checking) return;
    apiGet<WhoAmI>('/v1/whoami')
      .then(setWho)
      .catch(() => forgetApiKey())
      .finally(() => setChecking(false));
  }, []);

  if (checking) return html`<p role="status" class="muted">Checking your key…</p>`;
  if (!who) return h(SignInPage, { onSignedIn: setWho });
  const signOut = (): void => {
    forgetApiKey();
    setWho(null);
  };
  return html`
    <header class="top">
      <a class="brand" href="#/board">CRM console</a>
      <nav aria-label="Main">
        <ul>
          ${NAV.map(
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
