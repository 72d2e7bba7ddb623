import { BATCH_SIZE } from '../results';
import { benchEvent } from '../payload';
import type { Scenario } from './scenario';
import { describeTimed, runTimed } from './timed-loop';

/** 3. Sequential appends of 100 events each to a new stream, as an import or a replayed history does. */
export const batchAppend: Scenario = {
  id: 'batch',
  title: `${BATCH_SIZE}-event batches, 1 client`,
  supports: (c) => c.appendBatch !== undefined,
  plannedMs: (t) => t.warmupMs + t.durationMs,
  async run(contender, { database, timing, step }) {
    const append = contender.appendBatch!.bind(contender);
    const result = await runTimed(1, timing, step, async (_client, n) => {
      const events = Array.from({ length: BATCH_SIZE }, (_, i) => benchEvent(n * BATCH_SIZE + i));
      await append(`b${n}`, events);
      return events.length;
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
