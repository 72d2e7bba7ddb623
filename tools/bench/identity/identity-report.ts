import type { MachineInfo } from '../machine';
import type { ResolutionRun } from './resolution-run';

export const IDENTITY_START_MARKER = '<!-- bench:identity:start -->';
export const IDENTITY_END_MARKER = '<!-- bench:identity:end -->';

export interface RateFigure {
  label: string;
  events: number;
  seconds: number;
  note?: string;
}

export interface IdentityReport {
  date: string;
  command: string;
  machine: MachineInfo;
  timed: ResolutionRun;
  streamed: ResolutionRun;
  endToEnd: { store: string; sightings: number; ingest: RateFigure; rebuilds: RateFigure[]; check: string };
}

const n = (x: number): string => Math.round(x).toLocaleString('en-US');
const s = (ms: number): string => (ms / 1000).toFixed(2);
const pct = (a: number, b: number): string => (b === 0 ? '–' : `${Math.round((a / b) * 100)} %`);
const ratio = (a: number, b: number): string => (b === 0 ? '–' : `${(a / b).toFixed(1)}×`);
const met = (ok: boolean): string => (ok ? 'yes' : '**no**');

export const renderIdentitySection = (r: IdentityReport): string => {
  const { timed, streamed, endToEnd } = r;
  const projection = endToEnd.rebuilds[0]!;
  const floor = endToEnd.rebuilds[1];
  return [
    '## Identity resolution (`npm run bench:identity`)',
    '',
    `Run ${r.date} with \`${r.command}\` on ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.ramGiB} GiB, ` +
      `Node ${r.machine.node}, SQLite ${r.machine.sqlite}, ${r.machine.disk}; load average at start ${r.machine.loadAtStart.toFixed(1)} ` +
      '(the machine is shared: other work skews every figure).',
    '',
    `### In process: ${n(timed.identifiers)} identifiers in ${n(timed.sightings)} sightings`,
    '',
    `${n(timed.persons)} synthetic persons with 2 to 10 identifiers each, sighted three at a time in overlapping windows ` +
      `(chains email → device → cookie → phone → order account …), 9 % of sightings repeated, 2 % carrying a junk ` +
      `\`anonymousId: "null"\`, and ${timed.kiosks} kiosk device(s) seen with 300 emails each. Each step in one child ` +
      'process; the baseline is plain union-find over the same keyed sightings (intern, union, count roots) with no ' +
      'rules, no limits and no canonical ids.',
    '',
    '| step | seconds | result | time ÷ baseline |',
    '| --- | ---: | --- | ---: |',
    `| keying: normalise, junk check, HMAC pseudonym per identifier occurrence | ${s(timed.keyingMs)} | ${n(timed.identifiers)} keys | ${ratio(timed.keyingMs, timed.baselineMs)} |`,
    `| **resolution** (\`resolveIdentities\`: degrees per type, shared/blocked, components, anchors, canonical ids) | **${s(timed.resolutionMs)}** | ${n(timed.profiles)} profiles, ${n(timed.shared)} shared, ${n(timed.blocked)} blocked | ${ratio(timed.resolutionMs, timed.baselineMs)} |`,
    `| baseline: plain union-find | ${s(timed.baselineMs)} | ${n(timed.baselineComponents)} components | 1.0× |`,
    '',
    `Target < 3 s for resolution: ${met(timed.resolutionMs < 3000)} (${s(timed.resolutionMs)} s, ` +
      `${(timed.resolutionMs / timed.baselineMs).toFixed(1)}× the baseline). The baseline finds fewer components ` +
      'because it links through kiosks and junk. Keying is the HMAC (libs/privacy) of every occurrence and dominates; ' +
      `peak RSS of that process ${n(timed.peakRssMiB)} MiB.`,
    '',
    `### Memory: ${n(streamed.profiles)} profiles`,
    '',
    `${n(streamed.identifiers)} identifiers in ${n(streamed.sightings)} sightings (two identifiers per person), generated and ` +
      `keyed on the fly into the resolver as a process reading the log would: peak RSS **${n(streamed.peakRssMiB)} MiB** ` +
      `(target < 1 GiB: ${met(streamed.peakRssMiB < 1024)}), ${s(streamed.resolutionMs)} s including keying.`,
    '',
    `### End to end on ${endToEnd.store}: ingest, then the \`b2c-profiles\` projection`,
    '',
    `${n(endToEnd.sightings)} sightings (plus the kiosk sightings) of the same generator as customer events (purchases where an order account is ` +
      'sighted, identify where an email or phone is, page views otherwise), appended through the ingest path ' +
      '(contract validator, stored shape, 1,000 per append), then each projection rebuilt blue/green from position 0 ' +
      'into a fresh read-model file, one transaction per page of events.',
    '',
    '| step | events | seconds | events/s | note |',
    '| --- | ---: | ---: | ---: | --- |',
    ...[endToEnd.ingest, ...endToEnd.rebuilds].map(
      (f) => `| ${f.label} | ${n(f.events)} | ${f.seconds.toFixed(1)} | ${n(f.events / f.seconds)} | ${f.note ?? ''} |`,
    ),
    '',
    floor
      ? `The projection runs at ${pct(projection.events / projection.seconds, floor.events / floor.seconds)} of the ` +
        "runtime's floor (`event-counts`, one upsert per event) on the same log: per event it keys the identifiers, " +
        'writes new identifiers and a new identifier set once each (with the profile linking gives them), records ' +
        'pairs and per-type degrees, links or merges profiles and records the order or consent, each a statement of ' +
        'its own; each touched person’s 360 row is recomputed once per page, from reads made for the whole page.'
      : '',
    '',
    `Checked after the run: ${endToEnd.check}.`,
  ].join('\n');
};
