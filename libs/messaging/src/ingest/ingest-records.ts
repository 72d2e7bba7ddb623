/**
 * One page of Kafka messages into the store: decode each (decode-customer-event.ts), append the good
 * ones per tenant (append-exactly-once.ts), and hand back the ones for the dead-letter topic. The
 * caller (the consumer) commits the page's offsets only after this resolved and the dead letters
 * were acknowledged: when this resolves, every good event of the page is durable.
 */
import type { EventStoreError } from '@crm/event-store/port/event-store.errors';
import type { EventStore, NewEvent } from '@crm/event-store/port/event-store.port';
import { ingestStreamOf } from '@crm/ingest/customer-events/stored-customer-event';
import { appendExactlyOnce, type AppendStats } from './append-exactly-once';
import {
  decodeCustomerEvent,
  type DeadLetterReason,
  type DecodeContext,
  type Rejection,
} from './decode-customer-event';
import type { KafkaRecord } from './kafka-record';

export interface DeadLetter {
  record: KafkaRecord;
  rejection: Rejection;
}

export interface IngestPageResult {
  /** Events durable in the store: newly appended or found already stored (a redelivery). */
  stored: number;
  /** In offset order. */
  deadLetters: DeadLetter[];
  /** Appends issued and whether any tenant's page had to be split. */
  appends: number;
  split: boolean;
  /** Per tenant: events newly appended, and events the store already had (redeliveries it could tell). */
  byTenant: ReadonlyMap<string, { appended: number; alreadyStored: number }>;
}

const reasonOf = (error: EventStoreError): DeadLetterReason => {
  switch (error.code) {
    case 'idempotency-conflict':
      return 'idempotency-conflict';
    case 'event-too-large':
    case 'too-many-events':
      return 'payload-too-large';
    default:
      return 'invalid-append';
  }
};

interface Pending {
  record: KafkaRecord;
  event: NewEvent;
}

export const ingestRecords = async (
  store: EventStore,
  records: readonly KafkaRecord[],
  ctx: DecodeContext,
  /**
   * Read the store's head before the page, so that a redelivered page the store answers from its
   * idempotency counts as already stored rather than appended: one cheap read per page, for the metrics.
   */
  countRepeats = false,
): Promise<IngestPageResult> => {
  const deadLetters: DeadLetter[] = [];
  const byTenant = new Map<string, Pending[]>();
  for (const record of records) {
    const decoded = decodeCustomerEvent(record, ctx);
    if (!decoded.ok) {
      deadLetters.push({ record, rejection: decoded.rejection });
      continue;
    }
    let pending = byTenant.get(decoded.tenantId);
    if (!pending) byTenant.set(decoded.tenantId, (pending = []));
    pending.push({ record, event: decoded.event });
  }

  const stats: AppendStats = { appends: 0, split: false };
  const perTenant = new Map<string, { appended: number; alreadyStored: number }>();
  let stored = 0;
  const limit = store.limits.maxEventsPerAppend;
  const headBefore = countRepeats && byTenant.size > 0 ? await store.headPosition() : undefined;
  // Tenants are separate streams: their appends go in together and share the store's group commits.
  await Promise.all(
    [...byTenant].map(async ([tenantId, pending]) => {
      const counts = { appended: 0, alreadyStored: 0 };
      perTenant.set(tenantId, counts);
      for (let start = 0; start < pending.length; start += limit) {
        const slice = pending.slice(start, start + limit);
        const sliceStats: AppendStats = { appends: 0, split: false };
        const outcomes = await appendExactlyOnce(
          store,
          ingestStreamOf(tenantId),
          slice.map((p) => p.event),
          sliceStats,
          headBefore,
        );
        stats.appends += sliceStats.appends;
        stats.split ||= sliceStats.split;
        const repeated = sliceStats.alreadyStored ?? 0;
        counts.alreadyStored += repeated;
        counts.appended += outcomes.filter((o) => o.ok).length - repeated;
        outcomes.forEach((outcome, i) => {
          if (outcome.ok) stored += 1;
          else {
            const { record, event } = slice[i]!;
            deadLetters.push({
              record,
              rejection: { reason: reasonOf(outcome.error), detail: outcome.error.message, eventId: event.eventId },
            });
          }
        });
      }
    }),
  );
  deadLetters.sort((a, b) => compareOffsets(a.record, b.record));
  return { stored, deadLetters, appends: stats.appends, split: stats.split, byTenant: perTenant };
};

const compareOffsets = (a: KafkaRecord, b: KafkaRecord): number => {
  if (a.topic !== b.topic) return a.topic < b.topic ? -1 : 1;
  if (a.partition !== b.partition) return a.partition - b.partition;
  const x = BigInt(a.offset);
  const y = BigInt(b.offset);
  return x < y ? -1 : x > y ? 1 : 0;
};
