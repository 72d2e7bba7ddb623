/**
 * The cost of crypto-shredding (ADR 0009), measured against the undecorated store in the same run:
 *
 *   node -r @swc-node/register tools/bench/privacy.bench.ts [--quick]
 *
 * - append, known people: the bench:http payload (purchase.completed, 997 shoppers, customer id and
 *   email each), 100-event batches, 16 concurrent callers: SqliteEventStore vs the same store behind
 *   ProtectingEventStore + SqliteDataKeyStore (keys exist after the warm-up: one key lookup per append);
 * - append, new people: every event an identify of someone never seen (email, phone, first and last
 *   name): every append creates and fsyncs keys before the events (the worst case);
 * - read: readAll of everything in pages of 1,000, plaintext events vs sealed events decrypted.
 * Each scenario alternates the two contenders over several rounds and reports the median round, so a
 * load change on a shared machine hits both alike. Prints the figures and the ratios; writes nothing.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@crm/event-store/adapters/sqlite/sqlite-event-store';
import type { EventStore, NewEvent } from '@crm/event-store/port/event-store.port';
import { ingestStreamOf, toNewEvent } from '@crm/ingest/customer-events/stored-customer-event';
import { validateCustomerEventBatch } from '@crm/ingest/customer-events/validate-customer-events';
import { SqliteDataKeyStore } from '@crm/privacy/adapters/sqlite/sqlite-data-key-store';
import { ProtectingEventStore } from '@crm/privacy/protection/protecting-event-store';
import { hmacPseudonymizer } from '@crm/privacy/pseudonyms/pseudonymizer';
import { identifierKeyOf } from '@crm/wiring/open-privacy';
import { contractPurchase } from './http/customer-event-payload';
import { runTimed, type TimedResult } from './scenarios/timed-loop';

const quick = process.argv.includes('--quick');
const TIMING = quick ? { warmupMs: 300, durationMs: 1000 } : { warmupMs: 500, durationMs: 2500 };
const ROUNDS = quick ? 1 : 5;
const CLIENTS = 16;
const BATCH = 100;
const TENANT = 'bench';
const silentStep = { setFraction: () => undefined, setDetail: () => undefined, done: () => undefined };

const stored = (bodies: Record<string, unknown>[]): NewEvent[] => {
  const validation = validateCustomerEventBatch(bodies);
  if (!validation.ok) throw new Error(`bench payload is invalid: ${JSON.stringify(validation.problem)}`);
  return validation.events.map((e) => toNewEvent(e, { source: 'http', actor: 'bench', correlationId: 'bench' }));
};

const purchases = stored(Array.from({ length: 997 }, (_, n) => contractPurchase(n)));
const newPerson = (n: number): Record<string, unknown> => ({
  eventId: randomUUID(),
  type: 'identify',
  occurredAt: new Date(Date.UTC(2025, 0, 6) + n * 1000).toISOString(),
  subject: {
    identifiers: {
      email: `new.${n}.${randomUUID().slice(0, 8)}@example.com`,
      phone: `+3361${String(n % 1e7).padStart(7, '0')}`,
    },
  },
  channel: 'web',
  properties: { traits: { firstName: `First${n}`, lastName: `Last${n}`, country: 'FR' } },
});

const batchOf = (templates: readonly NewEvent[], n: number): NewEvent[] =>
  Array.from({ length: BATCH }, (_, i) => ({
    ...templates[(n * BATCH + i) % templates.length]!,
    eventId: randomUUID(),
  }));

interface Stores {
  raw: EventStore;
  protectedStore: EventStore;
  close(): Promise<void>;
}

const open = (dir: string, name: string): Stores => {
  const raw = new SqliteEventStore({ path: join(dir, `${name}-raw.db`) });
  const inner = new SqliteEventStore({ path: join(dir, `${name}-protected.db`) });
  const keys = new SqliteDataKeyStore(join(dir, `${name}-keys.db`));
  const protectedStore = new ProtectingEventStore(inner, keys, identifierKeyOf(hmacPseudonymizer(Buffer.alloc(32, 1))));
  return { raw, protectedStore, close: async () => void (await Promise.all([raw.close(), protectedStore.close()])) };
};

const appendLoop = (store: EventStore, batch: (n: number) => NewEvent[], clients = CLIENTS): Promise<TimedResult> =>
  runTimed(clients, TIMING, silentStep, async (_client, n) => {
    await store.append(ingestStreamOf(TENANT), batch(n), { expectedVersion: 'any' });
    return BATCH;
  });

const readEverything = async (store: EventStore): Promise<{ rate: number; events: number }> => {
  const started = performance.now();
  let events = 0;
  for (let from = 1; ;) {
    const page = await store.readAll({ fromPosition: from, limit: 1000 });
    if (page.length === 0) break;
    events += page.length;
    from = page[page.length - 1]!.position + 1;
  }
  return { rate: events / ((performance.now() - started) / 1000), events };
};

const median = <T extends { rate: number }>(results: T[]): T =>
  [...results].sort((a, b) => a.rate - b.rate)[Math.floor(results.length / 2)]!;

/** Both contenders, alternately, ROUNDS times each; the median round of each. */
const alternate = async <T extends { rate: number }>(
  plain: () => Promise<T>,
  protectedRun: () => Promise<T>,
): Promise<[T, T]> => {
  const a: T[] = [];
  const b: T[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    a.push(await plain());
    b.push(await protectedRun());
  }
  return [median(a), median(b)];
};

const line = (label: string, r: { rate: number; latency?: TimedResult['latency'] }): string =>
  `  ${label.padEnd(34)} ${Math.round(r.rate).toLocaleString('en-US').padStart(9)} ev/s` +
  (r.latency ? `   p50 ${r.latency.p50.toFixed(2)} ms  p99 ${r.latency.p99.toFixed(2)} ms` : '');

const report = (title: string, plain: { rate: number }, protectedResult: { rate: number }): void => {
  process.stdout.write(
    `${title}\n${line('plain store', plain)}\n${line('protected', protectedResult)}\n` +
      `  ratio protected/plain: ${(protectedResult.rate / plain.rate).toFixed(2)}\n`,
  );
};

const main = async (): Promise<void> => {
  const dir = mkdtempSync(join(tmpdir(), 'crm-bench-privacy-'));
  const known = open(dir, 'known');
  const fresh = open(dir, 'fresh');
  try {
    process.stdout.write(
      `privacy bench (${quick ? 'quick' : 'full'}): ${CLIENTS} callers x ${BATCH}-event appends, SQLite, ` +
        `median of ${ROUNDS} alternating rounds, load average ${loadavg()[0]!.toFixed(1)}\n`,
    );
    report(
      'append, known people (purchase.completed)',
      ...(await alternate(
        () => appendLoop(known.raw, (n) => batchOf(purchases, n)),
        () => appendLoop(known.protectedStore, (n) => batchOf(purchases, n)),
      )),
    );

    let person = 0;
    const newPeople = (): NewEvent[] => stored(Array.from({ length: BATCH }, () => newPerson(person++)));
    report(
      'append, new people (identify, 2 keys created per event)',
      ...(await alternate(
        () => appendLoop(fresh.raw, newPeople),
        () => appendLoop(fresh.protectedStore, newPeople),
      )),
    );

    const one = (store: EventStore) => () =>
      runTimed(1, TIMING, silentStep, async () => {
        await store.append(ingestStreamOf(TENANT), [{ ...purchases[0]!, eventId: randomUUID() }]);
        return 1;
      });
    const [oneRaw, oneProtected] = await alternate(one(known.raw), one(known.protectedStore));
    process.stdout.write(
      `append, one event, one caller (latency)\n${line('plain store', oneRaw)}\n${line('protected', oneProtected)}\n`,
    );

    const [readRaw, readProtected] = await alternate(
      () => readEverything(known.raw),
      () => readEverything(known.protectedStore),
    );
    report(
      `read everything, pages of 1,000 (${readRaw.events.toLocaleString('en-US')} / ${readProtected.events.toLocaleString('en-US')} events)`,
      readRaw,
      readProtected,
    );
    process.stdout.write(`load average at the end ${loadavg()[0]!.toFixed(1)}\n`);
  } finally {
    await known.close();
    await fresh.close();
    rmSync(dir, { recursive: true, force: true });
  }
};

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
