import type { MachineInfo } from '../machine';
import type { LatencySummary } from '../stats';

export const B2B_START_MARKER = '<!-- bench:b2b:start -->';
export const B2B_END_MARKER = '<!-- bench:b2b:end -->';

export interface HttpFigure {
  label: string;
  requestsPerSecond: number;
  latency: LatencySummary;
  failures: string;
}

export interface RateFigure {
  label: string;
  events: number;
  seconds: number;
  /** Extra detail, e.g. rows written. */
  note?: string;
}

export interface B2bReport {
  date: string;
  command: string;
  machine: MachineInfo;
  connections: number;
  durationMs: number;
  http: HttpFigure[];
  import: RateFigure;
  rebuilds: RateFigure[];
  /** Figures recomputed from the read models and compared with the CSV: the run measured real work. */
  checks: string[];
}

const n = (x: number): string => Math.round(x).toLocaleString('en-US');
const ms = (x: number): string => x.toFixed(x < 10 ? 2 : 1);

export const renderB2bSection = (r: B2bReport): string =>
  [
    '## B2B commands and read models (`npm run bench:b2b`)',
    '',
    `Run ${r.date} with \`${r.command}\` on ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.ramGiB} GiB, ` +
      `Node ${r.machine.node}, SQLite ${r.machine.sqlite}, ${r.machine.disk}; load average at start ${r.machine.loadAtStart.toFixed(1)}.`,
    '',
    `### Logging interactions over HTTP (${r.connections} keep-alive connections, ${r.durationMs / 1000} s each, real \`crm-api\` child process on loopback, embedded SQLite store, projections running in process)`,
    '',
    '| request | requests/s | p50 ms | p99 ms | failures |',
    '| --- | ---: | ---: | ---: | --- |',
    ...r.http.map(
      (f) => `| ${f.label} | ${n(f.requestsPerSecond)} | ${ms(f.latency.p50)} | ${ms(f.latency.p99)} | ${f.failures} |`,
    ),
    '',
    'A B2B command reads the streams its decider needs (the interaction, the account, the deal, each contact named), ' +
      'decides, and appends with the version it read; the ingest row is the same API storing one already validated ' +
      'customer event with no decision, so the gap between the two is the price of the checks.',
    '',
    '### Import and projection rebuild of the Maven Analytics data set (85 accounts, 8,800 deals)',
    '',
    '| step | events | seconds | events/s | note |',
    '| --- | ---: | ---: | ---: | --- |',
    ...[r.import, ...r.rebuilds].map(
      (f) => `| ${f.label} | ${n(f.events)} | ${f.seconds.toFixed(1)} | ${n(f.events / f.seconds)} | ${f.note ?? ''} |`,
    ),
    '',
    'Rebuilds are blue/green into a fresh SQLite read-model file from position 0, one transaction per 2,000 events; ' +
      '`event-counts` (one upsert per event) is the runtime’s own floor on the same log.',
    '',
    `Checked after the run: ${r.checks.join('; ')}.`,
  ].join('\n');
