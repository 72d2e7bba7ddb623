import type { SqlValue } from '@crm/projections/port/projection';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import {
  DEFAULT_SLA_TARGETS,
  MS_PER_MINUTE,
  TICKET_PRIORITIES,
  TICKET_CHANNELS,
  type ChannelMinutes,
} from '../domain/sla-targets';

export interface SlaFilter {
  channel?: string;
  priority?: string;
  /** Epoch ms "now" for tickets still waiting: a query-time input, never stored. */
  asOfMs: number;
}

/** Durations in seconds; percentiles by nearest rank (domain/nearest-rank.ts). */
export interface DurationFigures {
  /** Tickets measured: the event came at or after the opening. */
  measured: number;
  /** Tickets whose source time is before the opening: counted here, left out of every other figure. */
  beforeOpened: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
  /** Measured tickets over their target (the target in force when the ticket was opened). */
  breaches: number;
  breachRate: number | null;
}

export interface SlaFigures {
  /** Tickets opened. */
  tickets: number;
  firstResponse: DurationFigures & {
    /** Tickets with an agent reply (measured + beforeOpened). */
    responded: number;
    /** Neither replied to nor resolved yet. */
    awaiting: number;
    /** Of those, waiting longer than their first-response target at `asOf`. */
    awaitingOverdue: number;
  };
  resolution: DurationFigures & { resolved: number; open: number };
  /** Resolved before the first agent reply (both times kept; each is measured from the opening). */
  resolvedBeforeFirstResponse: number;
  csat: { responses: number; average: number | null };
}

export interface SlaGroup extends SlaFigures {
  channel: string;
  priority: string;
}

export interface SlaReport {
  asOf: string;
  percentileMethod: 'nearest-rank';
  groups: SlaGroup[];
  overall: SlaFigures;
}

/**
 * `CASE k.channel WHEN 'social' THEN 2700000 ELSE 14400000 END`: the built-in defaults, for tickets opened
 * before the tenant's first target set. Literals from code (channel names are an enum), not parameters,
 * so PostgreSQL types the CASE as bigint like the target columns it is coalesced with.
 */
const defaultTargetSql = (column: string, minutes: ChannelMinutes): string => {
  const overrides = Object.entries(minutes.byChannel).filter(([channel]) => /^[a-z]+$/.test(channel));
  const whens = overrides.map(([channel, m]) => `WHEN ${column} = '${channel}' THEN ${m * MS_PER_MINUTE} `).join('');
  const otherwise = String(minutes.defaultMinutes * MS_PER_MINUTE);
  return overrides.length === 0 ? otherwise : `CASE ${whens}ELSE ${otherwise} END`;
};

/**
 * The target of ticket `k` in force when it was opened: the latest set by effective time, then version; in it,
 * the most specific row (channel and priority, then channel, then priority, then the default).
 */
const targetInForceSql = (targetColumn: 'first_response_ms' | 'resolution_ms'): string =>
  `(SELECT g.${targetColumn} FROM b2c_support_sla_targets g
     WHERE g.tenant_id = k.tenant_id AND g.effective_from_ms <= k.opened_at_ms AND g.channel IN (k.channel, '*')
       AND g.priority IN (COALESCE(k.priority, '*'), '*')
     ORDER BY g.effective_from_ms DESC, g.version DESC, CASE WHEN g.channel = '*' THEN 1 ELSE 0 END,
       CASE WHEN g.priority = '*' THEN 1 ELSE 0 END
     LIMIT 1)`;

const ticketsCte = (tenantId: string, filter: SlaFilter): { sql: string; params: SqlValue[] } => {
  const frDefault = defaultTargetSql('k.channel', DEFAULT_SLA_TARGETS.firstResponse);
  const resDefault = defaultTargetSql('k.channel', DEFAULT_SLA_TARGETS.resolution);
  const where = ['k.tenant_id = ?', 'k.opened_at_ms IS NOT NULL'];
  const params: SqlValue[] = [tenantId];
  if (filter.channel !== undefined) {
    where.push('k.channel = ?');
    params.push(filter.channel);
  }
  if (filter.priority !== undefined) {
    where.push('k.priority = ?');
    params.push(filter.priority);
  }
  return {
    sql: `t AS (
      SELECT k.channel, k.priority, k.opened_at_ms, k.first_response_at_ms, k.resolved_at_ms, k.csat,
             k.first_response_ms AS frt, k.resolution_ms AS res,
             COALESCE(${targetInForceSql('first_response_ms')}, ${frDefault}) AS frt_target,
             COALESCE(${targetInForceSql('resolution_ms')}, ${resDefault}) AS res_target
        FROM b2c_support_tickets k WHERE ${where.join(' AND ')})`,
    params,
  };
};

interface CountsRow {
  channel?: string;
  priority?: string;
  tickets: number;
  responded: number;
  frtMeasured: number;
  frtBeforeOpened: number;
  frtBreaches: number;
  awaiting: number;
  awaitingOverdue: number;
  resolved: number;
  resMeasured: number;
  resBeforeOpened: number;
  resBreaches: number;
  resolvedBeforeFirstResponse: number;
  csatResponses: number;
  csatSum: number;
}

interface PercentilesRow {
  channel?: string;
  priority?: string;
  median: number | null;
  p90: number | null;
}

const GROUP_COLUMNS = 'channel, priority';

const countsSql = (grouped: boolean): string => `
  SELECT ${grouped ? `${GROUP_COLUMNS}, ` : ''}count(*) AS tickets,
    sum(CASE WHEN first_response_at_ms IS NOT NULL THEN 1 ELSE 0 END) AS responded,
    sum(CASE WHEN frt >= 0 THEN 1 ELSE 0 END) AS "frtMeasured",
    sum(CASE WHEN frt < 0 THEN 1 ELSE 0 END) AS "frtBeforeOpened",
    sum(CASE WHEN frt >= 0 AND frt > frt_target THEN 1 ELSE 0 END) AS "frtBreaches",
    sum(CASE WHEN first_response_at_ms IS NULL AND resolved_at_ms IS NULL THEN 1 ELSE 0 END) AS awaiting,
    sum(CASE WHEN first_response_at_ms IS NULL AND resolved_at_ms IS NULL AND ? - opened_at_ms > frt_target
             THEN 1 ELSE 0 END) AS "awaitingOverdue",
    sum(CASE WHEN resolved_at_ms IS NOT NULL THEN 1 ELSE 0 END) AS resolved,
    sum(CASE WHEN res >= 0 THEN 1 ELSE 0 END) AS "resMeasured",
    sum(CASE WHEN res < 0 THEN 1 ELSE 0 END) AS "resBeforeOpened",
    sum(CASE WHEN res >= 0 AND res > res_target THEN 1 ELSE 0 END) AS "resBreaches",
    sum(CASE WHEN resolved_at_ms < first_response_at_ms THEN 1 ELSE 0 END) AS "resolvedBeforeFirstResponse",
    count(csat) AS "csatResponses", coalesce(sum(csat), 0) AS "csatSum"
  FROM t${grouped ? ` GROUP BY ${GROUP_COLUMNS}` : ''}`;

/**
 * Nearest rank in SQL: the smallest value whose row number r (1-based, ascending) has r·100 ≥ p·n.
 * Integer arithmetic only, so both dialects pick the same stored value.
 */
const percentilesSql = (column: 'frt' | 'res', grouped: boolean): string => {
  const partition = grouped ? `PARTITION BY ${GROUP_COLUMNS} ` : '';
  return `, r AS (
      SELECT ${grouped ? `${GROUP_COLUMNS}, ` : ''}${column} AS v,
             row_number() OVER (${partition}ORDER BY ${column}) AS rn, count(*) OVER (${partition}) AS n
        FROM t WHERE ${column} >= 0)
    SELECT ${grouped ? `${GROUP_COLUMNS}, ` : ''}min(CASE WHEN rn * 100 >= n * 50 THEN v END) AS median,
           min(CASE WHEN rn * 100 >= n * 90 THEN v END) AS p90
      FROM r${grouped ? ` GROUP BY ${GROUP_COLUMNS}` : ''}`;
};

const n = (value: number | string | null | undefined): number => Number(value ?? 0);
const seconds = (ms: number | string | null | undefined): number | null =>
  ms === null || ms === undefined ? null : Number(ms) / 1000;
const rate = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

const figuresOf = (c: CountsRow, frt: PercentilesRow | undefined, res: PercentilesRow | undefined): SlaFigures => {
  const tickets = n(c.tickets);
  const frtMeasured = n(c.frtMeasured);
  const resMeasured = n(c.resMeasured);
  const csatResponses = n(c.csatResponses);
  return {
    tickets,
    firstResponse: {
      responded: n(c.responded),
      measured: frtMeasured,
      beforeOpened: n(c.frtBeforeOpened),
      medianSeconds: seconds(frt?.median),
      p90Seconds: seconds(frt?.p90),
      breaches: n(c.frtBreaches),
      breachRate: rate(n(c.frtBreaches), frtMeasured),
      awaiting: n(c.awaiting),
      awaitingOverdue: n(c.awaitingOverdue),
    },
    resolution: {
      resolved: n(c.resolved),
      open: tickets - n(c.resolved),
      measured: resMeasured,
      beforeOpened: n(c.resBeforeOpened),
      medianSeconds: seconds(res?.median),
      p90Seconds: seconds(res?.p90),
      breaches: n(c.resBreaches),
      breachRate: rate(n(c.resBreaches), resMeasured),
    },
    resolvedBeforeFirstResponse: n(c.resolvedBeforeFirstResponse),
    csat: { responses: csatResponses, average: csatResponses > 0 ? n(c.csatSum) / csatResponses : null },
  };
};

const groupKey = (row: { channel?: string; priority?: string }): string => `${row.channel}\u0000${row.priority}`;
const channelRank = (channel: string): number => TICKET_CHANNELS.indexOf(channel as (typeof TICKET_CHANNELS)[number]);
const priorityRank = (priority: string): number =>
  TICKET_PRIORITIES.indexOf(priority as (typeof TICKET_PRIORITIES)[number]);

/**
 * First response, resolution, breaches and CSAT per channel × priority and over the filtered set. Six
 * aggregate queries however many tickets there are; the targets and `asOf` enter only here.
 */
export const slaReport = async (rm: ReadModelStore, tenantId: string, filter: SlaFilter): Promise<SlaReport> => {
  const cte = ticketsCte(tenantId, filter);
  const run = <R extends object>(body: string, extra: SqlValue[] = []): Promise<R[]> =>
    rm.query<R>(`WITH ${cte.sql}${body}`, [...cte.params, ...extra]);
  const [groupCounts, groupFrt, groupRes, [overallCounts], [overallFrt], [overallRes]] = await Promise.all([
    run<CountsRow>(` ${countsSql(true)}`, [filter.asOfMs]),
    run<PercentilesRow>(percentilesSql('frt', true)),
    run<PercentilesRow>(percentilesSql('res', true)),
    run<CountsRow>(` ${countsSql(false)}`, [filter.asOfMs]),
    run<PercentilesRow>(percentilesSql('frt', false)),
    run<PercentilesRow>(percentilesSql('res', false)),
  ]);
  const frtByGroup = new Map(groupFrt.map((r) => [groupKey(r), r]));
  const resByGroup = new Map(groupRes.map((r) => [groupKey(r), r]));
  const groups = groupCounts
    .map((c) => ({
      channel: c.channel!,
      priority: c.priority!,
      ...figuresOf(c, frtByGroup.get(groupKey(c)), resByGroup.get(groupKey(c))),
    }))
    .sort(
      (a, b) => channelRank(a.channel) - channelRank(b.channel) || priorityRank(a.priority) - priorityRank(b.priority),
    );
  return {
    asOf: new Date(filter.asOfMs).toISOString(),
    percentileMethod: 'nearest-rank',
    groups,
    overall: figuresOf(overallCounts!, overallFrt, overallRes),
  };
};
