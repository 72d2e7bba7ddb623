import type { DeadLetterEntry } from '@crm/messaging/dead-letters/dead-letter';
import { INGEST_HEADERS } from '@crm/messaging/ingest/kafka-record';

/**
 * The tenant a dead letter belongs to, by the ingest consumer's own rule (decode-customer-event.ts): a
 * topic mapped to a tenant owns its messages whatever their header claims; otherwise the `tenant`
 * header says. Null when neither does: only a platform operator sees those.
 */
export const deadLetterTenant = (
  entry: Pick<DeadLetterEntry, 'original' | 'headers'>,
  topicTenants: ReadonlyMap<string, string>,
): string | null => topicTenants.get(entry.original.topic) ?? entry.headers[INGEST_HEADERS.tenant] ?? null;

/** A tenant's `ops` key sees its own tenant's dead letters only; a platform operator sees them all. */
export const visibleDeadLetters = <T extends Pick<DeadLetterEntry, 'original' | 'headers'>>(
  entries: readonly T[],
  caller: { tenantId: string; operator: boolean },
  topicTenants: ReadonlyMap<string, string>,
): T[] =>
  caller.operator ? [...entries] : entries.filter((e) => deadLetterTenant(e, topicTenants) === caller.tenantId);
