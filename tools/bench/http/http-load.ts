import autocannon from 'autocannon';
import { interruptRequested } from '../interrupt';
import type { ProgressStep } from '../progress';
import { summarize, type LatencySummary } from '../stats';
import { BatchBodies } from './customer-event-payload';

export interface HttpLoadOptions {
  url: string;
  apiKey: string;
  connections: number;
  batchSize: number;
  durationMs: number;
}

export interface HttpLoadResult {
  /** Events acked with 200 per second over the run. */
  rate: number;
  requestsPerSecond: number;
  latency: LatencySummary;
  ok: number;
  non2xx: number;
  errors: number;
  /** Status codes other than 200, with counts, to explain a failed run. */
  statuses: Record<string, number>;
  events: number;
  /** Requests sent, answered or not: those in flight when the run stopped may still have been stored. */
  sent: number;
  seconds: number;
}

/**
 * `connections` keep-alive connections each POSTing one batch at a time (no pipelining), for
 * `durationMs`. Latencies come from every response (autocannon's own histogram rounds to whole ms).
 */
export const runHttpLoad = (options: HttpLoadOptions, step: ProgressStep): Promise<HttpLoadResult> => {
  const bodies = new BatchBodies(options.batchSize);
  const samples: number[] = [];
  const statuses: Record<string, number> = {};
  let ok = 0;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${options.url}/v1/events`,
        connections: options.connections,
        pipelining: 1,
        duration: options.durationMs / 1000,
        timeout: 30,
        requests: [
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${options.apiKey}` },
            setupRequest: (request) => ({ ...request, body: bodies.body() }),
          },
        ],
      },
      (error: unknown, result: autocannon.Result) => {
        clearInterval(ticker);
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        const seconds = result.duration;
        resolve({
          rate: (ok * options.batchSize) / seconds,
          requestsPerSecond: ok / seconds,
          latency: summarize(samples),
          ok,
          non2xx: result.non2xx,
          errors: result.errors,
          statuses,
          events: ok * options.batchSize,
          sent: result.requests.sent,
          seconds,
        });
      },
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      samples.push(responseTime);
      if (statusCode === 200) ok += 1;
      else statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    });
    const ticker = setInterval(() => {
      const elapsed = (performance.now() - started) / 1000;
      step.setDetail(`${Math.round((ok * options.batchSize) / Math.max(elapsed, 0.001)).toLocaleString('en-US')} ev/s`);
      if (interruptRequested()) instance.stop();
    }, 250);
  });
};
