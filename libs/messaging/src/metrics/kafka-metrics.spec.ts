import { Registry } from 'prom-client';
import type { KafkaRecord } from '../ingest/kafka-record';
import { KafkaMetrics, tenantLabelOf } from './kafka-metrics';

const record = (topic: string, headers: Record<string, string> = {}): KafkaRecord => ({
  topic,
  partition: 0,
  offset: '0',
  timestamp: '0',
  key: null,
  value: null,
  headers,
});

describe('tenantLabelOf', () => {
  const tenants = new Set(['acme', 'globex']);
  const topicTenants = new Map([['acme.events', 'acme']]);

  it("given a tenant's own topic, then its tenant, whatever the header says", () =>
    expect(tenantLabelOf(record('acme.events', { tenant: 'globex' }), tenants, topicTenants)).toBe('acme'));

  it('given a known tenant in the header, then that tenant', () =>
    expect(tenantLabelOf(record('shared', { tenant: 'globex' }), tenants, topicTenants)).toBe('globex'));

  it('given an unknown or missing tenant, then no tenant: a poison message cannot mint series', () => {
    expect(tenantLabelOf(record('shared', { tenant: 'x-random-1' }), tenants, topicTenants)).toBe('');
    expect(tenantLabelOf(record('shared'), tenants, topicTenants)).toBe('');
  });
});

describe('KafkaMetrics', () => {
  it('given a committed page, then consumed, appended, duplicates and dead letters are counted by their labels', async () => {
    const registry = new Registry();
    const metrics = new KafkaMetrics({
      registry,
      ingest: { tenants: ['acme'], topicTenants: new Map(), lag: async () => [{ topic: 'in', partition: 0, lag: 3 }] },
    });
    metrics.pageCommitted({
      topic: 'in',
      partition: 0,
      records: [record('in'), record('in'), record('in'), record('in')],
      firstOffset: '0',
      lastOffset: '3',
      result: {
        stored: 3,
        appends: 1,
        split: false,
        byTenant: new Map([['acme', { appended: 2, alreadyStored: 1 }]]),
        deadLetters: [
          { record: record('in', { tenant: 'acme' }), rejection: { reason: 'validation-failed', detail: '' } },
        ],
      },
    });
    metrics.pausedChanged(true);
    const text = await registry.metrics();
    expect(text).toContain('crm_kafka_messages_consumed_total{topic="in"} 4');
    expect(text).toContain('crm_kafka_events_appended_total{tenant="acme"} 2');
    expect(text).toContain('crm_kafka_duplicates_skipped_total{tenant="acme"} 1');
    expect(text).toContain('crm_kafka_dead_lettered_total{reason="validation-failed",tenant="acme"} 1');
    expect(text).toContain('crm_kafka_consumer_pauses_total 1');
    expect(text).toContain('crm_kafka_consumer_paused 1');
    expect(text).toContain('crm_kafka_consumer_lag_messages{topic="in",partition="0"} 3');
  });
});
