import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { openStoreForTest } from '../../../../test/fixtures/open-store-for-test';
import { dropSchema, testDatabaseUrl, uniqueSchema } from '../testing/postgres-test-db';
import type { AppendResult, ExpectedVersion, NewEvent, RecordedEvent } from '../port/event-store.port';

interface Intent {
  batchId: string;
  streamId: string;
  expectedVersion: ExpectedVersion;
  events: NewEvent[];
}
type Line = { ready: true } | { intent: Intent } | { ack: { batchId: string; result: AppendResult } };

const WRITER = resolve(__dirname, '../../../../test/fixtures/crash-writer.ts');

/** Runs the writer until it has acked `acksBeforeKill` batches, then SIGKILLs it mid-flight. */
const runAndKill = async (env: NodeJS.ProcessEnv, acksBeforeKill: number) => {
  const intentsFile = join(mkdtempSync(join(tmpdir(), 'crm-crash-intents-')), 'intents.ndjson');
  const child = spawn(process.execPath, ['-r', '@swc-node/register', WRITER], {
    env: { ...process.env, ...env, INTENTS_FILE: intentsFile },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const acks = new Map<string, AppendResult>();
  const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, signal) => done(signal)));
  for await (const text of createInterface({ input: child.stdout })) {
    const line = JSON.parse(text) as Line;
    if ('ack' in line) acks.set(line.ack.batchId, line.ack.result);
    if (acks.size >= acksBeforeKill && !child.killed) child.kill('SIGKILL');
  }
  expect(await exited).toBe('SIGKILL');
  // Every intent was written before its append began (complete lines only: the kill may cut the last one,
  // whose batch was then never appended).
  const intents = new Map<string, Intent>();
  const text = readFileSync(intentsFile, 'utf8');
  for (const line of text.slice(0, text.lastIndexOf('\n') + 1).split('\n')) {
    if (line === '') continue;
    const parsed = JSON.parse(line) as Line;
    if ('intent' in parsed) intents.set(parsed.intent.batchId, parsed.intent);
  }
  rmSync(dirname(intentsFile), { recursive: true, force: true });
  return { intents, acks };
};

const readEverything = async (store: Awaited<ReturnType<typeof openStoreForTest>>): Promise<RecordedEvent[]> => {
  const all: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readAll({ fromPosition: (all[all.length - 1]?.position ?? 0) + 1, limit: 5000 });
    if (page.length === 0) return all;
    all.push(...page);
  }
};

const crashSuite = (name: string, env: () => NodeJS.ProcessEnv, cleanup: () => Promise<void>): void => {
  describe(`${name}: kill -9 of a writer during concurrent batch appends`, () => {
    afterAll(cleanup);

    it('keeps every acked event, no partial batch, contiguous positions; retries give the original positions', async () => {
      const { intents, acks } = await runAndKill({ ...env(), LOSE_REPLY_EVERY: '7' }, 400);
      const store = await openStoreForTest({ ...process.env, ...env() });
      try {
        const all = await readEverything(store);

        // Contiguous positions 1..head.
        all.forEach((e, i) => expect(e.position).toBe(i + 1));
        expect(await store.headPosition()).toBe(all.length);

        // No partial batch: every batch in the log has all of its events, in order, consecutively.
        const byBatch = new Map<string, RecordedEvent[]>();
        for (const e of all) {
          const id = e.data.batchId as string;
          byBatch.set(id, [...(byBatch.get(id) ?? []), e]);
        }
        for (const [batchId, events] of byBatch) {
          expect(events).toHaveLength(intents.get(batchId)!.events.length);
          events.forEach((e, i) => expect(e.position).toBe(events[0]!.position + i));
        }

        // Every acked batch is there, exactly where its ack said.
        for (const [batchId, result] of acks) {
          const events = byBatch.get(batchId);
          expect(events?.[0]?.position).toBe(result.firstPosition);
          expect(events?.[events.length - 1]?.position).toBe(result.lastPosition);
        }

        // The client retries everything it did not see acked (lost replies, and batches cut off by
        // the kill) and re-sends some acked ones: stored ones return their original positions,
        // unstored ones are appended, and nothing is stored twice.
        const unacked = [...intents.values()].filter((i) => !acks.has(i.batchId));
        const lostReplies = unacked.filter((i) => byBatch.has(i.batchId));
        expect(lostReplies.length).toBeGreaterThan(0);
        const resent = [...acks.keys()].slice(0, 50).map((id) => intents.get(id)!);
        for (const intent of [...unacked, ...resent]) {
          const result = await store.append(intent.streamId, intent.events, {
            expectedVersion: intent.expectedVersion,
          });
          const stored = byBatch.get(intent.batchId);
          if (stored) {
            expect(result.firstPosition).toBe(stored[0]!.position);
            expect(result.lastPosition).toBe(stored[stored.length - 1]!.position);
          }
        }
        const after = await readEverything(store);
        const expectedTotal = [...intents.values()].reduce((n, i) => n + i.events.length, 0);
        expect(after).toHaveLength(expectedTotal);
        expect(new Set(after.map((e) => e.eventId)).size).toBe(expectedTotal);
      } finally {
        await store.close();
      }
    });
  });
};

const dir = mkdtempSync(join(tmpdir(), 'crm-crash-'));
crashSuite(
  'sqlite',
  () => ({ TEST_STORE: 'sqlite', TEST_SQLITE_PATH: join(dir, 'events.db') }),
  async () => rmSync(dir, { recursive: true, force: true }),
);

const schema = uniqueSchema('es_crash');
crashSuite(
  'postgres',
  () => ({ TEST_STORE: 'postgres', DATABASE_URL: testDatabaseUrl(), TEST_SCHEMA: schema }),
  () => dropSchema(schema),
);
