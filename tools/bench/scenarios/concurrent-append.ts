import { CONCURRENT_CLIENTS } from '../results';
import { benchEvent } from '../payload';
import type { Scenario } from './scenario';
import { describeTimed, runTimed } from './timed-loop';

/**
 * 2. 64 clients, each appending single events to its own stream in a loop: what an API under load
 * does. Throughput here comes from group commit (many callers, one transaction and fsync).
 */
export const concurrentAppend: Scenario = {
  id: 'concurrent',
  title: `${CONCURRENT_CLIENTS} concurrent clients`,
  supports: (c) => c.appendConcurrent !== undefined,
  plannedMs: (t) => t.warmupMs + t.durationMs,
  async run(contender, { database, timing, step }) {
    const append = contender.appendConcurrent!.bind(contender);
    const result = await runTimed(CONCURRENT_CLIENTS, timing, step, async (client, n) => {
      await append(`c${client}`, benchEvent(n));
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
