import type { Measurement, ScenarioId } from './results';

/** Targets from the issue, for our SQLite store on the 2-core reference machine. */
export interface Target {
  description: string;
  scenario: ScenarioId;
  metric: 'rate' | 'p99';
  /** 'min': the figure must be at least `threshold`; 'max': at most. */
  bound: 'min' | 'max';
  threshold: number;
  unit: string;
}

export interface TargetResult {
  target: Target;
  /** Absent when the scenario did not run (e.g. `--only postgres`). */
  measured?: number;
  met: boolean;
}

export const SQLITE_TARGETS: readonly Target[] = [
  {
    description: '64 clients: acked events/s',
    scenario: 'concurrent',
    metric: 'rate',
    bound: 'min',
    threshold: 15_000,
    unit: 'events/s',
  },
  {
    description: '64 clients: p99 ack latency',
    scenario: 'concurrent',
    metric: 'p99',
    bound: 'max',
    threshold: 20,
    unit: 'ms',
  },
  {
    description: '100-event batches: events/s',
    scenario: 'batch',
    metric: 'rate',
    bound: 'min',
    threshold: 60_000,
    unit: 'events/s',
  },
];

/** A missing measurement counts as not met: the report must never claim a target it did not see. */
export const evaluateTargets = (measurements: readonly Measurement[]): TargetResult[] =>
  SQLITE_TARGETS.map((target) => {
    const m = measurements.find((x) => x.database === 'SQLite' && x.role === 'ours' && x.scenario === target.scenario);
    const measured = m === undefined ? undefined : target.metric === 'rate' ? m.rate : m.p99;
    if (measured === undefined || Number.isNaN(measured)) return { target, met: false };
    return {
      target,
      measured,
      met: target.bound === 'min' ? measured >= target.threshold : measured <= target.threshold,
    };
  });
