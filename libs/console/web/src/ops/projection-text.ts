import type { ProjectionRow } from '../api/api-types';
import { formatCount, formatEta } from '../ui/format';

/**
 * The rate behind a rebuild's ETA is that of the last page applied: on the first pages it says little
 * (one slow page reads as a day). Below this share done, no ETA is shown.
 */
export const ETA_FROM_PERCENT = 5;

type Rebuild = NonNullable<ProjectionRow['rebuild']>;

/**
 * A rebuild's progress line. Sentences are built in code, not in templates: htm drops whitespace at line
 * breaks next to an expression. `lastKnownAt`: the board could not be refreshed since then. Pure.
 */
export const progressText = (r: Rebuild, lastKnownAt?: string): string =>
  `generation ${r.generation}: ${formatCount(r.checkpoint)} events (${r.percent} %)` +
  (r.fault
    ? ' · faulted'
    : lastKnownAt !== undefined
      ? ` · last known at ${lastKnownAt}`
      : r.etaSeconds !== null && r.percent >= ETA_FROM_PERCENT
        ? ` · ETA ${formatEta(r.etaSeconds)}`
        : '');

/** What a fault decision answered, worded for the panel (kept there, so it outlives the fault line). Pure. */
export const decisionText = (
  decision: 'retry' | 'skip' | 'park',
  result: { actor: string; position: number },
  at: string,
): string =>
  `${decision} recorded by ${result.actor} for position ${formatCount(result.position)} at ${at}` +
  (decision === 'retry'
    ? ': the projection applies the event again; if it fails again, the fault comes back in the list above.'
    : '.');
