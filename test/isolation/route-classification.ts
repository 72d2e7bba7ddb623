/**
 * Every route of the API, classified for the tenant-isolation suite (http-routes.int-spec.ts). The suite
 * lists the routes the running app registers and fails on any route missing here (and on entries for
 * routes that are gone), so a new route is covered from the day it lands: add ONE line below.
 *
 *   public    no key needed; must not answer with any tenant's data
 *   read      a query: needs `scope`; acme's answer never holds globex data, even with globex's ids in
 *             the path, and is the same before and after globex has data (`counterfactual`, unless the
 *             answer moves with the whole store, e.g. checkpoints); `shows: 'data'` = globex's own key
 *             sees its markers on the same URL (proof the probe reaches data)
 *   write     a command: needs `scope`; acme aimed at globex's resources (`probe`) is refused with one of
 *             `cross` (or, for the key's own namespace, succeeds there) and globex's log does not move;
 *             globex sending the same succeeds with one of `owner` (proof the probe is a valid command)
 *   operator  acts on every tenant at once (rebuilds, fault decisions): a tenant's ops key gets 403;
 *             only keys of CRM_OPERATOR_TENANTS may
 *
 * `pending`: the route's read model is not in allProjections() yet, so it may answer 503 not-caught-up;
 * its data checks start by themselves once it is (then delete the note).
 *
 * Path parameters come from PARAMS (two-tenants.fixture.ts) by name.
 */
import type { Scope } from '@crm/platform/auth/auth-context';

type Ids = Record<string, string>;

export interface WriteProbe {
  /** Defaults to the route's path with the target tenant's PARAMS. */
  url?: (ids: Ids) => string;
  body: (ids: Ids) => unknown;
  /** What acme gets when it sends the probe built from globex's ids. */
  cross: readonly number[];
  /** What globex gets when it sends the same (undefined: not replayed, with the reason in `ownerNote`). */
  owner?: readonly number[];
  ownerNote?: string;
}

export type RouteRule =
  | { access: 'public'; why: string }
  | {
      access: 'read';
      /** `any`: every valid key (whoami). */
      scope: Scope | 'any';
      /** Query string (with `?`), from the tenant's PARAMS. */
      query?: (ids: Ids) => string;
      shows: 'data' | 'aggregate';
      /** False when the answer moves with the whole store (head, checkpoints): then only markers are checked. */
      counterfactual?: boolean;
      /** Statuses an answer may have besides 200 (e.g. 503 when Kafka is not configured). */
      alsoOk?: readonly number[];
      pending?: string;
    }
  | { access: 'write'; scope: Scope; probe: WriteProbe }
  | { access: 'operator'; scope: 'ops'; body?: unknown };

const NOT_YOURS = [404, 422] as const;
const read = (
  scope: Scope | 'any',
  shows: 'data' | 'aggregate',
  extra: Partial<Extract<RouteRule, { access: 'read' }>> = {},
) => ({ access: 'read', scope, shows, ...extra }) as const;
const write = (scope: Scope, probe: WriteProbe) => ({ access: 'write', scope, probe }) as const;

/** `METHOD /path/{param}` as in the OpenAPI document. */
export const ROUTES: Readonly<Record<string, RouteRule>> = {
  // platform
  'GET /health': { access: 'public', why: 'liveness, no data' },
  'GET /health/ready': { access: 'public', why: 'readiness: lag per projection, no tenant data' },
  // Prometheus: a tenant's ops key gets its own series only; a platform operator's gets all of them.
  'GET /metrics': read('ops', 'aggregate', { counterfactual: false }),
  'GET /v1/whoami': read('any', 'aggregate'),
  'GET /v1/stats/event-counts': read('read', 'aggregate'),
  'POST /v1/events': write('events:write', {
    body: (ids) => ({
      eventId: '7d4f2c1e-0000-4000-8000-00000000c0de',
      type: 'ticket.opened',
      occurredAt: new Date().toISOString(),
      subject: { identifiers: { email: `someone@${ids.campaignId}.example` } },
      properties: { ticketId: `iso-${ids.campaignId}`, priority: 'low' },
    }),
    cross: [200], // stored in acme's own stream: the tenant is the key's, never the body's
    owner: [200],
  }),

  // B2B
  'POST /v1/b2b/accounts': write('events:write', {
    body: (ids) => ({ accountId: 'iso-subsidiary', name: 'Iso Subsidiary', parentId: ids.accountId }),
    cross: NOT_YOURS,
    owner: [201],
  }),
  'GET /v1/b2b/accounts': read('read', 'data'),
  'PATCH /v1/b2b/accounts/{accountId}': write('events:write', {
    body: () => ({ sector: 'isolation' }),
    cross: NOT_YOURS,
    owner: [200],
  }),
  'GET /v1/b2b/accounts/{accountId}': read('read', 'data'),
  'GET /v1/b2b/accounts/{accountId}/timeline': read('read', 'data'),
  'POST /v1/b2b/contacts': write('events:write', {
    body: (ids) => ({ contactId: 'iso-contact', name: 'Iso Contact', accountIds: [ids.accountId] }),
    cross: NOT_YOURS,
    owner: [201],
  }),
  'POST /v1/b2b/contacts/{contactId}/accounts': write('events:write', {
    body: () => ({ accountId: 'northwind-retail' }),
    cross: NOT_YOURS,
    owner: [200, 201],
  }),
  'PATCH /v1/b2b/contacts/{contactId}': write('events:write', {
    body: () => ({ title: 'Isolation Officer' }),
    cross: NOT_YOURS,
    owner: [200],
  }),
  'GET /v1/b2b/contacts/{contactId}': read('read', 'data'),
  'POST /v1/b2b/pipelines': write('events:write', {
    body: () => ({
      pipelineId: 'iso-pipeline',
      name: 'Iso',
      stages: ['One', 'Two'],
      wonStage: 'Won',
      lostStage: 'Lost',
    }),
    cross: [201], // a pipeline of acme's own: nothing of globex is referenced
    owner: [201],
  }),
  'POST /v1/b2b/opportunities': write('events:write', {
    body: (ids) => ({
      opportunityId: 'iso-deal',
      accountId: ids.accountId,
      name: 'Iso deal',
      amount: 1,
      currency: 'EUR',
    }),
    cross: NOT_YOURS,
    owner: [201],
  }),
  'GET /v1/b2b/opportunities': read('read', 'data'),
  'POST /v1/b2b/opportunities/{opportunityId}/stage': write('events:write', {
    body: () => ({ stage: 'Proposal' }),
    cross: NOT_YOURS,
    owner: [200],
  }),
  'POST /v1/b2b/opportunities/{opportunityId}/win': write('events:write', {
    url: () => '/v1/b2b/opportunities/fabrikam-labs-pilot/win',
    body: () => ({ amount: 18000, reason: 'Isolation' }),
    cross: NOT_YOURS,
    owner: [200],
  }),
  'POST /v1/b2b/opportunities/{opportunityId}/lose': write('events:write', {
    url: () => '/v1/b2b/opportunities/fabrikam-lab-data/lose',
    body: () => ({ reason: 'Isolation' }),
    cross: NOT_YOURS,
    owner: [200],
  }),
  'PUT /v1/b2b/opportunities/{opportunityId}/committee/{contactId}': write('events:write', {
    url: () => '/v1/b2b/opportunities/nw-fleet-analytics/committee/raj-patel',
    body: () => ({ role: 'champion', stance: 'supportive' }),
    cross: NOT_YOURS,
    owner: [200],
  }),
  'DELETE /v1/b2b/opportunities/{opportunityId}/committee/{contactId}': write('events:write', {
    url: () => '/v1/b2b/opportunities/nw-fleet-analytics/committee/ana-souza',
    body: () => ({}),
    cross: NOT_YOURS,
    owner: [200],
  }),
  'GET /v1/b2b/opportunities/{opportunityId}': read('read', 'data'),
  'POST /v1/b2b/interactions': write('events:write', {
    body: (ids) => ({
      interactionId: 'iso-call',
      kind: 'call',
      accountId: ids.accountId,
      participants: [{ name: 'Iso Person' }],
      durationSeconds: 60,
    }),
    cross: NOT_YOURS,
    owner: [201],
  }),
  'GET /v1/b2b/pipeline/summary': read('read', 'aggregate'),
  'GET /v1/b2b/pipeline/analytics': read('read', 'data', { query: () => '?groupBy=agent' }),
  'POST /v1/b2b/approvals': write('events:write', {
    body: (ids) => ({
      approvalId: 'iso-approval',
      opportunityId: ids.opportunityId,
      kind: 'contract',
      approvers: [{ approverId: 'iso.approver', role: 'legal' }],
    }),
    cross: NOT_YOURS,
    owner: [201],
  }),
  'GET /v1/b2b/approvals': read('read', 'data', { query: (ids) => `?approverId=${ids.approverId}` }),
  'POST /v1/b2b/approvals/{approvalId}/approve': write('events:write', {
    body: () => ({ approverId: 'finance.desk', comment: 'Isolation' }),
    cross: NOT_YOURS,
    owner: [200],
  }),
  'POST /v1/b2b/approvals/{approvalId}/reject': write('events:write', {
    url: () => '/v1/b2b/approvals/nw-retail-contract/reject',
    body: () => ({ approverId: 'erik.sol', comment: 'Isolation' }),
    cross: NOT_YOURS,
    owner: [200],
  }),
  'GET /v1/b2b/approvals/{approvalId}': read('read', 'data'),
  'POST /v1/b2b/opportunities/{opportunityId}/payments/schedule': write('events:write', {
    url: () => '/v1/b2b/opportunities/fabrikam-labs-pilot/payments/schedule',
    body: () => ({ instalments: [{ dueDate: '2030-01-01', amount: 18000 }] }),
    cross: NOT_YOURS,
    owner: [200, 201],
  }),
  'POST /v1/b2b/opportunities/{opportunityId}/payments': write('events:write', {
    url: () => '/v1/b2b/opportunities/contoso-mes/payments',
    body: () => ({ instalment: 3, amount: 1000, reference: 'iso' }),
    cross: NOT_YOURS,
    owner: [200, 201],
  }),

  // B2C identity and profiles (profileId: resolved by a lookup after seeding, see resolveProfileIds)
  'GET /v1/b2c/profiles/lookup': read('read', 'data', {
    query: (ids) => `?type=email&value=${encodeURIComponent(ids.email!)}`,
  }),
  'GET /v1/b2c/profiles/{profileId}': read('read', 'data'),
  // Lists what happened to the profile (types, times, merges) without ids we could mark: aggregate.
  'GET /v1/b2c/profiles/{profileId}/history': read('read', 'aggregate'),
  'POST /v1/b2c/profiles/{profileId}/unmerge': write('events:write', {
    body: (ids) => ({ identifiers: [{ type: 'email', value: ids.email }] }),
    cross: NOT_YOURS,
    ownerNote: 'unmerging is tested by the identity suite; here only: acme cannot reach globex',
  }),
  'GET /v1/b2c/identity/explain': read('read', 'aggregate', {
    query: (ids) =>
      `?type=email&value=${encodeURIComponent(ids.email!)}&otherType=customerId&otherValue=${ids.customerId}`,
  }),
  'GET /v1/b2c/identity/report': read('read', 'aggregate'),
  'GET /v1/b2c/identity/rules': read('read', 'aggregate'),
  'PUT /v1/b2c/identity/rules': write('ops', { body: () => ({}), cross: [200], owner: [200] }),
  'GET /v1/b2c/stats': read('read', 'aggregate'),

  // B2C support and campaigns
  'PUT /v1/b2c/support/sla-targets': write('ops', {
    body: () => ({ firstResponse: { defaultMinutes: 30 }, resolution: { defaultMinutes: 600 } }),
    cross: [200], // acme's own targets; globex's stay as they were (its log does not move)
    owner: [200],
  }),
  'GET /v1/b2c/support/sla-targets': read('read', 'aggregate'),
  'GET /v1/b2c/support/sla': read('read', 'aggregate'),
  'GET /v1/b2c/campaigns': read('read', 'data'),
  'GET /v1/b2c/campaigns/{campaignId}/funnel': read('read', 'data'),
  'PUT /v1/b2c/campaigns/{campaignId}/cost': write('events:write', {
    body: () => ({ amount: 100, currency: 'EUR' }),
    cross: [200], // the cost lands on acme's own campaign of that id, never on globex's
    owner: [200],
  }),
  'PUT /v1/b2c/campaign-settings': write('ops', {
    body: () => ({ conversionWindowDays: 14 }),
    cross: [200],
    owner: [200],
  }),

  // B2C segments (members are canonical profile ids; answers carry the segment id, a marker)
  'GET /v1/b2c/segments': read('read', 'data'),
  'GET /v1/b2c/segments/{segmentId}': read('read', 'data'),
  'GET /v1/b2c/segments/{segmentId}/members': read('read', 'data'),
  'PUT /v1/b2c/segments/{segmentId}': write('events:write', {
    body: () => ({ name: 'Iso buyers', rule: { field: 'orders', op: 'gte', value: 1 } }),
    cross: [200], // defines acme's own segment of that id, never globex's
    owner: [200],
  }),
  'DELETE /v1/b2c/segments/{segmentId}': write('events:write', {
    body: () => ({}),
    cross: [200, 404], // acme's own segment of that id (the PUT probe may have made it), else not found
    ownerNote: 'archiving is tested by the segments suite; here only: acme cannot reach globex',
  }),

  // GDPR (libs/privacy)
  'POST /v1/ops/forget': write('ops', {
    body: (ids) => ({ profileId: ids.profileId }),
    cross: [200, 202, 404, 422],
    ownerNote: 'forgetting is tested by the GDPR suite; here only: acme cannot reach globex',
  }),
  'GET /v1/ops/profiles/{profileId}/export': read('ops', 'aggregate', { alsoOk: [404] }),
  'GET /v1/ops/contacts/{contactId}/export': read('ops', 'aggregate', { alsoOk: [404], counterfactual: false }),
  'GET /v1/ops/employees/{employeeId}/export': read('ops', 'aggregate', { alsoOk: [404], counterfactual: false }),

  // console (libs/console)
  'GET /v1/ops/projections': read('ops', 'aggregate', { counterfactual: false }),
  'POST /v1/ops/projections/{name}/rebuild': { access: 'operator', scope: 'ops' },
  'POST /v1/ops/projections/{name}/fault-decision': { access: 'operator', scope: 'ops', body: { decision: 'skip' } },
  'GET /v1/ops/history': read('ops', 'aggregate', { counterfactual: false }),
  'GET /v1/ops/store/stats': read('ops', 'aggregate'),
  'GET /v1/ops/dead-letters': read('ops', 'aggregate', { alsoOk: [503] }),
  'POST /v1/ops/dead-letters/replay': write('ops', {
    body: () => ({ entries: ['0@0'] }),
    cross: [400, 404, 422, 503],
    ownerNote: 'needs a broker; replay is tested by the console suite',
  }),
};

/** Routes that are not API routes: documentation and the console's static files. By prefix. */
export const STATIC_PREFIXES: Readonly<Record<string, string>> = {
  '/docs': 'OpenAPI UI and document (public, no data)',
  '/console': "the web console's static files (data only through the API)",
};
