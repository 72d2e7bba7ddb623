import { html } from 'htm/preact';
import type { ComponentChild } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { apiGet, apiPost, segment } from '../api/api-client';
import type { FaultDecisionResult, ProjectionBoard, ProjectionRow, RebuildJob } from '../api/api-types';
import { decisionText, progressText } from '../ops/projection-text';
import { ErrorAlert, errorText, whenLoaded } from '../ui/feedback';
import { formatClock, formatCount, formatEta, formatInstant, formatRate } from '../ui/format';
import { useLoad } from '../ui/use-load';

const stateOf = (row: ProjectionRow): string => {
  if (!row.serving) return 'not built';
  if (row.serving.fault)
    return row.serving.fault.resolution ? `faulted (${row.serving.fault.resolution} pending)` : 'faulted';
  return row.serving.version === row.version ? 'running' : `running v${row.serving.version}, v${row.version} building`;
};

// The stored rate is that of the last page applied: while caught up (or stopped) it says nothing about now.
const rateOf = (row: ProjectionRow): string =>
  row.serving && row.serving.lag > 0 && !row.serving.fault ? formatRate(row.serving.eventsPerSecond) : '–';

const etaOf = (row: ProjectionRow): string => {
  if (!row.serving) return '–';
  if (row.serving.fault) return 'stopped';
  return row.serving.lag === 0 ? 'caught up' : formatEta(row.serving.etaSeconds);
};

const faultText = (row: ProjectionRow, fault: NonNullable<NonNullable<ProjectionRow['serving']>['fault']>): string =>
  `${row.name} stopped at position ${formatCount(fault.position)} after ${fault.attempts} attempt(s)` +
  (fault.disclosed
    ? `: event ${fault.eventId ?? '?'}${fault.tenantId ? ` of tenant ${fault.tenantId}` : ''} — ${fault.error ?? ''}`
    : ' on another tenant’s event (details for platform operators only)');

/** `lastKnownAt`: the board could not be refreshed since then, so nothing reads as live. */
const RebuildCell = ({ row, lastKnownAt }: { row: ProjectionRow; lastKnownAt: string | undefined }): ComponentChild => {
  const r = row.rebuild;
  const job = row.job;
  if (r) {
    const label = `Rebuild progress of ${row.name}`;
    return html`<div class="rebuild">
      <progress max="100" value=${r.percent} aria-label=${label}>${r.percent} %</progress>
      <span role="status" aria-label=${`${label} text`}>${progressText(r, lastKnownAt)}</span>
    </div>`;
  }
  if (job?.state === 'running')
    return html`<span role="status">${lastKnownAt ? `starting (last known at ${lastKnownAt})` : 'starting…'}</span>`;
  if (job?.state === 'succeeded')
    return html`<span role="status" class="ok-text"
      >${`Rebuilt at ${formatInstant(job.finishedAt)}: generation ${job.generation}, ${formatCount(job.eventsApplied)} events`}</span
    >`;
  if (job?.state === 'failed') return html`<span role="status" class="warn-text">Rebuild failed: ${job.error}</span>`;
  return html`<span class="muted">–</span>`;
};

type Decision = 'retry' | 'skip' | 'park';

/**
 * A faulted event with the operator's decisions. The decision's outcome is kept by the panel, keyed by
 * projection: a retry clears the fault (this line goes) and a failing one brings it back (a new line).
 */
const FaultActions = (props: {
  row: ProjectionRow;
  operator: boolean;
  busy: boolean;
  onDecide: (decision: Decision) => void;
}): ComponentChild | null => {
  const fault = props.row.serving?.fault ?? props.row.rebuild?.fault ?? null;
  if (!fault) return null;
  return html`<li class="fault">
    ${faultText(props.row, fault)}
    ${
      props.operator && !fault.resolution
        ? html`<span class="actions">
            <button type="button" disabled=${props.busy} onClick=${() => props.onDecide('retry')}>
              Retry ${props.row.name}
            </button>
            <button type="button" disabled=${props.busy} onClick=${() => props.onDecide('skip')}>Skip event</button>
            <button type="button" disabled=${props.busy} onClick=${() => props.onDecide('park')}>Park event</button>
          </span>`
        : null
    }
  </li>`;
};

/** Projections with state, lag and rate; rebuilds with live progress; faulted events with decisions. */
export const ProjectionsPanel = (): ComponentChild => {
  const [actionError, setActionError] = useState<Error | null>(null);
  const [decisions, setDecisions] = useState<Readonly<Record<string, string>>>({});
  // One decision at a time per projection: a double click must not record two. The ref answers at once
  // (a second click can come before the disabled buttons are rendered); the state disables them.
  const [deciding, setDeciding] = useState<ReadonlySet<string>>(new Set());
  const inFlight = useRef(new Set<string>());
  const [fast, setFast] = useState(false);
  const board = useLoad(
    async () => {
      const b = await apiGet<ProjectionBoard>('/v1/ops/projections');
      // Poll faster while something rebuilds, so progress moves visibly.
      setFast(b.projections.some((p) => p.rebuild !== null || p.job?.state === 'running'));
      return b;
    },
    [],
    fast ? 700 : 3000,
  );

  const rebuild = async (name: string): Promise<void> => {
    setActionError(null);
    try {
      await apiPost<RebuildJob>(`/v1/ops/projections/${segment(name)}/rebuild`, {});
      setFast(true);
    } catch (caught) {
      setActionError(caught instanceof Error ? caught : new Error(String(caught)));
    }
    void board.reload();
  };

  const decide = async (name: string, decision: Decision): Promise<void> => {
    if (inFlight.current.has(name)) return;
    inFlight.current.add(name);
    setDeciding(new Set(inFlight.current));
    let said: string;
    try {
      const result = await apiPost<FaultDecisionResult>(`/v1/ops/projections/${segment(name)}/fault-decision`, {
        decision,
      });
      said = decisionText(decision, result, formatClock(new Date().toISOString()));
    } catch (caught) {
      said = caught instanceof Error ? errorText(caught) : String(caught);
    }
    setDecisions((now) => ({ ...now, [name]: said }));
    await board.reload();
    inFlight.current.delete(name);
    setDeciding(new Set(inFlight.current));
  };

  // While the board cannot be refreshed, what it shows is marked as of its last answer, not as live.
  const lastKnownAt = board.state.status === 'error' && board.state.data ? formatClock(board.state.data.at) : undefined;

  return html`<section aria-labelledby="projections-title">
    <h2 id="projections-title">Projections</h2>
    ${whenLoaded(board.state, (b) => {
      const faulted = b.projections.filter((p) => p.serving?.fault || p.rebuild?.fault);
      return html`
        <p class="meta">
          ${`Store head ${formatCount(b.head)} at ${formatInstant(b.at)}. `}${
            b.operator
              ? 'You are a platform operator: you may rebuild and decide on faults.'
              : 'Rebuilds and fault decisions need a platform operator (an ops key of a tenant in CRM_OPERATOR_TENANTS).'
          }
        </p>
        ${
          lastKnownAt
            ? html`<p role="status" class="warn-text">
                ${`Last known at ${lastKnownAt}: the figures below could not be refreshed since.`}
              </p>`
            : null
        }
        <table aria-label="Projections" class=${lastKnownAt ? 'stale' : ''}>
          <thead>
            <tr>
              <th scope="col">Projection</th>
              <th scope="col">Version</th>
              <th scope="col">State</th>
              <th scope="col">Checkpoint</th>
              <th scope="col">Lag</th>
              <th scope="col">Catch-up rate</th>
              <th scope="col">ETA</th>
              <th scope="col">Rebuild</th>
              <th scope="col"></th>
            </tr>
          </thead>
          <tbody>
            ${b.projections.map(
              (row) =>
                html`<tr class=${row.serving?.fault ? 'faulted' : ''}>
                  <th scope="row">${row.name}</th>
                  <td>${row.version}</td>
                  <td>${stateOf(row)}</td>
                  <td>${row.serving ? formatCount(row.serving.checkpoint) : '–'}</td>
                  <td>${row.serving ? formatCount(row.serving.lag) : '–'}</td>
                  <td>${rateOf(row)}</td>
                  <td>${etaOf(row)}</td>
                  <td><${RebuildCell} row=${row} lastKnownAt=${lastKnownAt} /></td>
                  <td>
                    <button
                      type="button"
                      disabled=${!b.operator || row.job?.state === 'running' || lastKnownAt !== undefined}
                      onClick=${() => rebuild(row.name)}
                      aria-label=${`Rebuild ${row.name}`}
                    >
                      ${
                        row.job?.state === 'running'
                          ? lastKnownAt
                            ? 'Rebuilding (last known)'
                            : 'Rebuilding…'
                          : row.rebuild
                            ? 'Resume'
                            : 'Rebuild'
                      }
                    </button>
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
        <h3>Faulted events</h3>
        ${
          faulted.length === 0
            ? html`<p class="ok-text" role="status">No projection is stopped on a failing event.</p>`
            : html`<ul class="faults" aria-label="Faulted events">
                ${faulted.map(
                  (row) =>
                    html`<${FaultActions}
                      key=${row.name}
                      row=${row}
                      operator=${b.operator}
                      busy=${deciding.has(row.name) || lastKnownAt !== undefined}
                      onDecide=${(decision: Decision) => decide(row.name, decision)}
                    />`,
                )}
              </ul>`
        }
        ${
          Object.keys(decisions).length === 0
            ? null
            : html`<ul class="plain" aria-label="Fault decisions">
                ${Object.entries(decisions).map(
                  ([name, said]) => html`<li key=${name} role="status">${`${name}: ${said}`}</li>`,
                )}
              </ul>`
        }
      `;
    })}
    ${actionError ? html`<${ErrorAlert} error=${actionError} />` : null}
  </section>`;
};
