import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { SqliteEventStore } from '@crm/event-store/adapters/sqlite/sqlite-event-store';
import type { NewEvent } from '@crm/event-store/port/event-store.port';
import {
  ingestStreamOf,
  toNewEvent,
} from '@crm/ingest/customer-events/ingest-customer-events/ingest-customer-events.handler';
import { validateCustomerEventBatch } from '@crm/ingest/customer-events/validate-customer-events';
import { openEventStore } from '@crm/wiring/open-event-store';
import type { ProgressStep } from '../progress';
import type { Timing } from '../results';
import { runTimed, type TimedResult } from '../scenarios/timed-loop';
import { contractPurchase } from './customer-event-payload';
import { RawSqliteBatches } from './raw-sqlite-batches';

/**
 * The events the HTTP run stores, in their stored form (validated, then mapped by the ingest
 * handler's own `toNewEvent`), so the baselines append byte-for-byte the same data and metadata.
 */
const storedTemplates = (count: number): NewEvent[] => {
  const validation = validateCustomerEventBatch(Array.from({ length: count }, (_, n) => contractPurchase(n)));
  if (!validation.ok) throw new Error(`bench payload is invalid: ${JSON.stringify(validation.problem)}`);
  return validation.events.map((event) =>
    toNewEvent(event, { source: 'http', actor: 'bench-key-id', correlationId: randomUUID() }),
  );
};

const batchOf = (templates: readonly NewEvent[], n: number, size: number): NewEvent[] =>
  Array.from({ length: size }, (_, i) => ({ ...templates[(n * size + i) % templates.length]!, eventId: randomUUID() }));

/** Our SqliteEventStore, appending `size`-event batches to one ingest stream with expectedVersion any. */
export const measureOurStore = async (
  dir: string,
  tenant: string,
  clients: number,
  size: number,
  timing: Pick<Timing, 'warmupMs' | 'durationMs'>,
  step: ProgressStep,
): Promise<TimedResult> => {
  const store = new SqliteEventStore({ path: join(dir, `ours-${clients}.db`) });
  const templates = storedTemplates(997);
  const streamId = ingestStreamOf(tenant);
  try {
    return await runTimed(clients, timing, step, async (_client, n) => {
      await store.append(streamId, batchOf(templates, n, size), { expectedVersion: 'any' });
      return size;
    });
  } finally {
    await store.close();
  }
};

/**
 * The store as the API opens it (`openEventStore`: the GDPR layer sealing each event's personal fields under
 * per-person keys, then upcasting), `clients` concurrent appenders: the HTTP row minus HTTP and validation.
 */
export const measureApiStore = async (
  dir: string,
  tenant: string,
  clients: number,
  size: number,
  timing: Pick<Timing, 'warmupMs' | 'durationMs'>,
  step: ProgressStep,
): Promise<TimedResult> => {
  const store = await openEventStore({ eventStore: 'sqlite', dataDir: join(dir, `api-store-${clients}`) });
  const templates = storedTemplates(997);
  const streamId = ingestStreamOf(tenant);
  try {
    return await runTimed(clients, timing, step, async (_client, n) => {
      await store.append(streamId, batchOf(templates, n, size), { expectedVersion: 'any' });
      return size;
    });
  } finally {
    await store.close();
  }
};

/** Plain better-sqlite3 on the same schema: one prepared INSERT run `size` times per transaction. */
export const measureRawSqlite = async (
  dir: string,
  tenant: string,
  size: number,
  timing: Pick<Timing, 'warmupMs' | 'durationMs'>,
  step: ProgressStep,
): Promise<TimedResult> => {
  const raw = new RawSqliteBatches(join(dir, 'raw.db'), tenant, ingestStreamOf(tenant));
  const templates = storedTemplates(997);
  try {
    return await runTimed(1, timing, step, async (_client, n) => {
      raw.appendBatch(batchOf(templates, n, size));
      return size;
    });
  } finally {
    raw.close();
  }
};
