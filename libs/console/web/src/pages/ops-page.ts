import { h } from 'preact';
import { html } from 'htm/preact';
import type { ComponentChild } from 'preact';
import type { WhoAmI } from '../api/api-types';
import { ChartsPanel } from './ops-charts';
import { DeadLettersPanel } from './ops-dead-letters';
import { ProjectionsPanel } from './ops-projections';
import { StoreStatsPanel } from './ops-store';

/** Projections, rebuilds, faults, charts, store figures and dead letters: for keys with the ops scope. */
export const OpsPage = ({ who }: { who: WhoAmI }): ComponentChild => {
  if (!who.scopes.includes('ops'))
    return html`<section>
      <h1 tabindex="-1">Ops</h1>
      <p role="alert" class="alert">This key lacks the ops scope.</p>
    </section>`;
  return html`<section aria-labelledby="ops-title">
    <h1 tabindex="-1" id="ops-title">Ops</h1>
    ${h(ProjectionsPanel, {})} ${h(ChartsPanel, {})} ${h(StoreStatsPanel, {})} ${h(DeadLettersPanel, {})}
  </section>`;
};
