import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@crm/event-store/adapters/sqlite/sqlite-event-store';
import { ingestStreamOf } from '@crm/ingest/customer-events/stored-customer-event';
import { exampleEvent, purchase } from '@crm/ingest/customer-events/testing/customer-event.examples';
import { derivedEventId } from '@crm/messaging/ingest/derived-event-id';
import {
  eventually,
  fullyCommitted,
  produce,
  testKafka,
  testTopics,
  uniqueGroup,
  uniqueName,
  type TestTopics,
} from '@crm/messaging/testing/kafka-test-kit';
import type { Kafka } from 'kafkajs';
import { startCrmKafka, type CrmKafkaProcess } from '../../../test/fixtures/crm-kafka-process';
import { crmJson, runCrm } from '../../../test/fixtures/crm-process';

// `crm dead-letters list|replay` against the real broker, with the real crm-kafka dead-lettering and,
// after the fix (a tenant added), storing the replayed messages — once, however often they are replayed.

interface ListJson {
  topic: string;
  total: number;
  matching: number;
  entries: {
    ref: string;
    partition: number;
    offset: string;
    reason: string;
    detail: string;
    original: { topic: string; partition: number; offset: string };
    eventId: string | null;
    value: string | null;
    headers: Record<string, string>;
  }[];
}

describe('crm dead-letters (real broker, real processes)', () => {
  let kafka: Kafka;
  let topics: TestTopics;
  let root: string;
  const processes: CrmKafkaProcess[] = [];
  beforeAll(async () => {
    kafka = testKafka();
    topics = await testTopics(kafka);
    root = mkdtempSync(join(tmpdir(), 'crm-dead-letters-'));
  });
  afterAll(async () => {
    for (const p of processes) p.child.kill('SIGKILL');
    await topics.cleanUp();
    rmSync(root, { recursive: true, force: true });
  });

  it('given dead letters, when listed, then each shows its reason and origin; when replayed after the fix, then they are stored, once, however often replayed', async () => {
    const topic = uniqueName('test.dlq-cli');
    const dlq = `${topic}.dlq`;
    await topics.create([topic, dlq], 1);
    const dataDir = join(root, 'data');
    const base = {
      DATA_DIR: dataDir,
      KAFKA_ROLES: 'ingest',
      KAFKA_INGEST_TOPICS: topic,
      KAFKA_GROUP_ID: uniqueGroup(),
      KAFKA_HEARTBEAT_INTERVAL_MS: '500',
      KAFKA_SESSION_TIMEOUT_MS: '10000',
    };
    const good = purchase();
    const globexWithId = purchase();
    const globexIdless = exampleEvent('page.viewed');
    delete globexIdless.eventId;
    await produce(kafka, topic, [
      { value: JSON.stringify(good), headers: { tenant: 'acme' } },
      { value: '{"type": "purchase.completed",', headers: { tenant: 'acme' } },
      { value: JSON.stringify(globexWithId), headers: { tenant: 'globex' } },
      { value: JSON.stringify(globexIdless), headers: { tenant: 'globex' } },
    ]);

    let consumer = startCrmKafka({ ...base, KAFKA_TENANTS: 'acme' });
    processes.push(consumer);
    await eventually(
      async () => ((await fullyCommitted(topics.admin, base.KAFKA_GROUP_ID, topic)) ? true : undefined),
      'consumed',
    );
    expect((await consumer.stop()).code).toBe(0);

    const env = { KAFKA_INGEST_TOPICS: topic };
    const listed = await crmJson<ListJson>(['dead-letters', 'list', '--all-tenants'], env);
    expect(listed).toMatchObject({ topic: dlq, total: 3, matching: 3 });
    expect(listed.entries.map((e) => [e.ref, e.reason, e.original.offset])).toEqual([
      [`${dlq}/0@0`, 'malformed-json', '1'],
      [`${dlq}/0@1`, 'unknown-tenant', '2'],
      [`${dlq}/0@2`, 'unknown-tenant', '3'],
    ]);
    expect(listed.entries[0]!.value).toBe('{"type": "purchase.completed",');
    expect(listed.entries[1]!.headers).toEqual({ tenant: 'globex' });

    const text = await runCrm(['dead-letters', 'list', '--all-tenants', '--reason', 'unknown-tenant'], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/3 dead letters \(1 malformed-json, 2 unknown-tenant\)/);
    expect(text.stdout).toMatch(/0@1\s+unknown-tenant\s+\S+\/0@2/);
    expect(text.stdout).not.toMatch(/malformed-json\s+\S+\/0@1/);

    // The fix: globex becomes a known tenant. Replay those two — twice.
    consumer = startCrmKafka({ ...base, KAFKA_TENANTS: 'acme,globex' });
    processes.push(consumer);
    const first = await crmJson<{ replayed: number }>(['dead-letters', 'replay', '--reason', 'unknown-tenant'], env);
    expect(first.replayed).toBe(2);
    const again = await runCrm(['dead-letters', 'replay', '0@1', '0@2'], env);
    expect(again).toMatchObject({ code: 0, stdout: expect.stringMatching(/replayed 2 dead letter\(s\) to /) });
    await eventually(
      async () => ((await fullyCommitted(topics.admin, base.KAFKA_GROUP_ID, topic)) ? true : undefined),
      'replays consumed',
    );
    expect((await consumer.stop()).code).toBe(0);

    const store = new SqliteEventStore({ path: join(dataDir, 'events.db') });
    try {
      expect((await store.readStream(ingestStreamOf('acme'))).map((e) => e.eventId)).toEqual([good.eventId]);
      expect((await store.readStream(ingestStreamOf('globex'))).map((e) => e.eventId)).toEqual([
        globexWithId.eventId,
        // The id-less message got the id its original coordinates give, both times it was replayed.
        derivedEventId(topic, 0, '3'),
      ]);
    } finally {
      await store.close();
    }
    // Still three dead letters: replays added none.
    expect((await crmJson<ListJson>(['dead-letters', 'list', '--all-tenants'], env)).total).toBe(3);

    const usage = await runCrm(['dead-letters', 'replay'], env);
    expect(usage.code).toBe(2);
    const missing = await runCrm(['dead-letters', 'replay', '0@99'], env);
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringMatching(/No dead letter 0@99/) });
  }, 180_000);
});
