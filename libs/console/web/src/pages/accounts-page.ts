import { html } from 'htm/preact';
import type { ComponentChild } from 'preact';
import { useState } from 'preact/hooks';
import { apiGet, query } from '../api/api-client';
import type { AccountListPage } from '../api/api-types';
import { href } from '../routing';
import { whenLoaded } from '../ui/feedback';
import { formatCount } from '../ui/format';
import { useLoad } from '../ui/use-load';

/**
 * The tenant's account groups (or all accounts), by name, with a jump to any account id. The filter and
 * the page live in the address, so Back from an account and a reload come back to the same rows.
 */
export const AccountsPage = ({ all, after }: { all: boolean; after: string | undefined }): ComponentChild => {
  const topLevel = !all;
  const go = (to: { all: boolean; after?: string | undefined }): void => {
    window.location.hash = href({
      page: 'accounts',
      ...(to.all && { all: true as const }),
      ...(to.after !== undefined && { after: to.after }),
    });
  };
  const [jump, setJump] = useState('');
  const accounts = useLoad(
    () => apiGet<AccountListPage>(`/v1/b2b/accounts${query({ topLevel: topLevel || undefined, limit: 100, after })}`),
    [topLevel, after],
  );
  return html`
    <section aria-labelledby="accounts-title">
      <div class="page-head">
        <h1 tabindex="-1" id="accounts-title">Accounts</h1>
        <label class="inline">
          <input
            type="checkbox"
            checked=${topLevel}
            onChange=${(e: Event) => go({ all: !(e.currentTarget as HTMLInputElement).checked })}
          />
          Groups only (accounts without a parent)
        </label>
        <form
          class="inline"
          onSubmit=${(e: Event) => {
            e.preventDefault();
            if (jump.trim() !== '') window.location.hash = href({ page: 'account', id: jump.trim() });
          }}
        >
          <label for="account-id">Account id</label>
          <input
            id="account-id"
            value=${jump}
            onInput=${(e: Event) => setJump((e.currentTarget as HTMLInputElement).value)}
          />
          <button type="submit">Open</button>
        </form>
      </div>
      ${whenLoaded(
        accounts.state,
        (page) => html`
          <table>
            <thead>
              <tr>
                <th scope="col">Account</th>
                <th scope="col">Sector</th>
                <th scope="col">Office</th>
                <th scope="col">Employees</th>
                <th scope="col">Subsidiaries</th>
              </tr>
            </thead>
            <tbody>
              ${page.accounts.map(
                (a) =>
                  html`<tr>
                    <td><a href=${href({ page: 'account', id: a.accountId })}>${a.name}</a></td>
                    <td>${a.sector ?? '–'}</td>
                    <td>${a.officeLocation ?? '–'}</td>
                    <td>${a.employees === null ? '–' : formatCount(a.employees)}</td>
                    <td>${a.subsidiaries}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
          ${page.accounts.length === 0 ? html`<p class="muted">No accounts.</p>` : null}
          <p>
            ${after ? html`<button type="button" class="link" onClick=${() => go({ all })}>First page</button>` : null}
            ${
              page.nextCursor
                ? html`<button
                    type="button"
                    class="link"
                    onClick=${() => go({ all, after: page.nextCursor ?? undefined })}
                  >
                    Next page
                  </button>`
                : null
            }
          </p>
        `,
      )}
    </section>
  `;
};
