import { replaceSection } from '../http/http-report';
import type { MachineInfo } from '../machine';
import { KAFKA_END_MARKER, KAFKA_START_MARKER, renderKafkaSection, verdicts, type KafkaReport } from './kafka-report';

const machine: MachineInfo = {
  cpu: 'AMD EPYC',
  cores: 2,
  ramGiB: 23.5,
  node: 'v20.20.2',
  sqlite: '3.53.2',
  disk: 'SQLite files in /tmp',
  loadAtStart: 1,
};

const report = (overrides: Partial<KafkaReport> = {}): KafkaReport => ({
  date: '2026-11-23 16:00 UTC',
  command: 'npm run bench:kafka',
  machine,
  loadAverage: { start: 1, end: 2 },
  broker: { version: '4.1.1', source: 'infra/kafka/start.sh', heap: '512 MiB' },
  events: 1_000_000,
  partitions: 3,
  messageBytes: 520,
  relayMessageBytes: 1100,
  concurrency: 4,
  produce: { events: 1_000_000, seconds: 20 },
  rawConsume: { events: 1_000_000, seconds: 10 },
  storeAlone: { events: 200_000, seconds: 10 },
  decode: { events: 200_000, seconds: 4 },
  ingest: { events: 1_000_000, seconds: 50 },
  relay: { events: 1_000_000, seconds: 40 },
  check: {
    storedDistinct: 1_000_000,
    streamLength: 1_000_000,
    deadLettered: 0,
    relayedDistinct: 1_000_000,
    relayedTotal: 1_000_000,
  },
  ...overrides,
});

describe('bench:kafka report', () => {
  it('given a 1M run at 20k/s, when judged, then the rate target is missed and the drain is measured, not projected', () => {
    expect(verdicts(report())).toEqual({
      rate: { value: 20_000, met: false },
      drain: { seconds: 50, projected: false, met: true },
    });
  });

  it('given a smaller run, when judged, then the 1M drain time is projected at the measured rate', () => {
    expect(verdicts(report({ events: 100_000, ingest: { events: 100_000, seconds: 2 } })).drain).toEqual({
      seconds: 20,
      projected: true,
      met: true,
    });
  });

  it('given a run, when rendered, then the section holds the figures and ratios and replaces only its own markers', () => {
    const section = renderKafkaSection(report());
    expect(section).toContain(
      '| Kafka → store: crm `IngestConsumer` (decode, validate, append, commit) | 1,000,000 | 50.0 s | 20,000 | 20 % of raw consume |',
    );
    expect(section).toContain('every message stored exactly once');
    const doc = `# Benchmarks\n\nintro\n\n<!-- bench:http:start -->\nhttp\n<!-- bench:http:end -->\n`;
    const once = replaceSection(doc, section, KAFKA_START_MARKER, KAFKA_END_MARKER);
    const twice = replaceSection(once, section, KAFKA_START_MARKER, KAFKA_END_MARKER);
    expect(twice).toBe(once);
    expect(once.startsWith(doc.trimEnd())).toBe(true);
  });

  it('given a check that does not add up, when rendered, then it says so', () => {
    const section = renderKafkaSection(
      report({
        check: {
          storedDistinct: 999_999,
          streamLength: 1_000_000,
          deadLettered: 0,
          relayedDistinct: 1_000_000,
          relayedTotal: 1_000_003,
        },
      }),
    );
    expect(section).toContain('**MISMATCH**');
  });
});
