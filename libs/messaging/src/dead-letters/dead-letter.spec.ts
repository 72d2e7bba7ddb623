import { record } from '../testing/kafka-records';
import { derivedEventId } from '../ingest/derived-event-id';
import type { KafkaRecord } from '../ingest/kafka-record';
import {
  DLQ_HEADERS,
  MAX_DEAD_LETTER_VALUE_BYTES,
  parseDeadLetter,
  toDeadLetterMessage,
  toReplayMessage,
} from './dead-letter';

const failedAt = new Date('2026-11-23T10:00:00.000Z');

/** What the dead-letter topic hands back: the written message at some offset of the DLQ. */
const asRead = (message: ReturnType<typeof toDeadLetterMessage>, offset = '5'): KafkaRecord => ({
  topic: 'crm.customer-events.v1.dlq',
  partition: 1,
  offset,
  timestamp: '0',
  key: message.key,
  value: message.value,
  headers: message.headers,
});

describe('dead letters', () => {
  it('given a rejected message, when dead-lettered, then key, value and headers are kept and the reason and origin are added', () => {
    const original = record('{oops', {
      raw: true,
      partition: 2,
      offset: '41',
      headers: { tenant: 'acme', trace: 't-1' },
    });
    const message = toDeadLetterMessage(
      original,
      {
        reason: 'validation-failed',
        detail: 'Validation failed: /type is wrong',
        errors: [{ pointer: '/type', detail: 'is wrong' }],
        eventId: 'e-1',
      },
      { consumerGroup: 'crm-ingest', failedAt },
    );
    expect(message.key).toEqual(original.key);
    expect(message.value).toEqual(original.value);
    expect(message.headers).toEqual({
      tenant: 'acme',
      trace: 't-1',
      'dlq-reason': 'validation-failed',
      'dlq-detail': 'Validation failed: /type is wrong',
      'dlq-errors': '[{"pointer":"/type","detail":"is wrong"}]',
      'dlq-original-topic': 'crm.customer-events.v1',
      'dlq-original-partition': '2',
      'dlq-original-offset': '41',
      'dlq-original-timestamp': original.timestamp,
      'dlq-event-id': 'e-1',
      'dlq-consumer-group': 'crm-ingest',
      'dlq-failed-at': '2026-11-23T10:00:00.000Z',
    });
  });

  it('given a dead letter read back, when parsed, then the entry says why and where from, with the publisher headers only', () => {
    const original = record('{oops', { raw: true, partition: 2, offset: '41' });
    const entry = parseDeadLetter(
      asRead(
        toDeadLetterMessage(
          original,
          { reason: 'malformed-json', detail: 'not JSON' },
          { consumerGroup: 'g', failedAt },
        ),
      ),
    );
    expect(entry).toMatchObject({
      topic: 'crm.customer-events.v1.dlq',
      partition: 1,
      offset: '5',
      reason: 'malformed-json',
      detail: 'not JSON',
      errors: [],
      original: { topic: 'crm.customer-events.v1', partition: 2, offset: '41' },
      eventId: null,
      truncated: false,
      headers: { tenant: 'acme' },
    });
  });

  it('given a message without any id, when replayed, then it carries the id its original coordinates give, so two replays store it once', () => {
    const original = record('{"type":"page.viewed"}', { raw: true, partition: 3, offset: '7' });
    const entry = parseDeadLetter(
      asRead(
        toDeadLetterMessage(original, { reason: 'unknown-tenant', detail: '…' }, { consumerGroup: 'g', failedAt }),
      ),
    )!;
    const replay = toReplayMessage(entry);
    expect(replay.value).toEqual(original.value);
    expect(replay.headers).toEqual({
      tenant: 'acme',
      'event-id': derivedEventId('crm.customer-events.v1', 3, '7'),
      'dlq-replayed-from': 'crm.customer-events.v1.dlq/1@5',
    });
    expect(toReplayMessage(entry).headers['event-id']).toBe(replay.headers['event-id']);
  });

  it('given a dead letter of a dead letter, when written, then earlier dlq headers do not pile up', () => {
    const first = toDeadLetterMessage(
      record('x', { raw: true }),
      { reason: 'malformed-json', detail: 'a' },
      { consumerGroup: 'g', failedAt },
    );
    const again = toDeadLetterMessage(
      asRead(first),
      { reason: 'unknown-tenant', detail: 'b' },
      { consumerGroup: 'g', failedAt },
    );
    expect(again.headers[DLQ_HEADERS.reason]).toBe('unknown-tenant');
    expect(again.headers[DLQ_HEADERS.detail]).toBe('b');
  });

  it('given a huge value, when dead-lettered, then it is cut to fit and can no longer be replayed', () => {
    const huge = record(Buffer.alloc(MAX_DEAD_LETTER_VALUE_BYTES + 10, 0x61));
    const message = toDeadLetterMessage(
      huge,
      { reason: 'payload-too-large', detail: 'big' },
      { consumerGroup: 'g', failedAt },
    );
    expect(message.value?.length).toBe(MAX_DEAD_LETTER_VALUE_BYTES);
    expect(message.headers[DLQ_HEADERS.truncatedFrom]).toBe(String(MAX_DEAD_LETTER_VALUE_BYTES + 10));
    const entry = parseDeadLetter(asRead(message))!;
    expect(entry.truncated).toBe(true);
    expect(() => toReplayMessage(entry)).toThrow(/truncated/);
  });

  it('given a message not written by us, when parsed, then it is not taken for a dead letter', () => {
    expect(parseDeadLetter(record('{}', { raw: true }))).toBeUndefined();
  });
});
