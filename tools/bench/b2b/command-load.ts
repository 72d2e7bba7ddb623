import autocannon from 'autocannon';
import { summarize, type LatencySummary } from '../stats';

export interface CommandLoadResult {
  requestsPerSecond: number;
  latency: LatencySummary;
  ok: number;
  /** Status codes other than the expected one, with counts: a healthy run has none. */
  statuses: Record<string, number>;
  errors: number;
  seconds: number;
}

export interface CommandLoadOptions {
  url: string;
  path: string;
  apiKey: string;
  connections: number;
  durationMs: number;
  /** A fresh body per request (new ids), so every request is a new command, not an idempotent repeat. */
  body: () => string;
  expectedStatus: number;
}

/** `connections` keep-alive connections, one request in flight each, for `durationMs`. */
export const runCommandLoad = (options: CommandLoadOptions): Promise<CommandLoadResult> => {
  const samples: number[] = [];
  const statuses: Record<string, number> = {};
  let ok = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${options.url}${options.path}`,
        connections: options.connections,
        pipelining: 1,
        duration: options.durationMs / 1000,
        timeout: 30,
        requests: [
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${options.apiKey}` },
            setupRequest: (request) => ({ ...request, body: options.body() }),
          },
        ],
      },
      (error: unknown, result: autocannon.Result) => {
        if (error) return reject(error instanceof Error ? error : new Error(String(error)));
        resolve({
          requestsPerSecond: ok / result.duration,
          latency: summarize(samples),
          ok,
          statuses,
          errors: result.errors,
          seconds: result.duration,
        });
      },
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      samples.push(responseTime);
      if (statusCode === options.expectedStatus) ok += 1;
      else statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    });
  });
};
