import { h } from 'preact';
import { html } from 'htm/preact';
import type { ComponentChild } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, apiGet, apiPost, query, segment } from '../api/api-client';
import type {
  Customer360,
  IdentifierType,
  IdentityExplanation,
  ProfileHistoryEntry,
  ProfileLookup,
  UnmergeProfileResult,
  WhoAmI,
} from '../api/api-types';
import { identityTree, NOT_EXPLAINED, type IdentifierNode } from '../graphs/identity-tree';
import { whereItWent } from '../history/merge-history';
import { LineText, MergeHistory } from '../history/merge-history-list';
import { href } from '../routing';
import { TreeDiagram } from '../trees/tree-diagram';
import { errorText, whenLoaded } from '../ui/feedback';
import { formatCount, formatDate, formatMoney } from '../ui/format';
import { useLoad } from '../ui/use-load';

/** The identifier types of the customer-event contract; the check below fails the build if one is added there. */
const TYPES = [
  'email',
  'phone',
  'customerId',
  'orderAccount',
  'loyaltyCard',
  'deviceId',
  'cookieId',
  'anonymousId',
] as const satisfies readonly IdentifierType[];
const everyType: Exclude<IdentifierType, (typeof TYPES)[number]> extends never ? true : never = true;
void everyType;

/** How many identifiers the graph explains (one request each); a bigger profile shows the rest unexplained. */
const GRAPH_LIMIT = 30;

interface CustomerView {
  kind: 'profile';
  profile: Customer360;
  history: ProfileHistoryEntry[];
  paths: IdentityExplanation['links'][];
}

/** A profile id that is no profile any more (merged away, or cut into new ones): its history says where to. */
interface GoneView {
  kind: 'gone';
  profileId: string;
  history: ProfileHistoryEntry[];
}

const historyOf = async (profileId: string, min: number | undefined): Promise<ProfileHistoryEntry[]> =>
  (
    await apiGet<{ entries: ProfileHistoryEntry[] }>(
      `/v1/b2c/profiles/${segment(profileId)}/history${query({ minPosition: min })}`,
    )
  ).entries;

const loadProfile = async (profileId: string, minPosition: number): Promise<CustomerView | GoneView> => {
  const min = minPosition > 0 ? minPosition : undefined;
  const id = segment(profileId);
  const [profile, history] = await Promise.all([
    // The 360 answers 404 for a merged-away id; its history still answers (the audit keeps every id).
    apiGet<Customer360>(`/v1/b2c/profiles/${id}${query({ minPosition: min })}`).catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }),
    historyOf(profileId, min),
  ]);
  if (profile === null) return { kind: 'gone', profileId, history };
  const [anchor, ...others] = profile.identifiers.filter((i) => i.value !== null);
  const paths = anchor
    ? await Promise.all(
        others.slice(0, GRAPH_LIMIT).map(async (other) => {
          const why = await apiGet<IdentityExplanation>(
            `/v1/b2c/identity/explain${query({
              type: anchor.type,
              value: anchor.value ?? '',
              otherType: other.type,
              otherValue: other.value ?? '',
              minPosition: min,
            })}`,
          );
          return why.links;
        }),
      )
    : [];
  return { kind: 'profile', profile, history, paths };
};

const lookUp = async (type: string, value: string, minPosition: number): Promise<CustomerView | GoneView> => {
  const min = minPosition > 0 ? minPosition : undefined;
  const lookup = await apiGet<ProfileLookup>(`/v1/b2c/profiles/lookup${query({ type, value, minPosition: min })}`);
  return loadProfile(lookup.profileId, minPosition);
};

const unexplainedText = (count: number): string =>
  `${count} identifier${count === 1 ? ' is' : 's are'} not explained: the graph asks why for the first ` +
  `${GRAPH_LIMIT} only (one request each). ${count === 1 ? 'It hangs' : 'They hang'} under the anchor, marked “${NOT_EXPLAINED}”.`;

/** A merged-away (or cut) profile id: where its identifiers are now, as links, and the history that says so. */
const Gone = ({ view, at }: { view: GoneView; at: number }): ComponentChild => {
  const went = whereItWent(view.history, view.profileId);
  return html`
    <p role="status" class="warn-text">
      ${
        went
          ? html`${'This profile is no longer one of its own: '}${h(LineText, {
              parts: went.parts,
              self: view.profileId,
              at,
            })}.`
          : 'This profile is no longer one of its own; its history is below.'
      }
    </p>
    ${h(MergeHistory, { entries: view.history, profileId: view.profileId, at })}
  `;
};

const Unmerge = (props: {
  view: CustomerView;
  onDone: (result: UnmergeProfileResult, detached: IdentifierNode[], kept: IdentifierNode[]) => void;
}): ComponentChild => {
  const identifiers = props.view.profile.identifiers.filter((i) => i.value !== null);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const detach = async (): Promise<void> => {
    const picked = identifiers.filter((i) => chosen.has(i.key));
    setBusy(true);
    setError(null);
    try {
      const result = await apiPost<UnmergeProfileResult>(
        `/v1/b2c/profiles/${segment(props.view.profile.profileId)}/unmerge`,
        {
          identifiers: picked.map((i) => ({ type: i.type, value: i.value })),
          ...(reason.trim() !== '' && { reason: reason.trim() }),
        },
      );
      setChosen(new Set());
      setReason('');
      props.onDone(
        result,
        picked,
        identifiers.filter((i) => !chosen.has(i.key)),
      );
    } catch (caught) {
      setError(caught instanceof Error ? errorText(caught) : String(caught));
    } finally {
      setBusy(false);
    }
  };
  return html`<section aria-labelledby="unmerge-title">
    <h2 id="unmerge-title">Unmerge</h2>
    <p class="meta">
      Tick the identifiers that belong to someone else: they leave this profile with their events and orders.
    </p>
    <ul class="plain">
      ${identifiers.map(
        (i) =>
          html`<li>
            <label class="inline">
              <input
                type="checkbox"
                checked=${chosen.has(i.key)}
                onChange=${(e: Event) => {
                  const on = (e.currentTarget as HTMLInputElement).checked;
                  setChosen((now) => {
                    const next = new Set(now);
                    if (on) next.add(i.key);
                    else next.delete(i.key);
                    return next;
                  });
                }}
              />
              ${`Detach ${i.type} ${i.value}`}
            </label>
          </li>`,
      )}
    </ul>
    <div class="form-row">
      <label for="unmerge-reason">Reason</label>
      <input
        id="unmerge-reason"
        type="text"
        maxlength="1000"
        value=${reason}
        onInput=${(e: Event) => setReason((e.currentTarget as HTMLInputElement).value)}
      />
      <button type="button" class="danger" disabled=${busy || chosen.size === 0} onClick=${detach}>
        Unmerge selected
      </button>
    </div>
    ${error ? html`<p role="alert" class="alert">${error}</p>` : null}
  </section>`;
};

const Profile = ({ view, at }: { view: CustomerView; at: number }): ComponentChild => {
  const p = view.profile;
  const identifiers = p.identifiers.filter((i) => i.value !== null);
  const anchor = identifiers[0];
  // The identifiers past the limit were not asked about: they are drawn, but nothing says why they belong.
  const unexplained = Math.max(0, identifiers.length - 1 - view.paths.length);
  return html`
    <dl class="figures" aria-label="Customer figures">
      <div>
        <dt>Orders</dt>
        <dd>${formatCount(p.orders.count)} · ${formatMoney(p.orders.totalAmount)}</dd>
      </div>
      <div>
        <dt>Average order</dt>
        <dd>${formatMoney(p.orders.averageOrderValue)}</dd>
      </div>
      <div>
        <dt>1st / 2nd / 3rd purchase</dt>
        <dd>${[p.orders.firstOrderAt, p.orders.secondOrderAt, p.orders.thirdOrderAt].map(formatDate).join(' / ')}</dd>
      </div>
      <div>
        <dt>RFM</dt>
        <dd>${p.rfm ? `${p.rfm.score} ${p.rfm.segment}` : '–'}</dd>
      </div>
      <div>
        <dt>Lifetime value</dt>
        <dd>${formatMoney(p.lifetimeValue.historical)} (predicted ${formatMoney(p.lifetimeValue.predicted)})</dd>
      </div>
      <div>
        <dt>Channels</dt>
        <dd>${p.channels.join(', ') || '–'}</dd>
      </div>
      <div>
        <dt>Support</dt>
        <dd>${p.support.ticketsOpen} open of ${p.support.ticketsOpened}</dd>
      </div>
      <div>
        <dt>Seen</dt>
        <dd>${formatDate(p.firstSeenAt)} – ${formatDate(p.lastSeenAt)}</dd>
      </div>
    </dl>
    <section aria-labelledby="graph-title">
      <h2 id="graph-title">Identity graph</h2>
      ${unexplained > 0 ? html`<p class="warn-text" role="status">${unexplainedText(unexplained)}</p>` : null}
      ${
        anchor
          ? h(TreeDiagram, {
              title: `Identity graph of ${p.profileId}`,
              roots: [identityTree(anchor, identifiers, view.paths)],
            })
          : html`<p class="muted">No identifier left to show (forgotten).</p>`
      }
    </section>
    ${h(MergeHistory, { entries: view.history, profileId: p.profileId, at })}
  `;
};

/**
 * Customer lookup by any identifier (or a profile id, linked from a merge history): the 360 view, the
 * identity graph with why, merges, unmerge.
 */
export const CustomerPage = (props: {
  type: string | null;
  value: string | null;
  profile: string | null;
  at: number;
  who: WhoAmI;
}): ComponentChild => {
  const [type, setType] = useState<string>(props.type ?? 'email');
  const [value, setValue] = useState(props.value ?? '');
  const [minPosition, setMinPosition] = useState(props.at);
  const [notice, setNotice] = useState<ComponentChild>(null);
  const asked = props.profile !== null || (props.type !== null && props.value !== null);
  const customer = useLoad(
    () =>
      props.profile !== null
        ? loadProfile(props.profile, minPosition)
        : asked
          ? lookUp(props.type!, props.value!, minPosition)
          : Promise.resolve(null),
    [props.type, props.value, props.profile, minPosition],
  );
  const submit = (e: Event): void => {
    e.preventDefault();
    if (value.trim() !== '') window.location.hash = href({ page: 'customers', type, value: value.trim() });
  };
  const unmerged = (result: UnmergeProfileResult, detached: IdentifierNode[], kept: IdentifierNode[]): void => {
    // The detached identifiers may land in several new profiles (those not linked to each other), and the
    // identifier looked up may have left with them: a link per identifier opens wherever it is now.
    const open = (i: IdentifierNode): ComponentChild =>
      html`<a href=${href({ page: 'customers', type: i.type, value: i.value, at: result.position })}
        >${`Open ${i.type} ${i.value}`}</a
      >`;
    const lookedUpLeft = detached.some((d) => d.type === props.type && d.value === props.value);
    const elsewhere = lookedUpLeft ? [...kept.slice(0, 1), ...detached] : detached;
    setNotice(
      html`${`Unmerged ${detached.map((d) => `${d.type} ${d.value}`).join(', ')} from ${result.profileId}. Now: `}
        <span class="links">${elsewhere.map((i) => open(i))}</span>`,
    );
    setMinPosition(result.position);
  };
  return html`<section aria-labelledby="customers-title">
    <h1 tabindex="-1" id="customers-title">Customers</h1>
    <form class="inline lookup" onSubmit=${submit} aria-label="Find a customer">
      <label for="identifier-type">Identifier type</label>
      <select
        id="identifier-type"
        value=${type}
        onChange=${(e: Event) => setType((e.currentTarget as HTMLSelectElement).value)}
      >
        ${TYPES.map((t) => html`<option value=${t}>${t}</option>`)}
      </select>
      <label for="identifier-value">Identifier value</label>
      <input
        id="identifier-value"
        value=${value}
        onInput=${(e: Event) => setValue((e.currentTarget as HTMLInputElement).value)}
      />
      <button type="submit">Look up</button>
    </form>
    ${notice ? html`<p role="status" class="ok-text">${notice}</p>` : null}
    ${
      asked
        ? whenLoaded(customer.state, (view) =>
            view === null
              ? null
              : view.kind === 'gone'
                ? html`<h2 class="profile-id">Profile <code>${view.profileId}</code></h2>
                    ${h(Gone, { view, at: minPosition })}`
                : html`<h2 class="profile-id">Profile <code>${view.profile.profileId}</code></h2>
                    ${h(Profile, { view, at: minPosition })}
                    ${
                      !props.who.scopes.includes('events:write')
                        ? html`<p class="muted">Unmerging needs the events:write scope.</p>`
                        : view.profile.identifiers.filter((i) => i.value !== null).length < 2
                          ? // Detaching the only identifier would leave nothing (the API answers 422).
                            null
                          : h(Unmerge, { key: view.profile.profileId, view, onDone: unmerged })
                    }`,
          )
        : html`<p class="muted">Look a customer up by any identifier: email, phone, customer id, device, cookie…</p>`
    }
  </section>`;
};
