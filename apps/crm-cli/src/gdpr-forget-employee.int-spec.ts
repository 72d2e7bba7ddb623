import type { EventStore } from '@crm/event-store/port/event-store.port';
import { eventually, readTopic, testKafka, testTopics, uniqueName } from '@crm/messaging/testing/kafka-test-kit';
import type { EmployeeExport } from '@crm/privacy/export/export-employee';
import type { ForgetEmployeeResult } from '@crm/privacy/forget/forget-employee';
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
  dumpReadModels,
  filesMatching,
  postgresStack,
  rowsOf,
  sqliteStack,
  storeText,
  type Row,
} from './testing/gdpr-e2e';
import { relayToHead } from '@crm/messaging/testing/relay-to-head';

// The employee GDPR acceptance test (issue 9, ADR 0009 decision 10) on the real processes: crm-api takes
// B2B commands in two tenants — deals owned and managed by our own people, approvals they request and
// decide with comments, wins and losses with reasons, a payment with a reference — crm-projector builds
// the read models, and `crm forget --employee` forgets one sales rep in acme. Afterwards their name, and
// the free text sealed under their key, must be nowhere for acme (files under DATA_DIR, PostgreSQL rows,
// read models, API answers, replay, relay, export) while their deals keep counting under a pseudonym,
// acme's other employees and globex's identical rep are intact, and a rebuild gives the same rows.

// The rep to forget (in both tenants), spelt differently by the approval chain.
const NAME = 'Wilhelmina Fotheringay-Pinkerton';
const AS_APPROVER = 'wilhelmina  FOTHERINGAY-pinkerton';
// Free text sealed under their key: the request they wrote, the rejection they wrote, their won deal's
// close reason and its payment reference.
const REQUEST_COMMENT = 'the marmalade consortium threatens to walk away';
const REJECT_COMMENT = 'no tangerine discount beyond twelve percent';
const WIN_REASON = 'the periwinkle pilot convinced their board';
const PAYMENT_REF = 'INV-QUOKKA-7731';
const SHARED = [NAME, REQUEST_COMMENT, WIN_REASON, PAYMENT_REF];
// Only in acme (globex's rejection says something else): no file may hold it after the forget.
const ACME_ONLY = [REJECT_COMMENT];
const ALL = [...SHARED, ...ACME_ONLY];
// acme's other people and texts, which stay.
const MANAGER = 'Cornelius Brackenridge';
const OTHER_AGENT = 'Ottoline Vanderbilt-Crane';
const OTHER_APPROVER = 'finance.desk';
const APPROVE_COMMENT = 'fine by finance, ship it';
const LOSS_REASON = 'budget frozen until the albatross audit';
const KEPT = [MANAGER, OTHER_AGENT, OTHER_APPROVER, APPROVE_COMMENT, LOSS_REASON];

const KEYS = {
  acme: 'gdpr-emp-test-acme-key-000000001',
  globex: 'gdpr-emp-test-globex-key-00000001',
};
const API_KEYS = JSON.stringify([
  { key: KEYS.acme, tenant: 'acme', scopes: ['events:write', 'read', 'ops'] },
  { key: KEYS.globex, tenant: 'globex', scopes: ['events:write', 'read', 'ops'] },
]);

/** Values found in the text, whatever their case (read models keep an id as each event spelt it). */
const containsAny = (text: string, values: readonly string[]): string[] => {
  const lower = text.toLowerCase();
  return values.filter((v) => lower.includes(v.toLowerCase()));
};

describe.each([sqliteStack('crm-gdpr-employee'), postgresStack('crm-gdpr-employee')])(
  'GDPR forget of an employee, end to end ($name)',
  (stack) => {
    it('forgets the rep in acme everywhere, keeps counting their deals, keeps the others and globex, also after a rebuild', async () => {
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

          // ── given: two deals, two approval chains, a win, a loss and a payment, in both tenants ───────
          const seed = async (tenant: 'acme' | 'globex') => {
            await command(tenant, 'POST', '/v1/b2b/accounts', { accountId: 'acc-buyer', name: 'Buyer Corp' });
            const deal = (opportunityId: string, salesAgent: string) =>
              command(tenant, 'POST', '/v1/b2b/opportunities', {
                opportunityId,
                accountId: 'acc-buyer',
                name: `Deal ${opportunityId}`,
                amount: 48000,
                currency: 'EUR',
                salesAgent,
                manager: MANAGER,
                regionalOffice: 'Central',
              });
            await deal('op-1', NAME);
            await deal('op-2', OTHER_AGENT);
            await command(tenant, 'POST', '/v1/b2b/approvals', {
              approvalId: 'ap-1',
              opportunityId: 'op-1',
              kind: 'discount',
              approvers: [{ approverId: OTHER_APPROVER, role: 'finance' }],
              discountPercent: 10,
              comment: REQUEST_COMMENT,
              requestedBy: NAME,
            });
            await command(tenant, 'POST', '/v1/b2b/approvals/ap-1/approve', {
              approverId: OTHER_APPROVER,
              comment: APPROVE_COMMENT,
            });
            await command(tenant, 'POST', '/v1/b2b/approvals', {
              approvalId: 'ap-2',
              opportunityId: 'op-2',
              kind: 'discount',
              approvers: [{ approverId: AS_APPROVER, role: 'manager' }],
              discountPercent: 20,
              requestedBy: OTHER_AGENT,
            });
            await command(tenant, 'POST', '/v1/b2b/approvals/ap-2/reject', {
              approverId: AS_APPROVER,
              comment: tenant === 'acme' ? REJECT_COMMENT : 'globex says no',
            });
            await command(tenant, 'POST', '/v1/b2b/opportunities/op-1/win', { reason: WIN_REASON });
            await command(tenant, 'POST', '/v1/b2b/opportunities/op-2/lose', { reason: LOSS_REASON });
            await command(tenant, 'POST', '/v1/b2b/opportunities/op-1/payments/schedule', {
              instalments: [{ dueDate: '2030-01-31', amount: 48000 }],
            });
            await command(tenant, 'POST', '/v1/b2b/opportunities/op-1/payments', {
              instalment: 1,
              amount: 48000,
              reference: PAYMENT_REF,
            });
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

          const byAgent = async () => {
            const answer = await call('acme', 'GET', '/v1/b2b/pipeline/analytics?groupBy=agent');
            expect(answer.status).toBe(200);
            const groups = (JSON.parse(answer.text) as { groups: { key: string | null; opportunities: number }[] })
              .groups;
            return groups.map((g) => [g.key, g.opportunities]).sort();
          };
          const API_PATHS = [
            '/v1/b2b/opportunities/op-1',
            '/v1/b2b/opportunities/op-2',
            '/v1/b2b/opportunities',
            '/v1/b2b/approvals/ap-1',
            '/v1/b2b/approvals/ap-2',
            '/v1/b2b/accounts/acc-buyer/timeline',
            '/v1/b2b/accounts/acc-buyer',
            '/v1/b2b/pipeline/analytics?groupBy=agent',
            '/v1/b2b/pipeline/analytics?groupBy=manager',
            '/v1/b2b/pipeline/summary',
          ];

          // Controls: the clear values reached the read models, the API and the export; the event store
          // never held them (sealed on append).
          const acmeRows = (rows: Row[]) => JSON.stringify(rows.filter((r) => r.tenant_id === 'acme'));
          const before = await dumpReadModels(rm);
          expect(containsAny(acmeRows(before), [...ALL, ...KEPT])).toEqual([...ALL, ...KEPT]);
          const apiBefore = (await Promise.all(API_PATHS.map((path) => call('acme', 'GET', path))))
            .map((a) => a.text)
            .join('\n');
          expect(containsAny(apiBefore, ALL)).toEqual(ALL);
          const agentsBefore = await byAgent();
          expect(agentsBefore).toEqual([
            [OTHER_AGENT, 1],
            [NAME, 1],
          ]);
          const exportedBefore = await call('acme', 'GET', `/v1/ops/employees/${encodeURIComponent(NAME)}/export`);
          expect(exportedBefore.status).toBe(200);
          expect(containsAny(exportedBefore.text, ALL)).toEqual(ALL);
          const storedBefore = await storeText(config);
          expect(storedBefore).toContain('~p:');
          expect(containsAny(storedBefore, [...ALL, ...KEPT])).toEqual([]);

          // ── when: acme forgets the rep, twice ───────────────────────────────────────────────────────
          const forgotten = await crmJson<ForgetEmployeeResult>(
            ['forget', '--tenant', 'acme', '--employee', NAME],
            env,
          );
          expect(forgotten).toMatchObject({ complete: true, alreadyForgotten: false, keysDeleted: 1 });
          const pseudonym = `~p:${forgotten.employeeKey}`;
          expect(forgotten.projections.map((p) => p.name)).toEqual(
            expect.arrayContaining(['b2b-opportunities', 'b2b-timeline']),
          );
          const again = await crmJson<ForgetEmployeeResult>(
            ['forget', '--tenant', 'acme', '--employee', ` ${NAME.toUpperCase()} `],
            env,
          );
          expect(again).toMatchObject({ complete: true, alreadyForgotten: true, keysDeleted: 0 });
          expect(again.employeeKey).toBe(forgotten.employeeKey);

          // ── then: nowhere for acme ──────────────────────────────────────────────────────────────────
          // Files and stored rows: the store and key store never held the values; the read-model files
          // no longer hold acme's (globex's identical copy may be there: only the store files are checked).
          expect(containsAny(allFiles(dataDir), ACME_ONLY)).toEqual([]);
          expect(containsAny(filesMatching(dataDir, /events\.db|secrets/), ALL)).toEqual([]);
          expect(containsAny(await storeText(config), ALL)).toEqual([]);
          const keysAfter = await openDataKeyStore(config);
          expect(await keysAfter.describe('acme', forgotten.keyIds)).toEqual([]);
          await keysAfter.close();

          // Read-model tables: acme's rows hold none of it; the rep's deal counts under the pseudonym; the
          // other people and their texts, and globex, are intact.
          const after = await dumpReadModels(rm);
          expect(containsAny(acmeRows(after), ALL)).toEqual([]);
          expect(containsAny(JSON.stringify(after), ACME_ONLY)).toEqual([]);
          expect(containsAny(acmeRows(after), KEPT)).toEqual(KEPT);
          expect(acmeRows(after)).toContain(pseudonym);
          const globexRows = (rows: Row[]) => JSON.stringify(rows.filter((r) => r.tenant_id === 'globex'));
          expect(containsAny(globexRows(after), SHARED)).toEqual(SHARED);
          expect(globexRows(after)).not.toContain(pseudonym);
          const op1 = rowsOf(after, 'b2b_opportunities', 'acme').find((r) => r.opportunity_id === 'op-1');
          expect(op1).toMatchObject({ sales_agent: pseudonym, manager: MANAGER, close_reason: '~redacted' });

          // API answers: nothing of the rep; the pipeline by agent still counts their deal, by pseudonym.
          for (const path of API_PATHS) {
            const answer = await call('acme', 'GET', path);
            expect([path, answer.status]).toEqual([path, 200]);
            expect([path, containsAny(answer.text, ALL)]).toEqual([path, []]);
          }
          expect(await byAgent()).toEqual([
            [OTHER_AGENT, 1],
            [pseudonym, 1],
          ]);
          const globexApi = await call('globex', 'GET', '/v1/b2b/opportunities/op-1');
          expect(globexApi.text).toContain(NAME);

          // Replay: acme's log reads the pseudonym and redactions, globex's in clear.
          const acmeReplay = await runCrm(['replay', '--tenant', 'acme', '--from', '1'], env);
          expect(acmeReplay.code).toBe(0);
          expect(containsAny(acmeReplay.stdout, ALL)).toEqual([]);
          expect(containsAny(acmeReplay.stdout, KEPT)).toEqual(KEPT);
          expect(acmeReplay.stdout).toContain('"type":"EmployeeForgotten"');
          const globexReplay = await runCrm(['replay', '--tenant', 'globex', '--from', '1'], env);
          expect(containsAny(globexReplay.stdout, SHARED)).toEqual(SHARED);

          // Export (HTTP, by any spelling, and CLI): forgotten, nothing in clear, the events still listed.
          const exportedAfter = await call(
            'acme',
            'GET',
            `/v1/ops/employees/${encodeURIComponent(AS_APPROVER)}/export`,
          );
          expect(exportedAfter.status).toBe(200);
          expect(containsAny(exportedAfter.text, ALL)).toEqual([]);
          const exported = JSON.parse(exportedAfter.text) as EmployeeExport;
          expect(exported).toMatchObject({ status: 'forgotten', key: { createdAt: null } });
          expect(exported.events.map((e) => e.type)).toEqual(
            expect.arrayContaining([
              'OpportunityOpened',
              'OpportunityWon',
              'PaymentRecorded',
              'ApprovalRequested',
              'ApprovalStepRejected',
              'EmployeeForgotten',
            ]),
          );
          expect(Object.keys(exported.readModels).length).toBeGreaterThan(0);
          const cliExport = await runCrm(['export', '--tenant', 'acme', '--employee', NAME], env);
          expect(cliExport.code).toBe(0);
          expect(containsAny(cliExport.stdout, ALL)).toEqual([]);

          // Tenant isolation: an employee no event of the tenant names is a 404 for forget and export (acme's
          // people are looked up under globex's own pseudonyms, so globex can only reach its own), and HTTP
          // forget is idempotent.
          expect((await call('globex', 'POST', '/v1/ops/forget', { employeeId: 'Nobody Atall' })).status).toBe(404);
          expect((await call('globex', 'GET', '/v1/ops/employees/Nobody%20Atall/export')).status).toBe(404);
          const httpForget = await call('acme', 'POST', '/v1/ops/forget', { employeeId: NAME });
          expect([httpForget.status, JSON.parse(httpForget.text).alreadyForgotten]).toEqual([200, true]);
          expect((await call('acme', 'POST', '/v1/ops/forget', { employeeId: NAME, contactId: 'c' })).status).toBe(400);
          const globexExport = await call('globex', 'GET', `/v1/ops/employees/${encodeURIComponent(NAME)}/export`);
          expect(JSON.parse(globexExport.text)).toMatchObject({ status: 'active' });
          expect(containsAny(globexExport.text, SHARED)).toEqual(SHARED);

          // The outbound relay, from the start of the log, after the forget: acme's messages hold none of it.
          if (stack.kind === 'sqlite') {
            const kafka = testKafka();
            const topics = await testTopics(kafka);
            const prefix = `${uniqueName('test.gdpremp')}.`;
            const categories = ['opportunity', 'approval', 'account', 'gdpr'];
            topics.track(...categories.map((c) => `${prefix}${c}`));
            const relayStore = await openEventStore(config);
            try {
              await relayToHead(relayStore, rm, { KAFKA_RELAY_TOPIC_PREFIX: prefix }, 'test-gdpr-emp-relay');
            } finally {
              await relayStore.close();
            }
            const messages = (
              await Promise.all(['opportunity', 'approval', 'gdpr'].map((c) => readTopic(kafka, `${prefix}${c}`)))
            ).flat();
            const byTenant = (tenant: string) =>
              messages
                .filter((m) => m.headers.tenant === tenant)
                .map((m) => m.value!.toString())
                .join('\n');
            expect(containsAny(byTenant('acme'), ALL)).toEqual([]);
            expect(containsAny(byTenant('acme'), KEPT)).toEqual(KEPT);
            expect(containsAny(byTenant('globex'), SHARED)).toEqual(SHARED);
            expect((await readTopic(kafka, `${prefix}gdpr`)).map((m) => m.headers['event-type'])).toEqual([
              'EmployeeForgotten',
            ]);
            await topics.cleanUp();
          }

          // ── and after a rebuild of every read model: the same rows as the live forget left ──────────
          const rebuilt = await runCrm(['projections', 'rebuild', '--all', '--json'], env, 240_000);
          expect(rebuilt.code).toBe(0);
          const rebuiltRows = await dumpReadModels(rm);
          expect(containsAny(acmeRows(rebuiltRows), ALL)).toEqual([]);
          expect(containsAny(acmeRows(rebuiltRows), KEPT)).toEqual(KEPT);
          expect(containsAny(globexRows(rebuiltRows), SHARED)).toEqual(SHARED);
          const b2bRows = (rows: Row[]) =>
            ['b2b_opportunities', 'b2b_approvals', 'b2b_approval_steps', 'b2b_timeline', 'b2b_timeline_deals']
              .flatMap((table) => rowsOf(rows, table, 'acme').map((r) => `${table} ${JSON.stringify(r)}`))
              .sort();
          expect(b2bRows(after).length).toBeGreaterThan(5);
          expect(b2bRows(rebuiltRows)).toEqual(b2bRows(after));
          expect(await byAgent()).toEqual([
            [OTHER_AGENT, 1],
            [pseudonym, 1],
          ]);
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
