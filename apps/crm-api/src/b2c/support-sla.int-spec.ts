import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  importSupportTickets,
  type SupportTicketsImportReport,
} from '@crm/b2c/import/support-tickets/import-support-tickets';
import { readSupportTickets, resolveSupportTicketsFile } from '@crm/b2c/import/support-tickets/support-tickets-dataset';
import { planSupportTicketsImport } from '@crm/b2c/import/support-tickets/support-tickets-plan';
import { slaReport, type SlaFigures, type SlaGroup, type SlaReport } from '@crm/b2c/support/get-sla/sla.query';
import { supportSlaProjection } from '@crm/b2c/support/support-sla.projection';
import { b2bClient, type B2bClient } from '@crm/b2b/testing/b2b-http';
import { dropSchema, testDatabaseUrl, uniqueSchema } from '@crm/event-store/testing/postgres-test-db';
import { PostgresReadModelStore } from '@crm/projections/adapters/postgres/postgres-read-model-store';
import { hashProjection } from '@crm/projections/core/content-hash';
import { rebuildProjection } from '@crm/projections/core/rebuild';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { READ_MODEL_STORE } from '@crm/projections/projections.module';
import { bearer, createTestApp, type TestApp } from '../testing/create-test-app';

// The real support-tickets CSV through the importer into the real app; every SLA figure is compared with
// what this file computes from the raw CSV lines with a plain split and sort — not with the importer's
// parser or the read model's SQL — so a mapping or percentile bug cannot agree with itself.

const DATA_DIR = join(__dirname, '../../../..', '../shared/data/support-tickets');
const MINUTE = 60_000;
const ASOF = '2023-06-10T00:00:00Z';

const csv = (() => {
  const [header, ...lines] = readFileSync(join(DATA_DIR, 'customer_support_tickets.csv'), 'utf8')
    .split(/\r?\n/)
    .filter((l) => l !== '');
  const names = header!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i]!, v])));
})();

/** `2023-06-01 7:29` as epoch ms, UTC. */
const time = (text: string): number => {
  const [date, clock] = text.split(' ');
  const [y, mo, d] = date!.split('-').map(Number);
  const [h, mi] = clock!.split(':').map(Number);
  return Date.UTC(y!, mo! - 1, d!, h!, mi!);
};

const CHANNEL: Record<string, string> = { Email: 'email', Phone: 'phone', Chat: 'chat', 'Social media': 'social' };

/** The opening the ADR decides: 00:00 UTC of the date most first responses carry. */
const openedAt = (() => {
  const perDay = new Map<string, number>();
  for (const r of csv)
    perDay.set(r.First_Response_Time!.slice(0, 10), (perDay.get(r.First_Response_Time!.slice(0, 10)) ?? 0) + 1);
  const day = [...perDay.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  return Date.parse(`${day}T00:00:00Z`);
})();

const percentile = (values: number[], p: number): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil((p * sorted.length) / 100) - 1]!;
};

interface Ticket {
  channel: string;
  priority: string;
  frt: number;
  res: number;
  respondedAt: number;
  resolvedAt: number;
  csat: number;
}

const tickets: Ticket[] = csv.map((r) => ({
  channel: CHANNEL[r.Ticket_Channel!]!,
  priority: r.Ticket_Priority!.toLowerCase(),
  frt: time(r.First_Response_Time!) - openedAt,
  res: time(r.Time_to_Resolution!) - openedAt,
  respondedAt: time(r.First_Response_Time!),
  resolvedAt: time(r.Time_to_Resolution!),
  csat: Number(r.Customer_Satisfaction_Rating),
}));

/** Targets in minutes for a channel: the built-in defaults unless given. */
type Targets = (channel: string, priority: string) => { frt: number; res: number };
const DEFAULTS: Targets = (channel) => ({ frt: channel === 'social' ? 45 : 240, res: 1440 });

const figures = (group: Ticket[], targets: Targets): SlaFigures => {
  const frt = group.filter((t) => t.frt >= 0);
  const res = group.filter((t) => t.res >= 0);
  const frtBreaches = frt.filter((t) => t.frt > targets(t.channel, t.priority).frt * MINUTE).length;
  const resBreaches = res.filter((t) => t.res > targets(t.channel, t.priority).res * MINUTE).length;
  const seconds = (ms: number | null) => (ms === null ? null : ms / 1000);
  return {
    tickets: group.length,
    firstResponse: {
      responded: group.length,
      measured: frt.length,
      beforeOpened: group.length - frt.length,
      medianSeconds: seconds(
        percentile(
          frt.map((t) => t.frt),
          50,
        ),
      ),
      p90Seconds: seconds(
        percentile(
          frt.map((t) => t.frt),
          90,
        ),
      ),
      breaches: frtBreaches,
      breachRate: frt.length > 0 ? frtBreaches / frt.length : null,
      awaiting: 0,
      awaitingOverdue: 0,
    },
    resolution: {
      resolved: group.length,
      open: 0,
      measured: res.length,
      beforeOpened: group.length - res.length,
      medianSeconds: seconds(
        percentile(
          res.map((t) => t.res),
          50,
        ),
      ),
      p90Seconds: seconds(
        percentile(
          res.map((t) => t.res),
          90,
        ),
      ),
      breaches: resBreaches,
      breachRate: res.length > 0 ? resBreaches / res.length : null,
    },
    resolvedBeforeFirstResponse: group.filter((t) => t.resolvedAt < t.respondedAt).length,
    csat: { responses: group.length, average: group.reduce((sum, t) => sum + t.csat, 0) / group.length },
  };
};

const expectedGroups = (targets: Targets): Record<string, SlaFigures> => {
  const groups = new Map<string, Ticket[]>();
  for (const t of tickets)
    groups.set(`${t.channel}/${t.priority}`, [...(groups.get(`${t.channel}/${t.priority}`) ?? []), t]);
  return Object.fromEntries([...groups.entries()].map(([key, group]) => [key, figures(group, targets)]));
};

const byKey = (report: SlaReport): Record<string, SlaFigures> =>
  Object.fromEntries(report.groups.map(({ channel, priority, ...rest }: SlaGroup) => [`${channel}/${priority}`, rest]));

describe('support SLA read model on the support-tickets CSV', () => {
  let t: TestApp;
  let acme: B2bClient;
  let imported: SupportTicketsImportReport;

  beforeAll(async () => {
    t = await createTestApp();
    acme = b2bClient(t.app, t.keys.acme);
    const plan = planSupportTicketsImport(await readSupportTickets(await resolveSupportTicketsFile(DATA_DIR)));
    imported = await importSupportTickets(plan, { tenantId: 'acme', store: t.store });
    acme.lastPosition = imported.lastPosition;
  }, 120_000);
  afterAll(() => t.close());

  it('imports every ticket as opened, replied and resolved, and reports the impossible orderings the CSV holds', () => {
    expect(csv.length).toBe(2769);
    expect(imported).toMatchObject({
      tickets: csv.length,
      openedAt: new Date(openedAt).toISOString(),
      events: { opened: csv.length, replied: csv.length, resolved: csv.length },
      eventsAppended: 3 * csv.length,
      refused: [],
      blanks: { noFirstResponse: 0, unresolved: 0, noCsat: 0 },
    });
    expect(imported.orderings.respondedBeforeOpened.count).toBe(tickets.filter((x) => x.frt < 0).length);
    expect(imported.orderings.resolvedBeforeOpened.count).toBe(tickets.filter((x) => x.res < 0).length);
    expect(imported.orderings.resolvedBeforeFirstResponse.count).toBe(
      tickets.filter((x) => x.resolvedAt < x.respondedAt).length,
    );
    // The file really is messy: every kind of impossible ordering occurs.
    expect(imported.orderings.respondedBeforeOpened.count).toBeGreaterThan(0);
    expect(imported.orderings.resolvedBeforeOpened.count).toBeGreaterThan(0);
    expect(imported.orderings.resolvedBeforeFirstResponse.count).toBeGreaterThan(0);
  });

  it('gives per channel and priority the counts, median/p90, breaches, resolution and CSAT the CSV gives', async () => {
    const report = await acme.read<SlaReport>(`/v1/b2c/support/sla?asOf=${ASOF}`);
    const expected = expectedGroups(DEFAULTS);
    expect(Object.keys(expected)).toHaveLength(16);
    expect(byKey(report)).toEqual(expected);
    expect(report.overall).toEqual(figures(tickets, DEFAULTS));
    expect(report.percentileMethod).toBe('nearest-rank');
    // Groups come in contract channel order, then priority low → critical.
    expect(report.groups.slice(0, 4).map((g) => `${g.channel}/${g.priority}`)).toEqual([
      'email/low',
      'email/medium',
      'email/high',
      'email/critical',
    ]);
  });

  it('filters by channel and priority', async () => {
    const social = await acme.read<SlaReport>(`/v1/b2c/support/sla?channel=social&asOf=${ASOF}`);
    expect(social.groups.map((g) => g.channel)).toEqual(Array(4).fill('social'));
    expect(social.overall).toEqual(
      figures(
        tickets.filter((x) => x.channel === 'social'),
        DEFAULTS,
      ),
    );
    const one = await acme.read<SlaReport>(`/v1/b2c/support/sla?channel=chat&priority=critical&asOf=${ASOF}`);
    expect(one.groups).toHaveLength(1);
    expect(one.overall).toEqual(expectedGroups(DEFAULTS)['chat/critical']);
    const bad = await acme.get<{ errors: { pointer: string }[] }>('/v1/b2c/support/sla?channel=fax&priority=urgent');
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e) => e.pointer).sort()).toEqual(['/channel', '/priority']);
  });

  it('keeps tenants apart and needs the read scope', async () => {
    const globex = b2bClient(t.app, t.keys.globex);
    const other = await globex.read<SlaReport>('/v1/b2c/support/sla?channel=email');
    expect(other.groups).toEqual([]);
    expect(other.overall.tickets).toBe(0);
    const writeOnly = await t.app.inject({ url: '/v1/b2c/support/sla', headers: bearer(t.keys.acmeWriteOnly) });
    expect(writeOnly.statusCode).toBe(403);
  });

  it('keeps no personal data: no email, name or subject of the CSV is anywhere in the read model', async () => {
    const rm = t.app.get<ReadModelStore>(READ_MODEL_STORE);
    const dump = JSON.stringify([
      await rm.query('SELECT * FROM b2c_support_tickets'),
      await rm.query('SELECT * FROM b2c_support_sla_targets'),
    ]);
    expect(dump).toContain('"ticket_id":"3"');
    for (const r of csv.slice(0, 200)) {
      expect(dump).not.toContain(r.Customer_Email!);
      expect(dump).not.toContain(r.Customer_Name!);
    }
    expect(dump).not.toContain('Network problem');
  });

  it('given ticket events over POST /v1/events in any order, then replies count once opened, and waiting tickets go overdue with asOf', async () => {
    const globex = b2bClient(t.app, t.keys.globex);
    let n = 0;
    const event = (type: string, occurredAt: string, properties: object, channel = 'chat') => ({
      eventId: `00000000-0000-4000-8000-${String((n += 1)).padStart(12, '0')}`,
      type,
      occurredAt,
      subject: { identifiers: { email: 'ana@example.com' } },
      channel,
      properties,
    });
    const res = await globex.post('/v1/events', [
      // t-1's agent reply is stored before its opening; t-2 waits; t-3 has only the customer's own follow-up.
      event('ticket.replied', '2026-01-05T10:30:00Z', { ticketId: 't-1', by: 'agent' }),
      event('ticket.opened', '2026-01-05T10:00:00Z', { ticketId: 't-1', priority: 'high' }),
      event('ticket.opened', '2026-01-05T11:00:00Z', { ticketId: 't-2', priority: 'high' }),
      event('ticket.opened', '2026-01-05T09:00:00Z', { ticketId: 't-3', priority: 'high' }),
      event('ticket.replied', '2026-01-05T09:10:00Z', { ticketId: 't-3', by: 'customer' }),
    ]);
    expect(res.status).toBe(200);
    globex.lastPosition = res.body.lastPosition as number;
    const at = async (asOf: string) =>
      (await globex.read<SlaReport>(`/v1/b2c/support/sla?channel=chat&asOf=${asOf}`)).overall.firstResponse;
    expect(await at('2026-01-05T12:00:00Z')).toMatchObject({
      responded: 1,
      measured: 1,
      medianSeconds: 1800,
      awaiting: 2,
      awaitingOverdue: 0,
    });
    // 4 h after 09:00 but not after 11:00: only t-3 is overdue.
    expect(await at('2026-01-05T14:30:00Z')).toMatchObject({ awaiting: 2, awaitingOverdue: 1 });
    expect(await at('2026-01-05T15:30:00Z')).toMatchObject({ awaiting: 2, awaitingOverdue: 2 });
  });

  describe('per-tenant targets', () => {
    const put = (body: object, key = t.keys.acme, headers: Record<string, string> = {}) =>
      t.app.inject({
        method: 'PUT',
        url: '/v1/b2c/support/sla-targets',
        headers: { ...bearer(key), ...headers },
        payload: body,
      });
    const strict = {
      firstResponse: { defaultMinutes: 600, byChannel: { social: 120 } },
      resolution: { defaultMinutes: 720 },
    };
    const strictTargets: Targets = (channel) => ({ frt: channel === 'social' ? 120 : 600, res: 720 });

    it('refuses a key without the ops scope, and an invalid body with JSON pointers', async () => {
      expect((await put(strict, t.keys.acmeWriteOnly)).statusCode).toBe(403);
      const invalid = await put({
        firstResponse: { defaultMinutes: 0, byChannel: { fax: 5, social: 2.5 } },
        resolution: {},
      });
      expect(invalid.statusCode).toBe(422);
      expect(invalid.headers['content-type']).toMatch(/application\/problem\+json/);
      const pointers = (JSON.parse(invalid.body) as { errors: { pointer: string }[] }).errors.map((e) => e.pointer);
      expect(pointers).toEqual(
        expect.arrayContaining([
          '/firstResponse/defaultMinutes',
          '/firstResponse/byChannel/fax',
          '/firstResponse/byChannel/social',
          '/resolution/defaultMinutes',
        ]),
      );
    });

    it('given new targets effective now, then tickets opened before keep the targets they were opened under', async () => {
      const res = await put(strict);
      expect(res.statusCode).toBe(200);
      const body = JSON.parse(res.body) as { version: number; position: number; appended: number };
      expect(body).toMatchObject({ version: 0, appended: 1 });
      acme.lastPosition = body.position;
      const report = await acme.read<SlaReport>(`/v1/b2c/support/sla?asOf=${ASOF}`);
      expect(byKey(report)).toEqual(expectedGroups(DEFAULTS));
      const targets = await acme.read<{ current: object; version: number; history: unknown[] }>(
        '/v1/b2c/support/sla-targets',
      );
      expect(targets).toMatchObject({
        version: 0,
        current: {
          firstResponse: { defaultMinutes: 600, byChannel: { social: 120 } },
          resolution: { defaultMinutes: 720 },
        },
      });
      expect(targets.history).toHaveLength(1);
    });

    it('given targets back-dated before the tickets, then their breaches follow the new targets, reproducibly', async () => {
      const stale = await put({ ...strict, effectiveFrom: '2023-01-01T00:00:00Z', expectedVersion: 5 });
      expect(stale.statusCode).toBe(409);
      expect(JSON.parse(stale.body)).toMatchObject({ type: '/problems/wrong-expected-version', actualVersion: 0 });
      const key = { 'idempotency-key': 'restate-2023' };
      const first = await put(
        { ...strict, effectiveFrom: '2023-01-01T00:00:00Z', expectedVersion: 0 },
        t.keys.acme,
        key,
      );
      const again = await put(
        { ...strict, effectiveFrom: '2023-01-01T00:00:00Z', expectedVersion: 0 },
        t.keys.acme,
        key,
      );
      expect(first.statusCode).toBe(200);
      expect(JSON.parse(again.body)).toEqual({ ...JSON.parse(first.body), appended: 0 });
      acme.lastPosition = (JSON.parse(first.body) as { position: number }).position;
      const report = await acme.read<SlaReport>(`/v1/b2c/support/sla?asOf=${ASOF}`);
      expect(byKey(report)).toEqual(expectedGroups(strictTargets));
      expect(byKey(report)).not.toEqual(expectedGroups(DEFAULTS));

      const rm = t.app.get<ReadModelStore>(READ_MODEL_STORE);
      const serving = await hashProjection(rm, supportSlaProjection);
      await rebuildProjection(t.store, rm, supportSlaProjection);
      const rebuilt = await hashProjection(rm, supportSlaProjection);
      expect(rebuilt.generation).toBeGreaterThan(serving.generation);
      expect(rebuilt.hash).toBe(serving.hash);
      expect(byKey(await slaReport(rm, 'acme', { asOfMs: Date.parse(ASOF) }))).toEqual(expectedGroups(strictTargets));
    }, 120_000);

    // Critical tickets promised 30 min (social keeps its 2 h only where it is stricter), low ones 2 days.
    const byPriority = {
      firstResponse: { ...strict.firstResponse, byPriority: { critical: 30, low: 2880 } },
      resolution: { ...strict.resolution, byPriority: { critical: 240 } },
    };
    const byPriorityTargets: Targets = (channel, priority) => {
      const channelFrt = channel === 'social' ? 120 : undefined;
      const priorityFrt = priority === 'critical' ? 30 : priority === 'low' ? 2880 : undefined;
      const frt =
        channelFrt !== undefined && priorityFrt !== undefined
          ? Math.min(channelFrt, priorityFrt)
          : (channelFrt ?? priorityFrt ?? 600);
      return { frt, res: priority === 'critical' ? 240 : 720 };
    };

    it('given targets by priority, then each ticket is held to its priority’s, or to the stricter of its channel’s and priority’s', async () => {
      // given the strict set in force, when priority overrides are back-dated over the same tickets
      const res = await put({ ...byPriority, effectiveFrom: '2023-01-01T00:00:00Z', expectedVersion: 1 });
      expect(res.statusCode).toBe(200);
      acme.lastPosition = (JSON.parse(res.body) as { position: number }).position;
      // then the breaches follow them, group by group, as computed from the CSV
      const report = await acme.read<SlaReport>(`/v1/b2c/support/sla?asOf=${ASOF}`);
      expect(byKey(report)).toEqual(expectedGroups(byPriorityTargets));
      expect(byKey(report)).not.toEqual(expectedGroups(strictTargets));
      // and the set reads back as given, channel and priority overrides apart (the set effective "now" of the
      // first test is still the one in force for tickets opened from now on)
      const targets = await acme.read<{ history: object[]; version: number }>('/v1/b2c/support/sla-targets');
      expect(targets.version).toBe(2);
      expect(targets.history.at(-1)).toMatchObject({
        version: 2,
        effectiveFrom: '2023-01-01T00:00:00.000Z',
        firstResponse: { defaultMinutes: 600, byChannel: { social: 120 }, byPriority: { critical: 30, low: 2880 } },
        resolution: { defaultMinutes: 720, byChannel: {}, byPriority: { critical: 240 } },
      });
      // an unknown priority is refused with its pointer
      const invalid = await put({ ...byPriority, firstResponse: { defaultMinutes: 60, byPriority: { urgent: 5 } } });
      expect(invalid.statusCode).toBe(422);
      expect(JSON.parse(invalid.body)).toMatchObject({
        errors: expect.arrayContaining([expect.objectContaining({ pointer: '/firstResponse/byPriority/urgent' })]),
      });
    });

    it('builds the same figures, to the millisecond, into PostgreSQL read models', async () => {
      const schema = uniqueSchema('b2c_sla');
      const pg = await new PostgresReadModelStore(testDatabaseUrl(), schema).init();
      try {
        await rebuildProjection(t.store, pg, supportSlaProjection);
        const sqlite = t.app.get<ReadModelStore>(READ_MODEL_STORE);
        for (const filter of [{}, { channel: 'social' }, { channel: 'email', priority: 'low' }]) {
          const asOfMs = Date.parse(ASOF);
          expect(await slaReport(pg, 'acme', { ...filter, asOfMs })).toEqual(
            await slaReport(sqlite, 'acme', { ...filter, asOfMs }),
          );
        }
        expect(byKey(await slaReport(pg, 'acme', { asOfMs: Date.parse(ASOF) }))).toEqual(
          expectedGroups(byPriorityTargets),
        );
      } finally {
        await pg.close();
        await dropSchema(schema);
      }
    }, 240_000);
  });
});
