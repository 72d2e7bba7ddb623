import { createHash } from 'node:crypto';

/**
 * The eventId of a Kafka message that carries none (neither in its body nor in an `event-id` header):
 * a name-based UUID (RFC 9562 version 5, SHA-1) of `topic/partition/offset`. Deterministic, so a
 * redelivery of the same message after a crash or a rebalance gets the same id and the store's
 * idempotency drops it. Two produces of the same payload are two messages at two offsets, hence two
 * events: only a producer-chosen id can dedupe those (see docs/operations.md).
 */
export const KAFKA_EVENT_ID_NAMESPACE = '2f0b7c1e-54a3-4c6b-9e0f-8d1a6b3c5e72';

const uuidBytes = (uuid: string): Buffer => Buffer.from(uuid.replace(/-/g, ''), 'hex');

export const nameBasedUuid = (namespace: string, name: string): string => {
  const hash = createHash('sha1').update(uuidBytes(namespace)).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50; // version 5
  bytes[8] = (bytes[8]! & 0x3f) | 0x80; // RFC variant
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

export const derivedEventId = (topic: string, partition: number, offset: string): string =>
  nameBasedUuid(KAFKA_EVENT_ID_NAMESPACE, `${topic}/${partition}/${offset}`);
