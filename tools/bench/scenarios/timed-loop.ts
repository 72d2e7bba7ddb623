import { interruptRequested } from '../interrupt';
import type { ProgressStep } from '../progress';
import type { Timing } from '../results';
import { LatencyRecorder, type LatencySummary } from '../stats';

export interface TimedResult {
  latency: LatencySummary;
  rate: number;
  events: number;
}

const formatRate = (rate: number): string => `${Math.round(rate).toLocaleString('en-US')} ev/s`;

/**
 * Runs `clients` loops, each awaiting `op` back to back, through a warm-up then a measurement
 * window; clients stop starting new operations when the window closes. `op` returns how many
 * events it appended.
 */
export const runTimed = async (
  clients: number,
  timing: Pick<Timing, 'warmupMs' | 'durationMs'>,
  step: ProgressStep,
  op: (client: number, n: number) => Promise<number>,
): Promise<TimedResult> => {
  const start = performance.now();
  const windowStart = start + timing.warmupMs;
  const windowEnd = windowStart + timing.durationMs;
  const recorder = new LatencyRecorder(windowStart, windowEnd);
  let lastShown = start;
  let sequence = 0;

  const client = async (id: number): Promise<void> => {
    let lastYield = performance.now();
    while (performance.now() < windowEnd && !interruptRequested()) {
      const n = sequence++;
      const startedAt = performance.now();
      const events = await op(id, n);
      const endedAt = performance.now();
      recorder.record(startedAt, endedAt, events);
      if (endedAt - lastShown > 250 && endedAt > windowStart) {
        lastShown = endedAt;
        step.setDetail(formatRate(recorder.eventCount / ((endedAt - windowStart) / 1000)));
      }
      // Synchronous contenders (better-sqlite3) settle in microtasks only; yield now and then so
      // timers (the progress line) still run. Every 50 ms costs nothing measurable.
      if (endedAt - lastYield > 50) {
        await new Promise((resolve) => setImmediate(resolve));
        lastYield = performance.now();
      }
    }
  };

  await Promise.all(Array.from({ length: clients }, (_, id) => client(id)));
  return { latency: recorder.summary(), rate: recorder.rate(), events: recorder.eventCount };
};

export const describeTimed = (r: TimedResult): string =>
  `${formatRate(r.rate)}  p50 ${r.latency.p50.toFixed(2)} ms  p99 ${r.latency.p99.toFixed(2)} ms`;
