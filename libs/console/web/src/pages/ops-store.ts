import { html } from 'htm/preact';
import type { ComponentChild } from 'preact';
import { apiGet } from '../api/api-client';
import type { StoreStatsView } from '../api/api-types';
import { whenLoaded } from '../ui/feedback';
import { formatCount } from '../ui/format';
import { useLoad } from '../ui/use-load';

/** `crm store stats` for the key's tenant (every tenant for a platform operator). */
export const StoreStatsPanel = (): ComponentChild => {
  const stats = useLoad(() => apiGet<StoreStatsView>('/v1/ops/store/stats'), [], 10_000);
  return html`<section aria-labelledby="store-title">
    <h2 id="store-title">Event store</h2>
    ${whenLoaded(stats.state, (s) => {
      const types = Object.entries(s.eventsByType).sort(([a], [b]) => a.localeCompare(b));
      return html`
        <dl class="figures" aria-label="Store figures">
          <div>
            <dt>Store</dt>
            <dd>${s.store}</dd>
          </div>
          <div>
            <dt>Scope</dt>
            <dd>${s.tenantId === null ? 'all tenants' : `tenant ${s.tenantId}`}</dd>
          </div>
          <div>
            <dt>Head position</dt>
            <dd>${formatCount(s.headPosition)}</dd>
          </div>
          <div>
            <dt>Streams</dt>
            <dd>${formatCount(s.streams)}</dd>
          </div>
          <div>
            <dt>Events</dt>
            <dd>${formatCount(s.totalEvents)}</dd>
          </div>
        </dl>
        <details>
          <summary>Events by type (${types.length})</summary>
          <table aria-label="Events by type">
            <thead>
              <tr>
                <th scope="col">Type</th>
                <th scope="col">Events</th>
              </tr>
            </thead>
            <tbody>
              ${types.map(
                ([type, n]) =>
                  html`<tr>
                    <td>${type}</td>
                    <td>${formatCount(n)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </details>
      `;
    })}
  </section>`;
};
