/**
 * Tenant isolation over HTTP, every route: the real app (AppModule, real SQLite store and read models)
 * with two tenants holding data everywhere (two-tenants.fixture.ts). The routes are the ones the app
 * registers, so a new route fails 'every route is classified' until it has its line in
 * route-classification.ts — and then gets every check below for free.
 */
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { ProjectionMonitor } from '@crm/projections/projection-monitor';
import { READ_MODEL_STORE } from '@crm/projections/projections.module';
import { publisherStatuses } from '@crm/projections/publishers/publisher-status';
import { allEventTypes } from '@crm/wiring/event-type-catalog';
import { allPublishers } from '@crm/wiring/projection-catalog';
import { createTestApp, type TestApp } from '../../apps/crm-api/src/testing/create-test-app';
import { eventually } from '../fixtures/eventually';
import { ROUTES, STATIC_PREFIXES, type RouteRule } from './route-classification';
import {
  ACME_MARKERS,
  globexMarkerIn,
  PARAMS,
  resolveProfileId,
  seedAcme,
  seedGlobex,
  type Tenant,
} from './two-tenants.fixture';

interface Answer {
  status: number;
  text: string;
}

type ReadRule = Extract<RouteRule, { access: 'read' }>;
type WriteRule = Extract<RouteRule, { access: 'write' }>;

const methodOf = (route: string): string => route.slice(0, route.indexOf(' '));
const pathOf = (route: string): string => route.slice(route.indexOf(' ') + 1);

/** The route's path with `{param}` filled from a tenant's PARAMS. */
const fill = (route: string, ids: Record<string, string>): string =>
  pathOf(route).replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = ids[name];
    if (value === undefined)
      throw new Error(`${route}: no value for {${name}}; add it to PARAMS in two-tenants.fixture.ts`);
    return encodeURIComponent(value);
  });

const readUrl = (route: string, rule: ReadRule, tenant: Tenant): string =>
  fill(route, PARAMS[tenant]) + (rule.query?.(PARAMS[tenant]) ?? '');

/**
 * Fields that move with the clock, not with the data (days in stage, waiting time, `asOf`) or with the
 * request (correlation id): left out when acme's answers before and after globex's data are compared.
 */
const CLOCK_FIELDS = new Set([
  'asOf',
  'exportedAt',
  'correlationId',
  'daysInStage',
  'daysSinceActivity',
  'daysSinceEngaged',
  'waitingDays',
  'days',
  'timeInStage',
]);
const withoutClock = (text: string): string => {
  try {
    return JSON.stringify(JSON.parse(text, (key, value: unknown) => (CLOCK_FIELDS.has(key) ? undefined : value)));
  } catch {
    return text;
  }
};

/** A 503 of a route whose read model is not in the catalog yet (see `pending` in route-classification.ts). */
const pendingAnswer = (rule: ReadRule, answer: Answer): boolean => rule.pending !== undefined && answer.status === 503;

const byAccess = <A extends RouteRule['access']>(access: A) =>
  Object.entries(ROUTES).filter(
    (entry): entry is [string, Extract<RouteRule, { access: A }>] => entry[1].access === access,
  );

describe('tenant isolation: every HTTP route', () => {
  let t: TestApp;
  const registered = new Set<string>();
  let keys: Record<'acme' | 'globex' | 'acmeWriteOnly' | 'acmeReadOnly', string>;
  /** acme's answers to every read route before globex had any data. */
  const before = new Map<string, Answer>();

  const call = async (key: string | undefined, method: string, url: string, body?: unknown): Promise<Answer> => {
    const res = await t.app.inject({
      method: method as 'GET',
      url,
      headers: key === undefined ? {} : { authorization: `Bearer ${key}` },
      ...(body !== undefined && method !== 'GET' && { payload: body as object }),
    });
    return { status: res.statusCode, text: res.body };
  };

  /**
   * Every projection has applied the whole log, and the derived-events publishers (merges as events) have
   * appended everything they derived and the projections applied that too: answers no longer depend on timing.
   */
  const caughtUp = async (): Promise<void> => {
    const monitor = t.app.get(ProjectionMonitor);
    const rm = t.app.get<ReadModelStore>(READ_MODEL_STORE);
    await eventually(async () => {
      const head = await t.store.headPosition();
      for (const name of monitor.projectionNames)
        if (!(await monitor.reached(name, head, 60_000))) throw new Error(`projection ${name} did not reach ${head}`);
      const pending = (await publisherStatuses(rm, allPublishers())).some((p) => p.pending > 0);
      return !pending && (await t.store.headPosition()) === head;
    }, 'projections and publishers to settle');
  };

  beforeAll(async () => {
    t = await createTestApp({
      // This suite sends hundreds of requests per key: limits are tested in rate-limits.int-spec.ts.
      env: { RATE_LIMIT_PER_SECOND: 'off', READ_YOUR_WRITES_TIMEOUT_MS: '300' },
      onRoute: (route) => {
        for (const method of [route.method].flat())
          if (method !== 'HEAD') registered.add(`${method} ${route.url.replace(/:(\w+)/g, '{$1}')}`);
      },
    });
    keys = t.keys;
    await seedAcme(t.app, keys.acme);
    await caughtUp();
    await resolveProfileId(t.app, keys.acme, 'acme');
    for (const [route, rule] of byAccess('read'))
      before.set(route, await call(keys.acme, methodOf(route), readUrl(route, rule, 'acme')));
    await seedGlobex(t.app, t.store, keys.globex);
    await caughtUp();
    await resolveProfileId(t.app, keys.globex, 'globex');
  });
  afterAll(() => t?.close());

  it('every route is classified, and every classified route exists', () => {
    const apiRoutes = [...registered].filter(
      (route) => !Object.keys(STATIC_PREFIXES).some((p) => pathOf(route).startsWith(p)),
    );
    expect(apiRoutes.length).toBeGreaterThan(30);
    expect({ unclassified: apiRoutes.filter((route) => !(route in ROUTES)).sort() }).toEqual({ unclassified: [] });
    expect({
      gone: Object.keys(ROUTES)
        .filter((route) => !registered.has(route))
        .sort(),
    }).toEqual({ gone: [] });
  });

  it('every route but the public ones wants a key (401)', async () => {
    const open: string[] = [];
    for (const [route, rule] of Object.entries(ROUTES)) {
      if (rule.access === 'public') continue;
      const answer = await call(undefined, methodOf(route), fill(route, PARAMS.globex), {});
      if (answer.status !== 401) open.push(`${route} → ${answer.status}`);
    }
    expect(open).toEqual([]);
  });

  it('every route wants its scope (403 for a key without it): a key with only events:write cannot read', async () => {
    const wrong: string[] = [];
    for (const [route, rule] of Object.entries(ROUTES)) {
      if (rule.access === 'public' || rule.scope === 'any') continue;
      const lacking = rule.scope === 'read' || rule.scope === 'ops' ? keys.acmeWriteOnly : keys.acmeReadOnly;
      const answer = await call(lacking, methodOf(route), fill(route, PARAMS.acme), {});
      if (answer.status !== 403) wrong.push(`${route} (${rule.scope}) → ${answer.status}`);
    }
    expect(wrong).toEqual([]);
    // and the write-only key does write
    expect((await call(keys.acmeWriteOnly, 'GET', '/v1/stats/event-counts')).status).toBe(403);
  });

  it('public routes answer without a key and hold no tenant data', async () => {
    for (const [route] of byAccess('public')) {
      const answer = await call(undefined, methodOf(route), pathOf(route));
      expect([route, answer.status < 500 || answer.status === 503, globexMarkerIn(answer.text)]).toEqual([
        route,
        true,
        undefined,
      ]);
    }
  });

  it("acme's answers are the same before and after globex has data (nothing of globex counts, lists or sums)", async () => {
    const changed: string[] = [];
    for (const [route, rule] of byAccess('read')) {
      if (rule.counterfactual === false) continue;
      const now = await call(keys.acme, methodOf(route), readUrl(route, rule, 'acme'));
      const then = before.get(route)!;
      if (now.status !== then.status || withoutClock(now.text) !== withoutClock(then.text))
        changed.push(`${route}: ${then.text}\n  → ${now.text}`);
    }
    expect(changed).toEqual([]);
  });

  it("acme's key with globex's ids in the path or query gets 404 or its own data, never globex's", async () => {
    const leaks: string[] = [];
    for (const [route, rule] of byAccess('read')) {
      const url = readUrl(route, rule, 'globex');
      const answer = await call(keys.acme, methodOf(route), url);
      const marker = globexMarkerIn(answer.text, decodeURIComponent(url));
      if (marker !== undefined || (answer.status >= 500 && !pendingAnswer(rule, answer)))
        leaks.push(`${route} → ${answer.status} ${marker ?? ''}`);
    }
    expect(leaks).toEqual([]);
  });

  it("globex's own key sees its data on the same URLs (so the probes above reach data), and acme sees its own", async () => {
    const blind: string[] = [];
    for (const [route, rule] of byAccess('read')) {
      const ok = [200, ...(rule.alsoOk ?? [])];
      const globex = await call(keys.globex, methodOf(route), readUrl(route, rule, 'globex'));
      if (pendingAnswer(rule, globex)) continue;
      if (!ok.includes(globex.status)) blind.push(`${route} as globex → ${globex.status} ${globex.text.slice(0, 200)}`);
      else if (rule.shows === 'data' && globexMarkerIn(globex.text) === undefined)
        blind.push(`${route}: no globex data`);
      const acme = await call(keys.acme, methodOf(route), readUrl(route, rule, 'acme'));
      if (!ok.includes(acme.status)) blind.push(`${route} as acme → ${acme.status} ${acme.text.slice(0, 200)}`);
      else if (rule.shows === 'data' && !ACME_MARKERS.some((m) => acme.text.includes(m)))
        blind.push(`${route}: no acme data`);
    }
    expect(blind).toEqual([]);
  });

  it('minPosition: acme waiting for a position of globex gets its own data; a position not yet written is 503, not data', async () => {
    const head = await t.store.headPosition();
    const waited = await call(keys.acme, 'GET', `/v1/b2b/accounts?minPosition=${head}`);
    expect([waited.status, globexMarkerIn(waited.text), waited.text.includes('acme-hq')]).toEqual([
      200,
      undefined,
      true,
    ]);
    const early = await t.app.inject({
      method: 'GET',
      url: '/v1/stats/event-counts',
      headers: { authorization: `Bearer ${keys.acme}`, 'x-min-position': String(head + 1_000_000) },
    });
    expect([early.statusCode, early.json()]).toMatchObject([503, { type: '/problems/not-caught-up' }]);
    expect(globexMarkerIn(early.body)).toBeUndefined();
  });

  it('event counts are per tenant: acme never counts a globex event', async () => {
    const counts = JSON.parse((await call(keys.acme, 'GET', '/v1/stats/event-counts')).text) as unknown;
    const stats = await t.store.stats('acme');
    const total = (value: unknown): number =>
      JSON.stringify(value)
        .match(/"(?:events|count)":\d+/g)
        ?.reduce((sum, m) => sum + Number(m.split(':')[1]), 0) ?? 0;
    expect(total(counts)).toBe(Object.values(stats.eventsByType).reduce((a, b) => a + b, 0));
  });

  it("operator-only routes refuse a tenant's ops key", async () => {
    for (const [route, rule] of byAccess('operator')) {
      const answer = await call(keys.acme, methodOf(route), fill(route, PARAMS.acme), rule.body ?? {});
      expect([route, answer.status]).toEqual([route, 403]);
    }
  });

  it("writes: acme aimed at globex's resources is refused (or stays in acme), globex's log does not move; globex itself may", async () => {
    const problems: string[] = [];
    for (const [route, rule] of byAccess('write') as [string, WriteRule][]) {
      const { probe } = rule;
      const url = probe.url?.(PARAMS.globex) ?? fill(route, PARAMS.globex);
      const body = probe.body(PARAMS.globex);
      const globexHead = await t.store.headPosition('globex');
      const cross = await call(keys.acme, methodOf(route), url, body);
      if (!probe.cross.includes(cross.status))
        problems.push(`${route} as acme → ${cross.status} ${cross.text.slice(0, 200)}`);
      if ((await t.store.headPosition('globex')) !== globexHead) problems.push(`${route}: acme moved globex's log`);
      const marker = globexMarkerIn(cross.text, decodeURIComponent(url) + JSON.stringify(body));
      if (marker !== undefined) problems.push(`${route}: acme's answer names ${marker}`);
      if (probe.owner) {
        const owner = await call(keys.globex, methodOf(route), url, body);
        if (!probe.owner.includes(owner.status))
          problems.push(`${route} as globex → ${owner.status} ${owner.text.slice(0, 200)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('every event type the app wrote during this suite is declared in allEventTypes() (and so in the event catalog)', async () => {
    const declared = new Set(allEventTypes().map((t) => t.type));
    const written = Object.keys((await t.store.stats()).eventsByType);
    expect(written.filter((type) => !declared.has(type))).toEqual([]);
  });
});
