import { randomUUID } from 'node:crypto';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import { eventually, readTopic, testKafka, testTopics, uniqueName } from '@crm/messaging/testing/kafka-test-kit';
import type { ContactExport } from '@crm/privacy/export/export-contact';
import type { ForgetContactResult } from '@crm/privacy/forget/forget-contact';
import { projectionProgress } from '@crm/privacy/forget/projection-progress';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { createReadModelStore } from '@crm/projections/read-model.factory';
import { loadProjectionCatalog } from '@crm/wiring/extra-projections';
import { openEventStore } from '@crm/wiring/open-event-store';
import { loadPseudonymizer, openDataKeyStore } from '@crm/wiring/open-privacy';
import { loadStoreConfig } from '@crm/wiring/store-config';
import { startApi, type RunningApi } from '../../../tools/bench/http/api-process';
import { crmJson, finished, PROJECTOR_MAIN, runCrm, spawnTs } from '../../../test/fixtures/crm-process';
import {
  allFiles,
  containsAny,
  dumpReadModels,
  filesMatching,
  postgresStack,
  rowsOf,
  sqliteStack,
  storeText,
  type Row,
} from './testing/gdpr-e2e';
import { relayToHead } from '@crm/messaging/testing/relay-to-head';

// The B2B GDPR acceptance test (issue 9, ADR 0009 "B2B") on the real processes: crm-api takes B2B
// commands (an account, contacts with distinctive values, a deal, its buying committee, calls whose
// notes name the contacts) in two tenants, crm-projector builds the read models, `crm forget --contact`
// forgets one contact in acme. Afterwards its clear values must be nowhere for acme — files under
// DATA_DIR, read-model tables, replay, relay messages, API answers, export — while acme's other contact
// and globex's identical contact are untouched, and a rebuild still shows the contact forgotten.

// In both tenants: the contact to forget, and the notes naming it.
const NAME = 'Zebulonius Quattlebaum';
const EMAIL = 'zebulonius.q@buyer-corp.example';
const PHONE = '+33698765432';
const TITLE = 'Chief Flamingo Officer';
const SUBJECT = 'Zebulonius wants the flamingo discount';
const SUMMARY = 'call him after six about the purple giraffe invoice';
const SHARED = [NAME, EMAIL, PHONE, TITLE, SUBJECT, SUMMARY];
// Only in acme: a file may hold globex's copy of the shared values, never these.
const ACME_PHONE = '+33611112222';
const ACME_DEPARTMENT = 'Department of Ornamental Waterfowl';
const ACME_NOTE = 'his daughter Philippa starts at the conservatoire';
// in a call.logged ingested through POST /v1/events with a B2B subject naming the contact
const ACME_CALL = 'the turquoise walrus of Zebulonius has a cough';
const ACME_ONLY = [ACME_PHONE, ACME_DEPARTMENT, ACME_NOTE, ACME_CALL];
// Another contact of acme, who is not forgotten; a note naming only them stays readable.
const OTHER_NAME = 'Bartholomeus Ostrogradsky';
const OTHER_NOTE = 'Bartholomeus approved the pilot budget';

const KEYS = {
  acme: 'gdpr-b2b-test-acme-key-00000001',
  globex: 'gdpr-b2b-test-globex-key-0000001',
};
const API_KEYS = JSON.stringify([
  { key: KEYS.acme, tenant: 'acme', scopes: ['events:write', 'read', 'ops'] },
  { key: KEYS.globex, tenant: 'globex', scopes: ['events:write', 'read', 'ops'] },
]);

describe.each([sqliteStack('crm-gdpr-b2b'), postgresStack('crm-gdpr-b2b')])(
  'GDPR forget of a B2B contact, end to end ($name)',
  (stack) => {
    it('forgets the contact in acme everywhere, keeps the other contact and globex, and stays forgotten after a rebuild', async () => {
      await stack.run(async (storeEnv) => {
        const env: NodeJS.ProcessEnv = { ...storeEnv, LOG_LEVEL: 'silent' };
        const config = loadStoreConfig(env);
        const dataDir = config.dataDir;
        let api: RunningApi | undefined;
        const projector = spawnTs(PROJECTOR_MAIN, [], env);
        const projectorExit = finished(projector, 600_000);
        let rm: ReadModelStore | undefined;
        try {
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
          const command = async (tenant: 'acme' | 'globex', method: string, path: string, body: unknown) => {
            const answer = await call(tenant, method, path, body);
            if (answer.status >= 300) throw new Error(`${method} ${path} answered ${answer.status}: ${answer.text}`);
          };

          // ── given: an account, two contacts, a deal, its committee and calls naming the contacts ────
          const seed = async (tenant: 'acme' | 'globex') => {
            const acme = tenant === 'acme';
            await command(tenant, 'POST', '/v1/b2b/accounts', { accountId: 'acc-buyer', name: 'Buyer Corp' });
            await command(tenant, 'POST', '/v1/b2b/contacts', {
              contactId: 'ct-zeb',
              name: NAME,
              email: EMAIL,
              phone: PHONE,
              title: TITLE,
              accountIds: ['acc-buyer'],
            });
            if (acme) {
              await command(tenant, 'POST', '/v1/b2b/contacts', {
                contactId: 'ct-bart',
                name: OTHER_NAME,
                title: 'CEO',
                accountIds: ['acc-buyer'],
              });
            }
            await command(tenant, 'POST', '/v1/b2b/opportunities', {
              opportunityId: 'op-1',
              accountId: 'acc-buyer',
              name: 'Fleet renewal',
              amount: 48000,
              currency: 'EUR',
            });
            await command(tenant, 'PUT', '/v1/b2b/opportunities/op-1/committee/ct-zeb', {
              role: 'champion',
              stance: 'supportive',
            });
            if (acme) {
              await command(tenant, 'PUT', '/v1/b2b/opportunities/op-1/committee/ct-bart', {
                role: 'decision-maker',
                stance: 'neutral',
              });
            }
            await command(tenant, 'POST', '/v1/b2b/interactions', {
              interactionId: 'int-1',
              kind: 'call',
              accountId: 'acc-buyer',
              opportunityId: 'op-1',
              contactId: 'ct-zeb',
              participants: acme ? [{ contactId: 'ct-bart', name: OTHER_NAME, role: 'decision-maker' }] : [],
              subject: SUBJECT,
              summary: SUMMARY,
              durationSeconds: 900,
            });
            if (!acme) return;
            await command(tenant, 'PATCH', '/v1/b2b/contacts/ct-zeb', {
              phone: ACME_PHONE,
              department: ACME_DEPARTMENT,
            });
            await command(tenant, 'POST', '/v1/b2b/interactions', {
              interactionId: 'int-2',
              kind: 'meeting',
              accountId: 'acc-buyer',
              opportunityId: 'op-1',
              contactId: 'ct-zeb',
              participants: [],
              subject: 'Family matters',
              summary: ACME_NOTE,
            });
            await command(tenant, 'POST', '/v1/b2b/interactions', {
              interactionId: 'int-3',
              kind: 'call',
              accountId: 'acc-buyer',
              opportunityId: 'op-1',
              contactId: 'ct-bart',
              participants: [],
              subject: 'Budget',
              summary: OTHER_NOTE,
            });
            const ingested = await call(tenant, 'POST', '/v1/events', [
              {
                eventId: randomUUID(),
                type: 'call.logged',
                occurredAt: new Date().toISOString(),
                subject: { accountId: 'acc-buyer', contactId: 'ct-zeb', opportunityId: 'op-1' },
                channel: 'phone',
                properties: { direction: 'inbound', durationSeconds: 120, summary: ACME_CALL },
              },
            ]);
            expect(ingested.status).toBe(200);
          };
          await seed('globex');
          await seed('acme');

          rm = await createReadModelStore(config);
          const catalog = await loadProjectionCatalog(env, { pseudonymizer: await loadPseudonymizer(config) });
          const caughtUp = async (): Promise<void> => {
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
          };
          await caughtUp();

          // Controls: the clear values reached the read models, the API and the export; the event store
          // never held them (sealed on append), not even before the forget.
          const acmeRows = (rows: Row[]) => JSON.stringify(rows.filter((r) => r.tenant_id === 'acme'));
          const before = await dumpReadModels(rm);
          // (acme's first phone was replaced by ACME_PHONE: only the log and the export still hold it)
          const current = [...SHARED, ...ACME_ONLY].filter((v) => v !== PHONE);
          expect(containsAny(acmeRows(before), [...SHARED, ...ACME_ONLY])).toEqual(current);
          const contactBefore = await call('acme', 'GET', '/v1/b2b/contacts/ct-zeb');
          expect(containsAny(contactBefore.text, [NAME, EMAIL, ACME_PHONE, TITLE])).toEqual([
            NAME,
            EMAIL,
            ACME_PHONE,
            TITLE,
          ]);
          const exportedBefore = await call('acme', 'GET', '/v1/ops/contacts/ct-zeb/export');
          expect(exportedBefore.status).toBe(200);
          expect(containsAny(exportedBefore.text, [...SHARED, ...ACME_ONLY])).toEqual([...SHARED, ...ACME_ONLY]);
          const storedBefore = await storeText(config);
          expect(storedBefore).toContain('~redacted');
          expect(containsAny(storedBefore, [...SHARED, ...ACME_ONLY, OTHER_NAME, OTHER_NOTE])).toEqual([]);

          // ── when: acme forgets the contact, twice ────────────────────────────────────────────────────
          const forgotten = await crmJson<ForgetContactResult>(
            ['forget', '--tenant', 'acme', '--contact', 'ct-zeb'],
            env,
          );
          expect(forgotten).toMatchObject({
            complete: true,
            alreadyForgotten: false,
            keysDeleted: 1,
            keyIds: ['contact:ct-zeb'],
            event: { appended: true },
          });
          // it waited for the B2B read models, which handle ContactForgotten
          expect(forgotten.projections.map((p) => p.name)).toEqual(
            expect.arrayContaining(['b2b-accounts', 'b2b-opportunities', 'b2b-timeline']),
          );
          const again = await crmJson<ForgetContactResult>(['forget', '--tenant', 'acme', '--contact', 'ct-zeb'], env);
          expect(again).toMatchObject({ complete: true, alreadyForgotten: true, keysDeleted: 0 });

          // ── then: nowhere for acme ──────────────────────────────────────────────────────────────────
          // Files under DATA_DIR: no acme-only value anywhere; no value at all in the store or key files.
          expect(containsAny(allFiles(dataDir), ACME_ONLY)).toEqual([]);
          expect(containsAny(filesMatching(dataDir, /events\.db|secrets/), SHARED)).toEqual([]);
          expect(containsAny(await storeText(config), [...SHARED, ...ACME_ONLY])).toEqual([]);
          const keysAfter = await openDataKeyStore(config);
          expect(await keysAfter.describe('acme', ['contact:ct-zeb'])).toEqual([]);
          expect(await keysAfter.describe('globex', ['contact:ct-zeb'])).toHaveLength(1);
          await keysAfter.close();

          // Read-model tables: acme's rows hold no clear value of the contact; the other contact and its
          // note, and globex's identical contact, are intact; the forgotten contact is still counted.
          const after = await dumpReadModels(rm);
          expect(containsAny(acmeRows(after), [...SHARED, ...ACME_ONLY])).toEqual([]);
          expect(containsAny(acmeRows(after), [OTHER_NAME, OTHER_NOTE])).toEqual([OTHER_NAME, OTHER_NOTE]);
          expect(containsAny(JSON.stringify(after), ACME_ONLY)).toEqual([]);
          expect(containsAny(JSON.stringify(after.filter((r) => r.tenant_id === 'globex')), SHARED)).toEqual(SHARED);
          const acmeContact = rowsOf(after, 'b2b_contacts', 'acme').find((r) => r.contact_id === 'ct-zeb');
          expect(acmeContact).toMatchObject({ name: '~redacted', email: null, phone: null, title: null });
          const engagement = (rows: Row[]) =>
            rowsOf(rows, 'b2b_contact_engagement', 'acme')
              .map((r) => [r.contact_id, Number(r.interactions)])
              .sort();
          expect(engagement(after)).toEqual(engagement(before));

          // API answers: the contact reads as forgotten; the deal room, timeline and the other contact.
          const contactAfter = await call('acme', 'GET', '/v1/b2b/contacts/ct-zeb');
          expect(contactAfter.status).toBe(200);
          expect(containsAny(contactAfter.text, [...SHARED, ...ACME_ONLY])).toEqual([]);
          for (const path of [
            '/v1/b2b/opportunities/op-1',
            '/v1/b2b/accounts/acc-buyer/timeline',
            '/v1/b2b/accounts/acc-buyer',
          ]) {
            const answer = await call('acme', 'GET', path);
            expect([path, answer.status]).toEqual([path, 200]);
            expect([path, containsAny(answer.text, [...SHARED, ...ACME_ONLY])]).toEqual([path, []]);
          }
          expect((await call('acme', 'GET', '/v1/b2b/contacts/ct-bart')).text).toContain(OTHER_NAME);
          expect((await call('acme', 'GET', '/v1/b2b/accounts/acc-buyer/timeline')).text).toContain(OTHER_NOTE);

          // Replay: acme's log reads redacted (the other contact in clear), globex's in clear.
          const acmeReplay = await runCrm(['replay', '--tenant', 'acme', '--from', '1'], env);
          expect(acmeReplay.code).toBe(0);
          expect(containsAny(acmeReplay.stdout, [...SHARED, ...ACME_ONLY])).toEqual([]);
          expect(acmeReplay.stdout).toContain('"type":"ContactForgotten"');
          expect(acmeReplay.stdout).toContain(OTHER_NOTE);
          const globexReplay = await runCrm(['replay', '--tenant', 'globex', '--from', '1'], env);
          expect(containsAny(globexReplay.stdout, SHARED)).toEqual(SHARED);

          // Export: forgotten, no clear value, the events that named the contact still listed.
          const exportedAfter = await call('acme', 'GET', '/v1/ops/contacts/ct-zeb/export');
          expect(exportedAfter.status).toBe(200);
          expect(containsAny(exportedAfter.text, [...SHARED, ...ACME_ONLY])).toEqual([]);
          const exported = JSON.parse(exportedAfter.text) as ContactExport;
          expect(exported).toMatchObject({ status: 'forgotten', key: { keyId: 'contact:ct-zeb', createdAt: null } });
          expect(exported.events.map((e) => e.type)).toEqual(
            expect.arrayContaining([
              'ContactAdded',
              'ContactProfileUpdated',
              'InteractionLogged',
              'call.logged',
              'ContactForgotten',
            ]),
          );
          const cliExport = await runCrm(['export', '--tenant', 'acme', '--contact', 'ct-zeb'], env);
          expect(cliExport.code).toBe(0);
          expect(containsAny(cliExport.stdout, [...SHARED, ...ACME_ONLY])).toEqual([]);

          // Tenant isolation: globex's ops key cannot forget or export acme's contact (404, as unknown),
          // and HTTP forget is idempotent for acme.
          expect((await call('globex', 'POST', '/v1/ops/forget', { contactId: 'ct-bart' })).status).toBe(404);
          expect((await call('globex', 'GET', '/v1/ops/contacts/ct-bart/export')).status).toBe(404);
          const httpForget = await call('acme', 'POST', '/v1/ops/forget', { contactId: 'ct-zeb' });
          expect([httpForget.status, JSON.parse(httpForget.text).alreadyForgotten]).toEqual([200, true]);
          expect((await call('acme', 'POST', '/v1/ops/forget', { contactId: 'ct-zeb', profileId: 'p' })).status).toBe(
            400,
          );
          const globexExport = await call('globex', 'GET', '/v1/ops/contacts/ct-zeb/export');
          expect(containsAny(globexExport.text, SHARED)).toEqual(SHARED);

          // The outbound relay, from the start of the log, after the forget: acme's messages are redacted.
          if (stack.kind === 'sqlite') {
            const kafka = testKafka();
            const topics = await testTopics(kafka);
            const prefix = `${uniqueName('test.gdprb2b')}.`;
            const categories = ['contact', 'interaction', 'opportunity', 'account', 'customerEvents', 'gdpr'];
            topics.track(...categories.map((c) => `${prefix}${c}`));
            const relayStore = await openEventStore(config);
            try {
              await relayToHead(relayStore, rm, { KAFKA_RELAY_TOPIC_PREFIX: prefix }, 'test-gdpr-b2b-relay');
            } finally {
              await relayStore.close();
            }
            const messages = (
              await Promise.all(
                ['contact', 'interaction', 'customerEvents'].map((c) => readTopic(kafka, `${prefix}${c}`)),
              )
            ).flat();
            const byTenant = (tenant: string) =>
              messages
                .filter((m) => m.headers.tenant === tenant)
                .map((m) => m.value!.toString())
                .join('\n');
            expect(containsAny(byTenant('acme'), [...SHARED, ...ACME_ONLY])).toEqual([]);
            expect(byTenant('acme')).toContain(OTHER_NOTE);
            expect(containsAny(byTenant('globex'), SHARED)).toEqual(SHARED);
            expect((await readTopic(kafka, `${prefix}gdpr`)).map((m) => m.headers['event-type'])).toEqual([
              'ContactForgotten',
            ]);
            await topics.cleanUp();
          }

          // ── and after a rebuild of every read model, the contact is still forgotten ─────────────────
          const rebuilt = await runCrm(['projections', 'rebuild', '--all', '--json'], env, 240_000);
          expect(rebuilt.code).toBe(0);
          const rebuiltRows = await dumpReadModels(rm);
          expect(containsAny(acmeRows(rebuiltRows), [...SHARED, ...ACME_ONLY])).toEqual([]);
          expect(containsAny(acmeRows(rebuiltRows), [OTHER_NAME, OTHER_NOTE])).toEqual([OTHER_NAME, OTHER_NOTE]);
          expect(containsAny(JSON.stringify(rebuiltRows.filter((r) => r.tenant_id === 'globex')), SHARED)).toEqual(
            SHARED,
          );
          // the same rows a live forget left (a rebuild reads sealed fields as ~redacted, then applies it)
          const b2bRows = (rows: Row[]) =>
            ['b2b_contacts', 'b2b_committee_contacts', 'b2b_timeline']
              .flatMap((table) => rowsOf(rows, table, 'acme').map((r) => `${table} ${JSON.stringify(r)}`))
              .sort();
          expect(b2bRows(after).length).toBeGreaterThan(5);
          expect(b2bRows(rebuiltRows)).toEqual(b2bRows(after));
          expect(engagement(rebuiltRows)).toEqual(engagement(before));
        } finally {
          await rm?.close();
          await api?.stop();
          projector.kill('SIGTERM');
          await projectorExit.catch(() => undefined);
        }
      });
    }, 600_000);
  },
);
