import { h } from 'preact';
import { html } from 'htm/preact';
import type { ComponentChild } from 'preact';
import { apiGet, query, segment } from '../api/api-client';
import type { AccountDetail, AccountListPage, OpportunityListPage, OrgChartNode, TimelinePage } from '../api/api-types';
import { href } from '../routing';
import { ErrorAlert, whenLoaded } from '../ui/feedback';
import { formatCount, formatInstant, formatMoney, formatTotal } from '../ui/format';
import { useLoad } from '../ui/use-load';
import { usePaged } from '../ui/use-paged';
import { TreeDiagram } from '../trees/tree-diagram';
import type { TreeInput } from '../trees/tree-layout';

interface HierarchyNode {
  accountId: string;
  name: string;
  children: HierarchyNode[];
}

/** Walks down from the group's top account, level by level, through the accounts list (bounded). */
const loadHierarchy = async (top: { accountId: string; name: string }): Promise<HierarchyNode> => {
  const root: HierarchyNode = { ...top, children: [] };
  let level = [root];
  for (let depth = 0; depth < 8 && level.length > 0; depth++) {
    const next: HierarchyNode[] = [];
    for (const node of level) {
      const page = await apiGet<AccountListPage>(`/v1/b2b/accounts${query({ parentId: node.accountId, limit: 200 })}`);
      node.children = page.accounts.map((a) => ({ accountId: a.accountId, name: a.name, children: [] }));
      next.push(...node.children);
    }
    level = next.slice(0, 200);
  }
  return root;
};

/** Names by account id, from the drawn hierarchy: the breadcrumbs say names once it has loaded. */
const namesOf = (node: HierarchyNode | null | undefined, names = new Map<string, string>()): Map<string, string> => {
  if (!node) return names;
  names.set(node.accountId, node.name);
  for (const child of node.children) namesOf(child, names);
  return names;
};

const hierarchyTree = (node: HierarchyNode, currentId: string): TreeInput => ({
  id: node.accountId,
  label: node.name,
  current: node.accountId === currentId,
  children: node.children.map((c) => hierarchyTree(c, currentId)),
});

const orgTree = (node: OrgChartNode): TreeInput => ({
  id: node.contactId,
  label: node.name,
  sublabel: node.title,
  children: node.reports.map(orgTree),
});

const Timeline = ({ accountId }: { accountId: string }): ComponentChild => {
  const entries = usePaged(
    async (before) => {
      const page = await apiGet<TimelinePage>(
        `/v1/b2b/accounts/${segment(accountId)}/timeline${query({ limit: 25, before: before ?? undefined })}`,
      );
      return { items: page.entries, next: page.nextCursor };
    },
    [accountId],
  );
  return html`<section aria-labelledby="timeline-title">
    <h2 id="timeline-title">Timeline</h2>
    ${whenLoaded(
      entries.state,
      (shown) =>
        html`<ol class="timeline" aria-label="Timeline entries">
          ${shown.map(
            (e) =>
              html`<li>
                <time datetime=${e.occurredAt}>${formatInstant(e.occurredAt)}</time>
                <span class="badge">${e.kind}</span> ${e.title}
                ${e.opportunityId ? html` · <a href=${href({ page: 'opportunity', id: e.opportunityId })}>${e.opportunityId}</a>` : null}
              </li>`,
          )}
        </ol>`,
    )}
    ${entries.error ? h(ErrorAlert, { error: entries.error }) : null}
    ${entries.more ? html`<button type="button" class="link" onClick=${entries.more}>Older entries</button>` : null}
  </section>`;
};

/** An account: hierarchy (drawn), org chart (drawn), figures own and rolled up, its deals and timeline. */
export const AccountPage = ({ id }: { id: string }): ComponentChild => {
  const account = useLoad(() => apiGet<AccountDetail>(`/v1/b2b/accounts/${segment(id)}`), [id]);
  const a = account.state.data;
  const topId = a ? (a.ancestorIds[a.ancestorIds.length - 1] ?? a.accountId) : null;
  const hierarchy = useLoad(async () => {
    if (!a || topId === null) return null;
    const top = topId === a.accountId ? a : await apiGet<AccountDetail>(`/v1/b2b/accounts/${segment(topId)}`);
    return loadHierarchy({ accountId: top.accountId, name: top.name });
  }, [topId]);
  const deals = usePaged(
    async (after) => {
      const page = await apiGet<OpportunityListPage>(
        `/v1/b2b/opportunities${query({ accountId: id, limit: 50, after: after ?? undefined })}`,
      );
      return { items: page.opportunities, next: page.nextCursor };
    },
    [id],
  );
  const names = namesOf(hierarchy.state.data);
  return html`
    <article aria-labelledby="account-title">
      <p class="crumbs">
        <a href=${href({ page: 'accounts' })}>Accounts</a>${' › '}${a?.ancestorIds
          .slice()
          .reverse()
          .map(
            (ancestor) =>
              html`<a href=${href({ page: 'account', id: ancestor })}>${names.get(ancestor) ?? ancestor}</a>${' › '}`,
          )}
      </p>
      <h1 tabindex="-1" id="account-title">${a?.name ?? id}</h1>
      ${whenLoaded(
        account.state,
        (acc) => html`
          <p class="meta">
            ${[acc.sector, acc.officeLocation, acc.employees === null ? null : `${formatCount(acc.employees)} employees`].filter(Boolean).join(' · ')}
          </p>
          <section aria-labelledby="rollups-title">
            <h2 id="rollups-title">Roll-ups</h2>
            <table aria-label="Roll-ups">
              <thead>
                <tr>
                  <th scope="col"></th>
                  <th scope="col">This account</th>
                  <th scope="col">With subsidiaries</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th scope="row">Won value</th>
                  <td>${formatTotal(acc.wonValue, acc.currencies.won)}</td>
                  <td>${formatTotal(acc.wonValueWithSubsidiaries, acc.currencies.wonWithSubsidiaries)}</td>
                </tr>
                <tr>
                  <th scope="row">Won deals</th>
                  <td>${acc.wonCount}</td>
                  <td>${acc.wonCountWithSubsidiaries}</td>
                </tr>
                <tr>
                  <th scope="row">Open pipeline</th>
                  <td>${acc.openPipeline.count} · ${formatTotal(acc.openPipeline.value, acc.currencies.open)}</td>
                  <td>
                    ${`${acc.openPipelineWithSubsidiaries.count} · `}${formatTotal(
                      acc.openPipelineWithSubsidiaries.value,
                      acc.currencies.openWithSubsidiaries,
                    )}
                  </td>
                </tr>
              </tbody>
            </table>
          </section>
          <section aria-labelledby="hierarchy-title">
            <h2 id="hierarchy-title">Hierarchy</h2>
            ${whenLoaded(hierarchy.state, (root) =>
              root === null
                ? null
                : h(TreeDiagram, {
                    title: `Account hierarchy of ${root.name}`,
                    roots: [hierarchyTree(root, acc.accountId)],
                    link: (accountId) =>
                      accountId === acc.accountId ? null : href({ page: 'account', id: accountId }),
                  }),
            )}
          </section>
          <section aria-labelledby="org-title">
            <h2 id="org-title">Org chart</h2>
            ${
              acc.orgChart.length === 0
                ? html`<p class="muted">No contacts at this account.</p>`
                : h(TreeDiagram, { title: `Org chart of ${acc.name}`, roots: acc.orgChart.map(orgTree) })
            }
          </section>
          <section aria-labelledby="deals-title">
            <h2 id="deals-title">Deals</h2>
            ${whenLoaded(deals.state, (shown) =>
              shown.length === 0
                ? html`<p class="muted">No deals.</p>`
                : html`<ul class="cards flat" aria-label="Deals of this account">
                    ${shown.map(
                      (d) =>
                        html`<li class=${d.stalled ? 'card stalled' : 'card'}>
                          <a href=${href({ page: 'opportunity', id: d.opportunityId })}>${d.name}</a>
                          <span class="amount">${formatMoney(d.amount, d.currency)}</span>
                          <span class="meta">${d.stage} (${d.status})</span>
                        </li>`,
                    )}
                  </ul>`,
            )}
            ${deals.error ? h(ErrorAlert, { error: deals.error }) : null}
            ${deals.more ? html`<button type="button" class="link" onClick=${deals.more}>More deals</button>` : null}
          </section>
          ${h(Timeline, { accountId: acc.accountId })}
        `,
      )}
    </article>
  `;
};
