/**
 * The ops HTTP listener of the worker processes (crm-kafka, crm-projector): plain node:http, three
 * routes, no framework, since a worker serves nothing else.
 *
 *   GET /health        liveness: answers while the event loop does; checks no dependency
 *   GET /health/ready  every registered readiness check (the app defines them); 503 Problem Details when one fails
 *   GET /metrics       Prometheus text; with API keys configured, an `ops` key — an operator's sees all,
 *                      another tenant's only the series labelled with its tenant (as crm-api's /metrics)
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiKeyRegistry } from '../auth/api-keys';
import { OperatorPolicy } from '../auth/platform-operator';
import { presentedApiKey } from '../auth/presented-api-key';
import { ReadinessRegistry, withTimeout, type ReadinessCheck } from '../health/readiness-registry';
import { PROBLEM_CONTENT_TYPE, ProblemException, problemTypeUri } from '../http/problem-details';
import { problem } from '../http/problems';
import { RETRY_AFTER_SECONDS } from '../http/problem-mapping';
import { tenantExposition } from '../metrics/tenant-exposition';
import type { OpsConfig } from './ops-config';

/** How long each readiness check may take before it counts as failed (crm-api's bound). */
const READINESS_TIMEOUT_MS = 2_000;

export interface ScrapeSource {
  readonly contentType: string;
  scrape(): Promise<string>;
}

export interface OpsListenerOptions {
  config: OpsConfig;
  readiness: ReadinessRegistry;
  metrics: ScrapeSource;
  /** Named in the 401 challenge (`Bearer realm="crm-kafka"`). */
  realm: string;
}

export interface OpsListener {
  /** The port bound (OPS_PORT, or the one the system chose for 0). */
  readonly port: number;
  close(): Promise<void>;
}

/** Who reads /metrics: every series, or one tenant's. */
export type ScrapeAccess = { all: true } | { all: false; tenantId: string };

/**
 * The scrape's authorization, with crm-api's rules and its code (the key registry, the presented-key
 * parser, the operator policy): no keys configured means open (ops-config allows that on loopback only).
 */
export const authorizeScrape = (
  headers: IncomingMessage['headers'],
  keys: { registry: ApiKeyRegistry; operators: OperatorPolicy } | undefined,
  realm: string,
): ScrapeAccess => {
  if (!keys) return { all: true };
  const challenge = { headers: { 'www-authenticate': `Bearer realm="${realm}"` } };
  const presented = presentedApiKey(headers);
  if (presented.kind === 'missing')
    throw problem(
      'unauthorized',
      'An API key is required: send Authorization: Bearer <key> or X-Api-Key: <key>.',
      challenge,
    );
  if (presented.kind === 'malformed') throw problem('unauthorized', presented.reason, challenge);
  const auth = keys.registry.authenticate(presented.key);
  if (!auth) throw problem('unauthorized', 'Unknown API key.', challenge);
  if (!auth.scopes.includes('ops'))
    throw problem('forbidden', 'This API key lacks the scope ops.', { extensions: { missingScopes: ['ops'] } });
  return keys.operators.isOperator(auth) ? { all: true } : { all: false, tenantId: auth.tenantId };
};

const sendJson = (res: ServerResponse, status: number, body: unknown, type = 'application/json'): void => {
  res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
};

const sendProblem = (res: ServerResponse, error: ProblemException): void => {
  res.writeHead(error.status, {
    'content-type': PROBLEM_CONTENT_TYPE,
    'cache-control': 'no-store',
    ...error.headers,
  });
  res.end(
    JSON.stringify({
      type: problemTypeUri(error.code),
      title: error.title,
      status: error.status,
      ...(error.detail !== undefined && { detail: error.detail }),
      ...error.extensions,
    }),
  );
};

const ready = async (res: ServerResponse, registry: ReadinessRegistry): Promise<void> => {
  const results = await Promise.all(
    registry
      .list()
      .map(async (check) => [check.name, await ReadinessRegistry.run(check, READINESS_TIMEOUT_MS)] as const),
  );
  const checks = Object.fromEntries(
    results.map(([name, r]) => [
      name,
      { status: r.ready ? 'up' : 'down', ...r.data, ...(r.detail !== undefined && { message: r.detail }) },
    ]),
  );
  const failing = results.filter(([, r]) => !r.ready).map(([name]) => name);
  if (failing.length === 0) return sendJson(res, 200, { status: 'ok', checks });
  sendProblem(
    res,
    problem('not-ready', `Failing readiness checks: ${failing.join(', ')}.`, {
      extensions: { checks },
      headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
    }),
  );
};

/**
 * Readiness of a store: it answers its head position in time (crm-api's `store` check). The port's errors
 * carry no secrets (adapters translate driver errors), so the message may be shown.
 */
export const storeReachable = (name: string, adapter: string, headPosition: () => Promise<number>): ReadinessCheck => ({
  name,
  check: async () => ({
    ready: true,
    data: { adapter, headPosition: await withTimeout(headPosition(), READINESS_TIMEOUT_MS, `${name} head position`) },
  }),
});

export const startOpsListener = async (options: OpsListenerOptions): Promise<OpsListener> => {
  const { config, readiness, metrics, realm } = options;
  const keys = config.apiKeys && {
    registry: new ApiKeyRegistry(config.apiKeys),
    operators: new OperatorPolicy(config.operatorTenants, false),
  };
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://ops').pathname;
    const route = ['/health', '/health/ready', '/metrics'].includes(path) ? path : undefined;
    if (!route)
      return sendProblem(res, problem('not-found', `No route ${path}; try /health, /health/ready, /metrics.`));
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendProblem(res, problem('not-found', `${route} answers GET only.`));
    if (route === '/health') return sendJson(res, 200, { status: 'ok' });
    if (route === '/health/ready') return ready(res, readiness);
    const access = authorizeScrape(req.headers, keys, realm);
    const text = await metrics.scrape();
    res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
    res.end(access.all ? text : tenantExposition(text, access.tenantId));
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      if (error instanceof ProblemException) return sendProblem(res, error);
      sendProblem(res, problem('internal', 'The ops listener failed to answer; see the process log.'));
    });
  });
  // A scraper's keep-alive connection must not hold the process open at shutdown.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
