import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import { ingestStreamOf, toNewEvent } from '@crm/ingest/customer-events/stored-customer-event';
import { validateCustomerEventBatch } from '@crm/ingest/customer-events/validate-customer-events';
import { readTopic, testKafka, testTopics, uniqueName } from '@crm/messaging/testing/kafka-test-kit';
import { SqliteReadModelStore } from '@crm/projections/adapters/sqlite/sqlite-read-model-store';
import { openEventStore } from './open-event-store';
import { relayToHead } from '@crm/messaging/testing/relay-to-head';

// KAFKA_RELAY_PERSONAL_DATA=pseudonymous (ADR 0009): what leaves through the relay cannot be called back by a
// forget, so in this mode the relay reads through a store that opens no personal field. The clear values
// must be in no relayed message, while identifiers stay joinable as pseudonyms.

const EMAIL = 'ingrid.quetzalcoatl@example.com';
const PHONE = '+33655501234';
const NAME = 'Ingrid-Quetzal';
const CLEAR = [EMAIL, PHONE, NAME];

const customerEvents = () => {
  const checked = validateCustomerEventBatch([
    {
      eventId: randomUUID(),
      type: 'identify',
      occurredAt: '2026-03-01T10:00:00Z',
      channel: 'web',
      subject: { identifiers: { email: EMAIL, phone: PHONE, cookieId: 'ck-ingrid' } },
      properties: { traits: { firstName: NAME } },
    },
    {
      eventId: randomUUID(),
      type: 'purchase.completed',
      occurredAt: '2026-03-01T10:05:00Z',
      channel: 'web',
      subject: { identifiers: { email: EMAIL } },
      properties: {
        orderId: 'o-ingrid-1',
        amount: 12.5,
        currency: 'EUR',
        items: [{ sku: 'S', quantity: 1, unitPrice: 12.5 }],
      },
    },
  ]);
  if (!checked.ok) throw new Error(JSON.stringify(checked.problem.errors));
  return checked.events.map((e) => toNewEvent(e, { source: 'system', actor: 'test' }));
};

describe('the relay with KAFKA_RELAY_PERSONAL_DATA=pseudonymous', () => {
  let dir: string;
  let clear: EventStore;
  let pseudonymous: EventStore;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crm-pseudo-relay-'));
    const config = { eventStore: 'sqlite' as const, dataDir: dir };
    clear = await openEventStore(config);
    await clear.append(ingestStreamOf('acme'), customerEvents());
    pseudonymous = await openEventStore(config, { personalData: 'pseudonymous' });
  });
  afterAll(async () => {
    await Promise.all([clear.close(), pseudonymous.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('given a customer with keys, when read pseudonymously, then no clear value, identifiers as pseudonyms', async () => {
    // given the person is not forgotten: a clear reader opens everything
    const opened = JSON.stringify(await clear.readStream(ingestStreamOf('acme')));
    expect(CLEAR.filter((v) => opened.includes(v))).toEqual(CLEAR);
    // when the same stream is read by the pseudonymous reader
    const read = await pseudonymous.readStream(ingestStreamOf('acme'));
    const text = JSON.stringify(read);
    // then nothing personal, the same pseudonym for the same email in both events, the rest untouched
    expect(CLEAR.filter((v) => text.includes(v))).toEqual([]);
    const emails = read.map((e) => (e.data.subject as { identifiers: { email: string } }).identifiers.email);
    expect(emails[0]).toMatch(/^~p:/);
    expect(emails[1]).toBe(emails[0]);
    expect(read[1]!.data.properties).toMatchObject({ orderId: 'o-ingrid-1', amount: 12.5 });
    expect(text).not.toContain('$pii');
  });

  it('given the relay on the pseudonymous reader, when it publishes, then the topic holds no clear value', async () => {
    const kafka = testKafka();
    const topics = await testTopics(kafka);
    const prefix = `${uniqueName('test.pseudo')}.`;
    topics.track(`${prefix}customerEvents`);
    const rm = new SqliteReadModelStore(join(dir, 'read-models.db'));
    try {
      const kafkaConfig = await relayToHead(
        pseudonymous,
        rm,
        { KAFKA_RELAY_TOPIC_PREFIX: prefix, KAFKA_RELAY_PERSONAL_DATA: 'pseudonymous' },
        'test-pseudo-relay',
      );
      expect(kafkaConfig.relay.personalData).toBe('pseudonymous');
    } finally {
      await rm.close();
    }
    const messages = (await readTopic(kafka, `${prefix}customerEvents`)).map((m) => m.value!.toString());
    expect(messages).toHaveLength(2);
    expect(CLEAR.filter((v) => messages.join('\n').includes(v))).toEqual([]);
    expect(messages[0]).toContain('~p:');
    await topics.cleanUp();
  });
});
