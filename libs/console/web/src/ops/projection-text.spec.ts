import type { ProjectionRow } from '../api/api-types';
import { decisionText, progressText } from './projection-text';

const rebuild = (percent: number, etaSeconds: number | null): NonNullable<ProjectionRow['rebuild']> => ({
  generation: 2,
  version: 1,
  state: 'running',
  checkpoint: percent * 1000,
  lag: (100 - percent) * 1000,
  eventsPerSecond: 10,
  etaSeconds,
  updatedAt: null,
  fault: null,
  percent,
});

describe('rebuild progress text', () => {
  it('given the first pages of a rebuild, then no ETA yet (one page’s rate says little)', () =>
    expect(progressText(rebuild(0, 120_000))).toBe('generation 2: 0 events (0 %)'));

  it('given a few percent done, then the ETA', () =>
    expect(progressText(rebuild(6, 90))).toBe('generation 2: 6,000 events (6 %) · ETA 2 min'));

  it('given a board that could not be refreshed, then the figures are marked last known, without ETA', () =>
    expect(progressText(rebuild(40, 30), '06:45:12 UTC')).toBe(
      'generation 2: 40,000 events (40 %) · last known at 06:45:12 UTC',
    ));
});

describe('fault decision text', () => {
  it('given a retry, then who, where, when, and what to watch', () =>
    expect(decisionText('retry', { actor: 'api-key:k1@platform', position: 1338 }, '06:50:01 UTC')).toBe(
      'retry recorded by api-key:k1@platform for position 1,338 at 06:50:01 UTC: the projection applies the event ' +
        'again; if it fails again, the fault comes back in the list above.',
    ));

  it('given a skip, then who, where and when', () =>
    expect(decisionText('skip', { actor: 'op', position: 3 }, '06:50:01 UTC')).toBe(
      'skip recorded by op for position 3 at 06:50:01 UTC.',
    ));
});
