import { benchEvent } from '../payload';
import type { Scenario } from './scenario';
import { describeTimed, runTimed } from './timed-loop';

/** 1. One client appends one event at a time and waits for each to be durable: the fsync/commit latency floor. */
export const singleAppend: Scenario = {
  id: 'single',
  title: 'single append, 1 client',
  supports: (c) => c.appendSingle !== undefined,
  plannedMs: (t) => t.warmupMs + t.durationMs,
  async run(contender, { database, timing, step }) {
    const append = contender.appendSingle!.bind(contender);
    const result = await runTimed(1, timing, step, async (_client, n) => {
      await append('single', benchEvent(n));
      return 1;
    });
    step.done(describeTimed(result));
    const { rate, events, latency } = result;
    return {
      database,
      scenario: this.id,
      role: contender.role,
      label: contender.label,
      rate,
      events,
      p50: latency.p50,
      p99: latency.p99,
    };
  },
};
