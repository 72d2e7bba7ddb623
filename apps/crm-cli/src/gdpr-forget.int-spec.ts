import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import type { AppConfig } from '@crm/platform/config/app-config';
import { eventually, readTopic, testKafka, testTopics, uniqueName } from '@crm/messaging/testing/kafka-test-kit';
import { SQLITE_DATA_KEYS_FILE } from '@crm/privacy/data-key-store.factory';
import { IDENTIFIER_PROFILES_VIEW } from '@crm/privacy/directory/identifier-directory';
import { projectionProgress } from '@crm/privacy/forget/projection-progress';
import type { ForgetResult } from '@crm/privacy/forget/forget-person';
import type { PersonExport } from '@crm/privacy/export/export-person';
import { GDPR_TEST_PEOPLE } from '@crm/privacy/testing/gdpr-test-projections';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { createReadModelStore } from '@crm/projections/read-model.factory';
import { loadProjectionCatalog } from '@crm/wiring/extra-projections';
import { openEventStore } from '@crm/wiring/open-event-store';
import { identifierKeyOf, loadPseudonymizer, openDataKeyStore } from '@crm/wiring/open-privacy';
import { loadStoreConfig } from '@crm/wiring/store-config';
import { startApi, type RunningApi } from '../../../tools/bench/http/api-process';
import { crmJson, finished, PROJECTOR_MAIN, repoRoot, runCrm, spawnTs } from '../../../test/fixtures/crm-process';
import {
  allFiles,
  containsAny,
  dumpReadModels,
  filesMatching,
  postgresStack,
  sqliteStack,
  type Row,
} from './testing/gdpr-e2e';
import { relayToHead } from '@crm/messaging/testing/relay-to-head';

// The GDPR acceptance test (issue 9) on the real processes: crm-api ingests a person with distinctive
// values in two tenants, crm-projector builds the read models, `crm forget` forgets the person in acme.
// Afterwards the clear values must be nowhere for acme — files under DATA_DIR, read-model tables,
// replay, relay messages, API answers — while globex's identical values are untouched, and a rebuild
// still shows the person forgotten with the counts intact.

const GDPR_PROJECTIONS = join(repoRoot, 'libs/privacy/src/testing/gdpr-extra-projections.ts');

// In both tenants.
const EMAIL = 'zebulon.quattlebaum@example.com';
const PHONE = '+33698765432';
const NAME = 'Zebulonius';
const TEXT = 'my parcel with the purple giraffe never arrived';
const SHARED = [EMAIL, PHONE, NAME, TEXT];
// Only in acme: a file may hold globex's copy of the shared values, never these.
const ACME_EMAIL = 'zq.private-inbox@example.org';
const ACME_NOTE = 'flamingo-shaped birthmark, call after six';
const ACME_ONLY = [ACME_EMAIL, ACME_NOTE];
// Another person of acme, who is not forgotten.
const OTHER_NAME = 'Bartholomeus';

const KEYS = {
  acme: 'gdpr-test-acme-key-000000000001',
  globex: 'gdpr-test-globex-key-00000000001',
};
const API_KEYS = JSON.stringify([
  { key: KEYS.acme, tenant: 'acme', scopes: ['events:write', 'read', 'ops'] },
  { key: KEYS.globex, tenant: 'globex', scopes: ['events:write', 'read', 'ops'] },
]);

const at = (minute: number): string => new Date(Date.UTC(2025, 2, 14, 9, minute)).toISOString();
const personEvents = (): Record<string, unknown>[] => [
  {
    eventId: randomUUID(),
    type: 'identify',
    occurredAt: at(0),
    subject: { identifiers: { customerId: 'cus_zq', email: EMAIL, phone: PHONE } },
    channel: 'web',
    properties: { traits: { firstName: NAME, country: 'FR' } },
  },
  {
    eventId: randomUUID(),
    type: 'ticket.opened',
    occurredAt: at(1),
    subject: { identifiers: { email: EMAIL } },
    channel: 'chat',
    properties: { ticketId: 'tk_1', priority: 'high', subject: TEXT },
  },
  ...[1, 2].map((n) => ({
    eventId: randomUUID(),
    type: 'purchase.completed',
    occurredAt: at(2 + n),
    subject: { identifiers: { customerId: 'cus_zq', email: EMAIL } },
    channel: 'web',
    properties: {
      orderId: `ord_${n}`,
      amount: 20,
      currency: 'EUR',
      items: [{ sku: 'S1', quantity: 1, unitPrice: 20 }],
    },
  })),
];
const acmeOnlyEvents = (): Record<string, unknown>[] => [
  {
    eventId: randomUUID(),
    type: 'ticket.opened',
    occurredAt: at(10),
    subject: { identifiers: { customerId: 'cus_zq', email: ACME_EMAIL } },
    channel: 'email',
    properties: { ticketId: 'tk_2', priority: 'low', subject: ACME_NOTE },
  },
  {
    eventId: randomUUID(),
    type: 'identify',
    occurredAt: at(11),
    subject: { identifiers: { email: 'bart.other@example.net' } },
    properties: { traits: { firstName: OTHER_NAME } },
  },
];

/** The person's data-key bytes, read straight from the key store's table (SQLite file or PostgreSQL). */
const rawDataKeys = async (config: AppConfig, tenantId: string, keyIds: readonly string[]): Promise<Buffer[]> => {
  if (config.eventStore !== 'postgres') {
    const db = new Database(join(config.dataDir, SQLITE_DATA_KEYS_FILE), { readonly: true });
    try {
      return db
        .prepare<[string, string], { data_key: Buffer }>(
          'SELECT data_key FROM person_keys WHERE tenant_id = ? AND key_id IN (SELECT value FROM json_each(?))',
        )
        .all(tenantId, JSON.stringify(keyIds))
        .map((r) => r.data_key);
    } finally {
      db.close();
    }
  }
  const client = new Client({ connectionString: config.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ data_key: Buffer }>(
      'SELECT data_key FROM crm_privacy.person_keys WHERE tenant_id = $1 AND key_id = ANY($2::text[])',
      [tenantId, keyIds],
    );
    return rows.map((r) => r.data_key);
  } finally {
    await client.end();
  }
};

describe.each([sqliteStack('crm-gdpr'), postgresStack('crm-gdpr')])('GDPR forget, end to end ($name)', (stack) => {
  it('forgets the person in acme everywhere, keeps globex untouched, and stays forgotten after a rebuild', async () => {
    await stack.run(async (storeEnv) => {
      const env: NodeJS.ProcessEnv = {
        ...storeEnv,
        CRM_EXTRA_PROJECTIONS_MODULE: GDPR_PROJECTIONS,
        LOG_LEVEL: 'silent',
      };
      const config = loadStoreConfig(env);
      const dataDir = config.dataDir;
      let api: RunningApi | undefined;
      const projector = spawnTs(PROJECTOR_MAIN, [], env);
      const projectorExit = finished(projector, 600_000);
      let rm: ReadModelStore | undefined;
      try {
        // ── given: the person in both tenants (through the real API), the read models built ──────────
        api = await startApi({
          ...(storeEnv as Record<string, string>),
          CRM_API_KEYS: API_KEYS,
          PROJECTIONS: 'external',
          LOG_LEVEL: 'silent',
        });
        const call = async (tenant: 'acme' | 'globex', method: string, path: string, body?: unknown) => {
          const response = await fetch(`${api!.url}${path}`, {
            method,
            headers: {
              authorization: `Bearer ${KEYS[tenant]}`,
              ...(body !== undefined && { 'content-type': 'application/json' }),
            },
            ...(body !== undefined && { body: JSON.stringify(body) }),
          });
          return { status: response.status, text: await response.text() };
        };
        for (const [tenant, events] of [
          ['acme', [...personEvents(), ...acmeOnlyEvents()]],
          ['globex', personEvents()],
        ] as const) {
          const answer = await call(tenant, 'POST', '/v1/events', events);
          expect(answer.status).toBe(200);
        }
        rm = await createReadModelStore(config);
        const catalog = await loadProjectionCatalog(env, { pseudonymizer: await loadPseudonymizer(config) });
        const store: EventStore = await openEventStore(config);
        const head = await store.headPosition();
        await store.close();
        await eventually(
          async () => {
            const progress = await projectionProgress(
              rm!,
              catalog.map((p) => p.name),
              head,
            ).catch(() => []);
            return progress.length === catalog.length && progress.every((p) => p.reached) ? true : undefined;
          },
          'read models caught up',
          120_000,
        );

        const keyOf = identifierKeyOf(await loadPseudonymizer(config));
        const [{ profile_id: profileId }] = (await rm.query<{ profile_id: string }>(
          `SELECT profile_id FROM ${IDENTIFIER_PROFILES_VIEW} WHERE tenant_id = ? AND identifier_key = ?`,
          ['acme', keyOf('acme', 'email', EMAIL)],
        )) as [{ profile_id: string }];
        const acmeKeys = (
          await rm.query<{ identifier_key: string }>(
            `SELECT identifier_key FROM ${IDENTIFIER_PROFILES_VIEW} WHERE tenant_id = ? AND profile_id = ?`,
            ['acme', profileId],
          )
        ).map((r) => r.identifier_key);
        expect(acmeKeys).toHaveLength(4); // customerId, email, phone, the acme-only email

        // Controls, so that every "nowhere" below can fail: the clear values did reach the read models
        // and the API; the event store never held them, not even before the forget.
        const before = await dumpReadModels(rm);
        const acmePeopleBefore = before.filter(
          (r) => String(r.table).startsWith(GDPR_TEST_PEOPLE) && r.tenant_id === 'acme',
        );
        expect(containsAny(JSON.stringify(acmePeopleBefore), [...SHARED, ...ACME_ONLY])).toEqual([
          ...SHARED,
          ...ACME_ONLY,
        ]);
        const exportedBefore = await call('acme', 'GET', `/v1/ops/profiles/${profileId}/export`);
        expect(exportedBefore.status).toBe(200);
        expect(containsAny(exportedBefore.text, [...SHARED, ...ACME_ONLY])).toEqual([...SHARED, ...ACME_ONLY]);
        expect(containsAny(filesMatching(dataDir, /events\.db/), [...SHARED, ...ACME_ONLY])).toEqual([]);
        const dataKeys = await rawDataKeys(config, 'acme', acmeKeys);
        expect(dataKeys).toHaveLength(4);

        // ── when: acme forgets the person, twice ─────────────────────────────────────────────────────
        const forgotten = await crmJson<ForgetResult>(['forget', '--tenant', 'acme', '--profile', profileId], env);
        expect(forgotten).toMatchObject({
          complete: true,
          alreadyForgotten: false,
          keysDeleted: 4,
          event: { appended: true },
        });
        // it waited for the read models that handle PersonForgotten, the person read model among them
        expect(forgotten.projections.map((p) => p.name)).toContain('gdpr-test-people');
        expect(forgotten.projections.every((p) => p.reached)).toBe(true);
        const again = await crmJson<ForgetResult>(['forget', '--tenant', 'acme', '--profile', profileId], env);
        expect(again).toMatchObject({
          complete: true,
          alreadyForgotten: true,
          keysDeleted: 0,
          event: { appended: false },
        });

        // ── then: nowhere for acme ──────────────────────────────────────────────────────────────────
        // Files under DATA_DIR: no acme-only value anywhere; no value at all in the store or key files;
        // no byte of the person's data keys.
        const files = allFiles(dataDir);
        expect(containsAny(files, ACME_ONLY)).toEqual([]);
        expect(containsAny(filesMatching(dataDir, /events\.db|secrets/), SHARED)).toEqual([]);
        for (const key of dataKeys) expect(files.includes(key.toString('latin1'))).toBe(false);
        expect(await rawDataKeys(config, 'acme', acmeKeys)).toEqual([]);
        const keysAfter = await openDataKeyStore(config);
        expect(await keysAfter.describe('acme', acmeKeys)).toEqual([]);
        await keysAfter.close();

        // Read-model tables: acme's rows hold no clear value of the person; globex's and acme's other person keep theirs.
        const after = await dumpReadModels(rm);
        const acmeRows = JSON.stringify(after.filter((r) => r.tenant_id === 'acme'));
        expect(containsAny(acmeRows, [...SHARED, ...ACME_ONLY])).toEqual([]);
        expect(acmeRows).toContain(OTHER_NAME);
        expect(containsAny(JSON.stringify(after), ACME_ONLY)).toEqual([]);
        expect(containsAny(JSON.stringify(after.filter((r) => r.tenant_id === 'globex')), SHARED)).toEqual(SHARED);
        const counts = (rows: Row[]) =>
          rows
            .filter(
              (r) =>
                String(r.table).startsWith(GDPR_TEST_PEOPLE) &&
                r.tenant_id === 'acme' &&
                acmeKeys.includes(String(r.identifier_key)),
            )
            .map((r) => [r.identifier_key, Number(r.events), Number(r.orders)])
            .sort();
        expect(counts(after)).toEqual(counts(before));

        // Replay: acme's log reads redacted, globex's in clear.
        const acmeReplay = await runCrm(['replay', '--tenant', 'acme', '--from', '1'], env);
        expect(acmeReplay.code).toBe(0);
        expect(containsAny(acmeReplay.stdout, [...SHARED, ...ACME_ONLY])).toEqual([]);
        expect(acmeReplay.stdout).toContain('"type":"PersonForgotten"');
        expect(acmeReplay.stdout).toContain(OTHER_NAME);
        const globexReplay = await runCrm(['replay', '--tenant', 'globex', '--from', '1'], env);
        expect(containsAny(globexReplay.stdout, SHARED)).toEqual(SHARED);

        // API answers: the export says forgotten and holds no clear value; HTTP forget is idempotent too;
        // globex cannot reach acme's profile, and its own person is intact.
        const exportedAfter = await call('acme', 'GET', `/v1/ops/profiles/${profileId}/export`);
        expect(exportedAfter.status).toBe(200);
        expect(containsAny(exportedAfter.text, [...SHARED, ...ACME_ONLY])).toEqual([]);
        const exported = JSON.parse(exportedAfter.text) as PersonExport;
        expect(exported.status).toBe('forgotten');
        expect(exported.identifiers.map((i) => i.value)).toEqual([null, null, null, null]);
        expect(exported.events.length).toBeGreaterThanOrEqual(6);
        const cliExport = await runCrm(['export', '--tenant', 'acme', '--profile', profileId], env);
        expect(cliExport.code).toBe(0);
        expect(containsAny(cliExport.stdout, [...SHARED, ...ACME_ONLY])).toEqual([]);
        const httpForget = await call('acme', 'POST', '/v1/ops/forget', { profileId });
        expect([httpForget.status, JSON.parse(httpForget.text).alreadyForgotten]).toEqual([200, true]);
        expect((await call('globex', 'POST', '/v1/ops/forget', { profileId })).status).toBe(404);
        expect((await call('globex', 'GET', `/v1/ops/profiles/${profileId}/export`)).status).toBe(404);
        const [{ profile_id: globexProfile }] = (await rm.query<{ profile_id: string }>(
          `SELECT profile_id FROM ${IDENTIFIER_PROFILES_VIEW} WHERE tenant_id = ? AND identifier_key = ?`,
          ['globex', keyOf('globex', 'email', EMAIL)],
        )) as [{ profile_id: string }];
        const globexExport = await call('globex', 'GET', `/v1/ops/profiles/${globexProfile}/export`);
        expect(containsAny(globexExport.text, SHARED)).toEqual(SHARED);

        // The outbound relay, from the start of the log, after the forget: acme's messages are redacted.
        if (stack.kind === 'sqlite') {
          const kafka = testKafka();
          const topics = await testTopics(kafka);
          const prefix = `${uniqueName('test.gdpr')}.`;
          topics.track(`${prefix}customerEvents`, `${prefix}gdpr`);
          const relayStore = await openEventStore(config);
          try {
            await relayToHead(relayStore, rm, { KAFKA_RELAY_TOPIC_PREFIX: prefix }, 'test-gdpr-relay');
          } finally {
            await relayStore.close();
          }
          const messages = await readTopic(kafka, `${prefix}customerEvents`);
          const byTenant = (tenant: string) =>
            messages
              .filter((m) => m.headers.tenant === tenant)
              .map((m) => m.value!.toString())
              .join('\n');
          expect(containsAny(byTenant('acme'), [...SHARED, ...ACME_ONLY])).toEqual([]);
          expect(containsAny(byTenant('globex'), SHARED)).toEqual(SHARED);
          expect((await readTopic(kafka, `${prefix}gdpr`)).map((m) => m.headers['event-type'])).toEqual([
            'PersonForgotten',
          ]);
          await topics.cleanUp();
        }

        // ── and after a rebuild of every read model, the person is still forgotten, counts intact ────
        const rebuilt = await runCrm(['projections', 'rebuild', '--all', '--json'], env, 240_000);
        expect(rebuilt.code).toBe(0);
        const rebuiltRows = await dumpReadModels(rm);
        expect(
          containsAny(JSON.stringify(rebuiltRows.filter((r) => r.tenant_id === 'acme')), [...SHARED, ...ACME_ONLY]),
        ).toEqual([]);
        expect(containsAny(JSON.stringify(rebuiltRows.filter((r) => r.tenant_id === 'globex')), SHARED)).toEqual(
          SHARED,
        );
        expect(counts(rebuiltRows).map(([, events, orders]) => [events, orders])).toEqual(
          counts(before).map(([, events, orders]) => [events, orders]),
        );
      } finally {
        await rm?.close();
        await api?.stop();
        projector.kill('SIGTERM');
        await projectorExit.catch(() => undefined);
      }
    });
  }, 600_000);
});
