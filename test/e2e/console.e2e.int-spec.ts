import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { RegisterAccount } from '@crm/b2b/accounts/register-account/register-account.command';
import { localB2bDispatcher } from '@crm/b2b/b2b-command-handlers';
import { OpenOpportunity } from '@crm/b2b/opportunities/open-opportunity/open-opportunity.command';
import { DEFAULT_PIPELINE_ID } from '@crm/b2b/pipelines/default-pipeline';
import { seedDemo } from '@crm/b2b/demo/seed-demo';
import { seedDeadLetters } from '@crm/console/testing/dead-letter-fixtures';
import { testBrokers, testKafka, testTopics, uniqueName, type TestTopics } from '@crm/messaging/testing/kafka-test-kit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SqliteEventStore } from '../../libs/event-store/src/adapters/sqlite/sqlite-event-store';
import { FAULTY_PROJECTIONS } from '../fixtures/crm-process';
import { ensureChromium, launchChromium } from './support/chromium';
import { buildConsole, startCrmApi, type CrmApiProcess } from './support/crm-api-process';
import { screenshot } from './support/screenshots';

// The web console end to end: the real crm-api (from source, on loopback) serving the built console, its
// store seeded with the demo book of business, dead letters on the real broker, and Debian's Chromium
// driven by playwright-core. Screenshots land in artifacts/screenshots/.

const DEMO_KEY = 'e2e-demo-tenant-key-000000000001';
const OPERATOR_KEY = 'e2e-platform-operator-key-000001';
const READ_ONLY_KEY = 'e2e-demo-read-only-key-000000001';
/** A tenant of its own with more accounts than one page of the list (100), so that the list pages. */
const PAGING_KEY = 'e2e-paging-tenant-read-key-00001';
const PAGING_ACCOUNTS = 130;

describe('web console in Chromium (real crm-api, store and broker)', () => {
  let dataDir: string;
  let api: CrmApiProcess;
  let browser: Browser;
  let topics: TestTopics;
  const ingestTopic = uniqueName('test.e2e.in');
  const deadLetterTopic = uniqueName('test.e2e.dlq');
  const contexts: BrowserContext[] = [];

  /** A fresh tab (its own sessionStorage), signed in with `key`. */
  const signedIn = async (key: string): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${api.baseUrl}/console`);
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    return page;
  };

  /** What has the focus: a keyboard or screen-reader user carries on from there. */
  const focused = (page: Page): Promise<{ tag: string; text: string }> =>
    page.evaluate(() => ({
      tag: document.activeElement?.tagName ?? '',
      text: document.activeElement?.textContent ?? '',
    }));

  beforeAll(async () => {
    const chromiumPath = ensureChromium();
    buildConsole();
    dataDir = mkdtempSync(join(tmpdir(), 'crm-console-e2e-'));
    const store = new SqliteEventStore({ path: join(dataDir, 'events.db') });
    try {
      const dispatcher = localB2bDispatcher(store);
      await seedDemo(dispatcher, new Date(), 'demo');
      for (let n = 1; n <= PAGING_ACCOUNTS; n++) {
        const name = `Account ${String(n).padStart(3, '0')}`;
        const profile = {
          name,
          sector: null,
          yearEstablished: null,
          revenueMillions: null,
          employees: n,
          officeLocation: null,
        };
        await dispatcher.execute(
          new RegisterAccount('paging', `acc-${n}`, profile, null, new Date().toISOString(), {
            source: 'system',
            actor: 'e2e-seed',
            idempotencyKey: `e2e-seed:acc-${n}`,
          }),
        );
      }
      // Two open deals of one account in two currencies: no total may add them up.
      for (const [opportunityId, amount, currency] of [
        ['eur-deal', 1000, 'EUR'],
        ['usd-deal', 2000, 'USD'],
      ] as const)
        await dispatcher.execute(
          new OpenOpportunity(
            'paging',
            {
              opportunityId,
              accountId: 'acc-1',
              name: `Deal in ${currency}`,
              amount,
              currency,
              pipelineId: DEFAULT_PIPELINE_ID,
              stage: null,
              expectedCloseDate: null,
              product: null,
              owner: { salesAgent: null, manager: null, regionalOffice: null },
            },
            new Date().toISOString(),
            { source: 'system', actor: 'e2e-seed', idempotencyKey: `e2e-seed:${opportunityId}` },
          ),
        );
    } finally {
      await store.close();
    }
    const kafka = testKafka();
    topics = await testTopics(kafka);
    await topics.create([ingestTopic, deadLetterTopic], 1);
    await seedDeadLetters(kafka, { deadLetters: deadLetterTopic, original: ingestTopic }, [
      {
        tenant: 'demo',
        reason: 'validation-failed',
        detail: 'Validation failed: /properties/currency must be a 3-letter code',
        value: '{"type":"purchase.completed","properties":{"currency":"euro"}}',
      },
      { tenant: 'globex', reason: 'unknown-tenant', detail: 'Tenant "globex" is not known here', value: '{}' },
      // Longer than the 16 KiB the page shows of a message.
      {
        tenant: 'demo',
        reason: 'malformed-json',
        detail: 'Unexpected end of JSON input',
        value: `{${'x'.repeat(20_000)}`,
      },
    ]);
    api = await startCrmApi({
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      CRM_API_KEYS: JSON.stringify([
        { key: DEMO_KEY, tenant: 'demo', scopes: ['events:write', 'read', 'ops'] },
        { key: OPERATOR_KEY, tenant: 'platform', scopes: ['ops'] },
        { key: READ_ONLY_KEY, tenant: 'demo', scopes: ['read'] },
        { key: PAGING_KEY, tenant: 'paging', scopes: ['read'] },
      ]),
      CRM_OPERATOR_TENANTS: 'platform',
      KAFKA_BROKERS: testBrokers().join(','),
      KAFKA_INGEST_TOPICS: ingestTopic,
      KAFKA_DLQ_TOPIC: deadLetterTopic,
      KAFKA_TENANTS: 'demo',
      // 100 ms per page of 2,000 events: a rebuild of ~100,000 events takes ~5 s instead of ~1 s.
      CRM_TEST_REBUILD_PAGE_DELAY_MS: '100',
      // Adds a `notes` projection that fails on events marked poison: a fault for the ops page to show.
      CRM_EXTRA_PROJECTIONS_MODULE: FAULTY_PROJECTIONS,
    });
    browser = await launchChromium(chromiumPath);
  }, 20 * 60_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await api?.stop();
    await topics?.cleanUp();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('given the console, when a wrong key and then the right one are entered, then it refuses, then shows the pipeline', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${api.baseUrl}/console`);
    await page.getByLabel('API key').fill('not-a-key-of-this-api-000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Unknown API key' }).waitFor();
    await page.getByLabel('API key').fill(DEMO_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Pipeline', level: 1 }).waitFor();
    expect(await page.getByText('Tenant demo').count()).toBeGreaterThan(0);
    // The key lives in this tab only: a reload keeps the session, a new tab asks again.
    await page.reload();
    await page.getByRole('heading', { name: 'Pipeline', level: 1 }).waitFor();
    await screenshot(page, '01-signed-in-board');
  });

  it('given the demo deals, then the board shows each stage with its value, and flags a deal silent past the threshold', async () => {
    const page = await signedIn(DEMO_KEY);
    const negotiation = page.getByRole('region', { name: 'Negotiation' });
    await negotiation.getByRole('link', { name: 'Fleet analytics platform' }).waitFor();
    expect(await negotiation.textContent()).toContain('180,000');
    const prospecting = page.getByRole('list', { name: 'Deals in Prospecting' });
    await prospecting.getByRole('link', { name: 'Sequencing pipeline pilot' }).waitFor();
    expect(await prospecting.getByText(/Stalled/).count()).toBe(0);
    await page.getByLabel('Pipeline figures').filter({ hasText: 'Stalled (30+ days silent)0' }).waitFor();
    // The pilot has been silent for 20 days: stalled at a 15-day threshold.
    await page.getByLabel('Stalled after (days)').fill('15');
    await page.getByLabel('Stalled after (days)').press('Enter');
    await prospecting.getByText('Stalled · 20 days silent').waitFor();
    // The figure above the board counts by the same threshold as the flags, and the address keeps it.
    await page.getByLabel('Pipeline figures').filter({ hasText: 'Stalled (15+ days silent)1' }).waitFor();
    expect(page.url()).toMatch(/#\/board\?stalled=15$/);
    // The threshold is the page's own control: changing the address with it leaves the focus in the box.
    expect(await page.getByLabel('Stalled after (days)').evaluate((box) => box === document.activeElement)).toBe(true);
    // A threshold the API would refuse is refused here, and the board stays as it was.
    await page.getByLabel('Stalled after (days)').fill('5000');
    await page.getByLabel('Stalled after (days)').press('Enter');
    await page.getByRole('alert').filter({ hasText: 'Whole days from 1 to 3650; the board still uses 15.' }).waitFor();
    expect(await prospecting.getByText('Stalled · 20 days silent').count()).toBe(1);
    await screenshot(page, '02-board-stalled');
  });

  it('given a deep link with a threshold the API would refuse, then the board says so and the address says what is in force', async () => {
    const page = await signedIn(DEMO_KEY);
    await page.goto(`${api.baseUrl}/console/#/board?stalled=99999`);
    await page
      .getByRole('alert')
      .filter({ hasText: 'The address asked for “99999” days: whole days from 1 to 3650; the board uses 30.' })
      .waitFor();
    await page.getByLabel('Pipeline figures').filter({ hasText: 'Stalled (30+ days silent)' }).waitFor();
    expect(page.url()).toMatch(/#\/board$/);
    await screenshot(page, '02b-board-refused-deep-link');
  });

  it('given a deal mid-approval, when its current approver approves from the console, then the chain moves to the next approver', async () => {
    const page = await signedIn(DEMO_KEY);
    await page.getByRole('link', { name: 'Fleet analytics platform' }).click();
    await page.getByRole('heading', { name: 'Fleet analytics platform', level: 1 }).waitFor();
    // A link opened another page: the focus is on its heading, not left on a link that is gone.
    expect(await focused(page)).toEqual({ tag: 'H1', text: 'Fleet analytics platform' });
    const history = page.getByRole('region', { name: 'Stage history' });
    expect(await history.getByRole('row').allTextContents()).toEqual([
      expect.stringContaining('Stage'),
      expect.stringContaining('Prospecting'),
      expect.stringContaining('Engaging'),
      expect.stringContaining('Proposal'),
      expect.stringContaining('Negotiation'),
    ]);
    const committee = page.getByRole('region', { name: 'Buying committee' });
    expect(await committee.getByRole('row').count()).toBe(6);
    expect(await page.getByRole('region', { name: 'Coverage gaps' }).textContent()).toContain('Olivia Hart');

    const approvals = page.getByRole('region', { name: 'Approvals' });
    await approvals.getByText('Next approver: finance.desk').waitFor();
    await screenshot(page, '03-opportunity-before-approval');
    await approvals.getByLabel('Comment').fill('Finance OK at 12 %');
    await approvals.getByRole('button', { name: 'Approve as finance.desk' }).click();
    await approvals.getByRole('button', { name: 'Approve as ceo.office' }).waitFor();
    expect(await approvals.getByText('Next approver: ceo.office').count()).toBe(1);
    const steps = await approvals.getByRole('list', { name: 'Approval steps' }).getByRole('listitem').allTextContents();
    expect(steps[1]).toMatch(/finance\.desk \(finance\): approved on .* — “Finance OK at 12 %”/);
    expect(steps[2]).toMatch(/ceo\.office \(ceo\): to decide now/);
    await screenshot(page, '04-opportunity-after-approval');

    // Someone else decides the last step first (another tab, another tool): this page's click is refused,
    // the chain reloads, and the comment typed for the step as it was is not left in the box.
    const elsewhere = await fetch(`${api.baseUrl}/v1/b2b/approvals/nw-fleet-discount/approve`, {
      method: 'POST',
      headers: { authorization: `Bearer ${DEMO_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ approverId: 'ceo.office', comment: 'Approved from the phone' }),
    });
    expect(elsewhere.status).toBe(200);
    await approvals.getByLabel('Comment').fill('late comment');
    await approvals.getByRole('button', { name: 'Approve as ceo.office' }).click();
    await approvals
      .getByRole('alert')
      .filter({ hasText: /^Not recorded: .*your comment was: “late comment”/ })
      .waitFor();
    await approvals.getByText(/Decided /).waitFor();
    expect(await approvals.getByRole('button').count()).toBe(0);
    const decided = await approvals
      .getByRole('list', { name: 'Approval steps' })
      .getByRole('listitem')
      .allTextContents();
    expect(decided[2]).toMatch(/ceo\.office \(ceo\): approved on .* — “Approved from the phone”/);

    // A won deal: its staged payments, one overdue.
    await page.getByRole('link', { name: 'Pipeline' }).first().click();
    await page.getByRole('link', { name: 'MES roll-out, two plants' }).click();
    const payments = page.getByRole('region', { name: 'Payment schedule' });
    await payments.getByRole('table').waitFor();
    expect(await payments.getByRole('row').allTextContents()).toEqual([
      expect.stringContaining('Due'),
      expect.stringMatching(/80,000.*80,000.*paid/),
      expect.stringMatching(/80,000.*30,000.*overdue/),
      expect.stringMatching(/80,000.*0.*due/),
    ]);
    await screenshot(page, '05-opportunity-payments');
  });

  it('given an account of a group, then its hierarchy and org chart are drawn as trees, with roll-ups and the timeline', async () => {
    const page = await signedIn(DEMO_KEY);
    await page.getByRole('link', { name: 'Fleet analytics platform' }).click();
    await page.getByRole('link', { name: 'northwind-logistics' }).click();
    await page.getByRole('heading', { name: 'Northwind Logistics', level: 1 }).waitFor();
    const hierarchy = page.getByRole('tree', { name: 'Account hierarchy of Northwind Holdings' });
    await hierarchy.waitFor();
    // The breadcrumbs name the parent group (its id until the hierarchy has loaded).
    await page.locator('.crumbs').getByRole('link', { name: 'Northwind Holdings' }).waitFor();
    expect(
      await hierarchy.getByRole('treeitem').evaluateAll((items) => items.map((i) => i.getAttribute('aria-label'))),
    ).toEqual(['Northwind Holdings', 'Northwind Logistics', 'Northwind Retail']);
    const org = page.getByRole('tree', { name: 'Org chart of Northwind Logistics' });
    expect(
      await org.getByRole('treeitem').evaluateAll((items) => items.map((i) => i.getAttribute('aria-label'))),
    ).toEqual(expect.arrayContaining(['Mei Lin, Chief Technology Officer', 'Tom Berg, Head of Fleet Systems']));
    const rollups = page.getByRole('table', { name: 'Roll-ups' });
    expect(await rollups.getByRole('row', { name: /Open pipeline/ }).textContent()).toContain('180,000');
    // The approval given in the previous test is on the account's timeline.
    await page
      .getByRole('list', { name: 'Timeline entries' })
      .getByText(/finance\.desk approved step 2/)
      .waitFor();
    await screenshot(page, '06-account');

    // Up the hierarchy by the drawn tree: the group's own page rolls the subsidiaries up.
    await hierarchy.getByRole('treeitem', { name: 'Northwind Holdings' }).locator('a').click();
    await page.getByRole('heading', { name: 'Northwind Holdings', level: 1 }).waitFor();
    expect(
      await page
        .getByRole('table', { name: 'Roll-ups' })
        .getByRole('row', { name: /Open pipeline/ })
        .textContent(),
    ).toMatch(/0 · 0.*2 · 244,000/);
    await screenshot(page, '07-account-group');
  });

  it('given all accounts listed, when one is opened and Back pressed, then the list still shows all accounts', async () => {
    const page = await signedIn(DEMO_KEY);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Accounts' }).click();
    const list = page.getByRole('table');
    await list.getByRole('link', { name: 'Northwind Holdings' }).waitFor();
    expect(await list.getByRole('link', { name: 'Northwind Logistics' }).count()).toBe(0);
    await page.getByLabel('Groups only (accounts without a parent)').uncheck();
    await list.getByRole('link', { name: 'Northwind Logistics' }).click();
    await page.getByRole('heading', { name: 'Northwind Logistics', level: 1 }).waitFor();
    await page.goBack();
    await list.getByRole('link', { name: 'Northwind Logistics' }).waitFor();
    expect(await page.getByLabel('Groups only (accounts without a parent)').isChecked()).toBe(false);
    expect(page.url()).toMatch(/#\/accounts\?all=1$/);
  });

  it('given more accounts than a page, when the next page is opened, then the address keeps it and Back returns to it', async () => {
    const page = await signedIn(PAGING_KEY);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Accounts' }).click();
    const list = page.getByRole('table');
    await list.getByRole('link', { name: 'Account 001' }).waitFor();
    expect(await list.getByRole('link').count()).toBe(100);
    expect(await page.getByRole('button', { name: 'First page' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Next page' }).click();
    await list.getByRole('link', { name: 'Account 101' }).waitFor();
    expect(await list.getByRole('link').count()).toBe(PAGING_ACCOUNTS - 100);
    expect(await list.getByRole('link', { name: 'Account 001' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Next page' }).count()).toBe(0);
    // The button pressed is gone on the last page: the focus is on the heading, above the new rows.
    expect(await focused(page)).toEqual({ tag: 'H1', text: 'Accounts' });
    const secondPage = page.url();
    expect(secondPage).toMatch(/#\/accounts\?after=[^&]+$/);
    await screenshot(page, '07b-accounts-second-page');

    // Out to an account and Back: the second page again, by its address.
    await list.getByRole('link', { name: 'Account 117' }).click();
    await page.getByRole('heading', { name: 'Account 117', level: 1 }).waitFor();
    await page.goBack();
    await list.getByRole('link', { name: 'Account 117' }).waitFor();
    expect(page.url()).toBe(secondPage);
    expect(await list.getByRole('link', { name: 'Account 001' }).count()).toBe(0);
    await page.getByRole('button', { name: 'First page' }).click();
    await list.getByRole('link', { name: 'Account 001' }).waitFor();
    expect(page.url()).toMatch(/#\/accounts$/);
  });

  it('given open deals in two currencies, then the board and the roll-ups show no sum across them, each deal its own', async () => {
    const page = await signedIn(PAGING_KEY);
    const figures = page.getByLabel('Pipeline figures');
    await figures.filter({ hasText: 'Open2 · mixed currencies (EUR, USD)' }).waitFor();
    const prospecting = page.getByRole('region', { name: 'Prospecting' });
    await prospecting.getByText('2 deals · mixed currencies (EUR, USD)').waitFor();
    await prospecting.getByText('2,000 USD').waitFor();
    await prospecting.getByText('1,000 EUR').waitFor();
    expect(await page.getByText('3,000').count()).toBe(0);
    await screenshot(page, '02c-board-mixed-currencies');

    await prospecting.getByRole('link', { name: 'Deal in USD' }).click();
    await page.getByRole('link', { name: 'acc-1' }).click();
    await page.getByRole('heading', { name: 'Account 001', level: 1 }).waitFor();
    const open = page.getByRole('table', { name: 'Roll-ups' }).getByRole('row', { name: /Open pipeline/ });
    await open.filter({ hasText: /2 · mixed currencies \(EUR, USD\).*2 · mixed currencies \(EUR, USD\)/ }).waitFor();
    // With no deal behind it, a figure is a plain zero.
    expect(
      await page
        .getByRole('table', { name: 'Roll-ups' })
        .getByRole('row', { name: /Won value/ })
        .textContent(),
    ).toBe('Won value00');
  });

  it('given a family tablet that merged two people, when looked up by any identifier, then the 360 and the graph say why, and unmerge splits them', async () => {
    const event = (type: string, identifiers: Record<string, string>, occurredAt: string, properties = {}) => ({
      eventId: randomUUID(),
      type,
      occurredAt,
      subject: { identifiers },
      channel: 'web',
      properties,
    });
    const order = (identifiers: Record<string, string>, orderId: string, amount: number, occurredAt: string) =>
      event('purchase.completed', identifiers, occurredAt, {
        orderId,
        amount,
        currency: 'EUR',
        items: [{ sku: 'SKU-1', quantity: 1, unitPrice: amount }],
      });
    const ingest = await fetch(`${api.baseUrl}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${DEMO_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify([
        order({ orderAccount: 'acc-mum', email: 'mum@family.example' }, 'o-mum', 80, '2026-01-15T10:00:00Z'),
        order({ orderAccount: 'acc-son', email: 'son@family.example' }, 'o-son', 20, '2026-01-16T10:00:00Z'),
        event('identify', { email: 'mum@family.example', deviceId: 'family-tablet' }, '2026-01-17T10:00:00Z'),
        event('identify', { email: 'son@family.example', deviceId: 'family-tablet' }, '2026-01-17T11:00:00Z'),
      ]),
    });
    expect(ingest.status).toBe(200);
    const { lastPosition } = (await ingest.json()) as { lastPosition: number };

    const page = await signedIn(DEMO_KEY);
    await page.goto(`${api.baseUrl}/console/#/customers?type=email&value=son%40family.example&at=${lastPosition}`);
    const graph = page.getByRole('tree', { name: /^Identity graph of / });
    await graph.waitFor();
    const figures = page.getByRole('list', { name: 'Customer figures' }).or(page.getByLabel('Customer figures'));
    expect(await figures.textContent()).toMatch(/Orders2 · 100/);
    const nodes = await graph
      .getByRole('treeitem')
      .evaluateAll((items) => items.map((i) => i.getAttribute('aria-label')));
    expect(nodes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^email: son@family\.example/),
        expect.stringMatching(/^email: mum@family\.example, /),
        expect.stringMatching(/^deviceId: family-tablet, identify 2026-01-17/),
        expect.stringMatching(/^orderAccount: acc-mum, purchase\.completed 2026-01-15/),
      ]),
    );
    await page
      .getByRole('list', { name: 'Merge history' })
      .getByText(/Merged .* rule co-sighted/)
      .first()
      .waitFor();
    await screenshot(page, '08-customer-merged');

    // Each profile id in the history opens that profile: the one merged in is gone, and says into which.
    const survivor = (await page.locator('h2.profile-id code').textContent())!;
    const mergedIn = page
      .getByRole('list', { name: 'Merge history' })
      .getByRole('listitem')
      .filter({ hasText: /Merged in: .* rule co-sighted/ })
      .getByRole('link');
    const goneId = (await mergedIn.textContent())!;
    await mergedIn.click();
    await page.getByRole('heading', { name: `Profile ${goneId}` }).waitFor();
    expect(page.url()).toContain(`#/customers?profile=${goneId}&at=${lastPosition}`);
    expect(await focused(page)).toEqual({ tag: 'H1', text: 'Customers' });
    const went = page
      .getByRole('status')
      .filter({ hasText: `This profile is no longer one of its own: Merged into ${survivor}.` });
    await went.waitFor();
    await screenshot(page, '08b-customer-merged-away');
    await went.getByRole('link', { name: survivor }).click();
    await page.getByRole('heading', { name: `Profile ${survivor}` }).waitFor();
    await page
      .getByLabel('Customer figures')
      .filter({ hasText: /Orders2 · 100/ })
      .waitFor();

    // Another lookup key finds the same person.
    await page.getByLabel('Identifier type').selectOption('deviceId');
    await page.getByLabel('Identifier value').fill('family-tablet');
    await page.getByRole('button', { name: 'Look up' }).click();
    await page.getByText('Detach email son@family.example').waitFor();

    await page.getByRole('checkbox', { name: 'Detach email son@family.example' }).check();
    await page.getByRole('checkbox', { name: 'Detach orderAccount acc-son' }).check();
    await page.getByLabel('Reason').fill('shared family tablet');
    await page.getByRole('button', { name: 'Unmerge selected' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Unmerged email son@family.example, orderAccount acc-son' })
      .waitFor();
    // The tablet stays with mum: one order left here, and the graph no longer holds the son.
    await page
      .getByLabel('Customer figures')
      .filter({ hasText: /Orders1 · 80/ })
      .waitFor();
    expect(await graph.getByRole('treeitem', { name: /son@family/ }).count()).toBe(0);
    const history = page.getByRole('list', { name: 'Merge history' });
    // Which side keeps the merged profile's id is not fixed: the other side's line reads "Split off from".
    await history
      .getByText(/(Split: pr_\S+ split off|Split off from pr_\S+) — rule unmerge, .*“shared family tablet”/)
      .waitFor();
    // The audit's note of where the other part came from is not told as her being merged away by the unmerge.
    // (Her profile id is her anchor's hash: when the merged profile was the son's, her old id comes back,
    // and its true "Merged into" of the co-sighting stays in her history.)
    expect(await history.getByText(/Merged into .*rule unmerge/).count()).toBe(0);
    await screenshot(page, '09-customer-unmerged');

    // The son, followed from the notice, is a profile of his own with his order.
    await page.getByRole('link', { name: 'Open email son@family.example' }).click();
    await page
      .getByLabel('Customer figures')
      .filter({ hasText: /Orders1 · 20/ })
      .waitFor();
    await page
      .getByRole('list', { name: 'Merge history' })
      .getByText(/(Split: pr_\S+ split off|Split off from pr_\S+) — rule unmerge/)
      .waitFor();
  });

  it('given a profile with more identifiers than the graph explains, then it opens on the anchor and marks the rest not explained', async () => {
    const cookies = Array.from({ length: 40 }, (_, i) => `ck-many-${String(i).padStart(2, '0')}`);
    const ingest = await fetch(`${api.baseUrl}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${DEMO_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(
        cookies.map((cookieId, i) => ({
          eventId: randomUUID(),
          type: 'identify',
          occurredAt: `2026-02-01T10:${String(i).padStart(2, '0')}:00Z`,
          subject: { identifiers: { customerId: 'many-1', cookieId } },
          channel: 'web',
          properties: {},
        })),
      ),
    });
    expect(ingest.status).toBe(200);
    const { lastPosition } = (await ingest.json()) as { lastPosition: number };

    const page = await signedIn(DEMO_KEY);
    await page.goto(`${api.baseUrl}/console/#/customers?type=customerId&value=many-1&at=${lastPosition}`);
    const graph = page.getByRole('tree', { name: /^Identity graph of / });
    await graph.waitFor();
    // 40 cookies besides the anchor: the first 30 are explained, one request each.
    await page.getByRole('status').filter({ hasText: '10 identifiers are not explained' }).waitFor();
    expect(await graph.getByRole('treeitem', { name: /, not explained$/ }).count()).toBe(10);
    // The cookies wrap into rows: the anchor is on screen without scrolling the page sideways.
    const anchor = await graph.getByRole('treeitem', { name: 'customerId: many-1, anchor' }).boundingBox();
    expect(anchor).not.toBeNull();
    expect(anchor!.x).toBeGreaterThanOrEqual(0);
    expect(anchor!.x + anchor!.width).toBeLessThanOrEqual(page.viewportSize()!.width);
    await screenshot(page, '09b-customer-many-identifiers');
  });

  it('given a read-only key, then deals and customers read, but no decision or unmerge is offered, and no Ops', async () => {
    const page = await signedIn(READ_ONLY_KEY);
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Pipeline', 'Accounts', 'Customers']);
    await page.getByRole('link', { name: 'Store POS integration' }).waitFor();
    await page.goto(`${api.baseUrl}/console/#/opportunities/nw-retail-pos`);
    const approvals = page.getByRole('region', { name: 'Approvals' });
    await approvals.getByText('Approving or rejecting needs the events:write scope.').waitFor();
    expect(await approvals.getByRole('button').count()).toBe(0);
    await page.goto(`${api.baseUrl}/console/#/customers?type=email&value=son%40family.example`);
    await page.getByText('Unmerging needs the events:write scope.').waitFor();
    expect(await page.getByRole('button', { name: 'Unmerge selected' }).count()).toBe(0);
    // The ops page, reached by its address, says what is missing instead of failing request by request.
    await page.goto(`${api.baseUrl}/console/#/ops`);
    await page.getByRole('alert').filter({ hasText: 'This key lacks the ops scope this page needs.' }).waitFor();
  });

  it('given a tenant’s ops key, then projections with lag, no rebuild, and only its own dead letters, which it replays', async () => {
    const page = await signedIn(DEMO_KEY);
    await page.getByRole('link', { name: 'Ops' }).click();
    const projections = page.getByRole('table', { name: 'Projections' });
    await projections.getByRole('rowheader', { name: 'b2b-opportunities' }).waitFor();
    const row = projections.getByRole('row', { name: /b2b-opportunities/ });
    expect(await row.getByRole('cell').nth(1).textContent()).toBe('running');
    expect(await page.getByRole('button', { name: 'Rebuild event-counts' }).isDisabled()).toBe(true);
    await page.getByText(/need a platform operator/).waitFor();

    const letters = page.getByRole('table', { name: 'Dead letters' });
    await letters.waitFor({ timeout: 60_000 });
    const rows = await letters.getByRole('row').allTextContents();
    expect(rows).toHaveLength(3);
    expect(rows.join()).toMatch(/validation-failed.*demo/);
    expect(rows.join()).not.toContain('globex');
    // A message longer than the page shows says it is cut.
    const cut = letters.getByRole('row', { name: new RegExp(`${deadLetterTopic}/0@2`) });
    await cut.getByText('Message', { exact: true }).click();
    await cut.getByText('Cut: the first 16,384 characters of a 20,001-byte message are shown.').waitFor();
    await screenshot(page, '10-ops-tenant');

    // A tick does not survive a change of the reason filter: what Replay sends is always on screen.
    await page.getByRole('checkbox', { name: `Choose ${deadLetterTopic}/0@2` }).check();
    await page.getByRole('button', { name: 'Replay 1 selected' }).waitFor();
    await page.getByRole('combobox', { name: /^Reason/ }).selectOption('validation-failed');
    await letters.getByRole('row').nth(2).waitFor({ state: 'detached' });
    expect(await page.getByRole('button', { name: 'Replay 0 selected' }).isDisabled()).toBe(true);
    await page.getByRole('checkbox', { name: `Choose ${deadLetterTopic}/0@0` }).check();
    await page.getByRole('button', { name: 'Replay 1 selected' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Replayed 1 dead letter(s) to ${ingestTopic}.` })
      .waitFor();
  });

  it('given the ops page, when the API stops answering, then its figures are marked last known, and live again once it answers', async () => {
    const page = await signedIn(OPERATOR_KEY);
    const projections = page.getByRole('table', { name: 'Projections' });
    await projections.getByRole('rowheader', { name: 'b2b-opportunities' }).waitFor();
    const rebuild = page.getByRole('button', { name: 'Rebuild event-counts' });
    expect(await rebuild.isDisabled()).toBe(false);
    const lastKnown = page
      .getByRole('status')
      .filter({ hasText: /^Last known at [\d:]+ UTC: the figures below could not be refreshed since\.$/ });
    expect(await lastKnown.count()).toBe(0);

    // No answer at all, as when the API process is down: every request of this tab fails at the network.
    const outage = '**/v1/**';
    await page.route(outage, (route) => route.abort('connectionrefused'));
    await lastKnown.waitFor();
    // The figures stay on screen, marked, and nothing that would act on them is offered.
    expect(await projections.getByRole('rowheader', { name: 'b2b-opportunities' }).count()).toBe(1);
    expect(await projections.getAttribute('class')).toContain('stale');
    expect(await rebuild.isDisabled()).toBe(true);
    await page
      .getByRole('region', { name: 'Ingest rate and lag' })
      .getByRole('alert')
      .filter({ hasText: 'The API did not answer' })
      .waitFor();
    await screenshot(page, '10b-ops-outage-last-known');

    await page.unroute(outage);
    await lastKnown.waitFor({ state: 'detached' });
    expect(await projections.getAttribute('class')).not.toContain('stale');
    await rebuild.and(page.locator(':enabled')).waitFor();
    await page.getByRole('region', { name: 'Ingest rate and lag' }).getByRole('alert').waitFor({ state: 'detached' });
  });

  it('given a projection stopped on a poison event, then its tenant sees why, and the operator skips it from the console', async () => {
    const store = new SqliteEventStore({ path: join(dataDir, 'events.db') });
    let poison: { eventId: string; position: number };
    try {
      await store.append('demo/note-1', [
        { eventId: randomUUID(), type: 'Noted', data: { n: 1 } },
        { eventId: randomUUID(), type: 'Noted', data: { n: 2, poison: true } },
        { eventId: randomUUID(), type: 'Noted', data: { n: 3 } },
      ]);
      poison = (await store.readStream('demo/note-1'))[1]!;
    } finally {
      await store.close();
    }
    const faultLine = `notes stopped at position ${poison.position.toLocaleString('en-US')} after 3 attempt(s)`;

    // The tenant whose event it is learns which one and why, but may not decide.
    const tenant = await signedIn(DEMO_KEY);
    await tenant.getByRole('link', { name: 'Ops' }).click();
    const tenantFaults = tenant.getByRole('list', { name: 'Faulted events' });
    await tenantFaults.getByText(faultLine).waitFor({ timeout: 60_000 });
    expect(await tenantFaults.textContent()).toContain(`event ${poison.eventId} of tenant demo — Error: poison pill`);
    expect(await tenantFaults.getByRole('button').count()).toBe(0);
    const notesRow = tenant.getByRole('table', { name: 'Projections' }).getByRole('row', { name: /^notes/ });
    expect(await notesRow.getByRole('cell').nth(1).textContent()).toBe('faulted');

    const operator = await signedIn(OPERATOR_KEY);
    await operator.getByRole('link', { name: 'Ops' }).click();
    const faults = operator.getByRole('list', { name: 'Faulted events' });
    await faults.getByText(faultLine).waitFor();
    await screenshot(operator, '11-ops-faulted');
    await faults.getByRole('button', { name: 'Skip event' }).click();
    // The decision's outcome is kept by the panel: it stays when the fault line goes.
    const decisions = operator.getByRole('list', { name: 'Fault decisions' });
    await decisions
      .getByRole('status')
      .filter({ hasText: `notes: skip recorded by api-key:` })
      .filter({ hasText: `for position ${poison.position.toLocaleString('en-US')}` })
      .waitFor();
    // The daemon picks the decision up, steps over the event and applies the one after it.
    await operator.getByText('No projection is stopped on a failing event.').waitFor({ timeout: 60_000 });
    expect(await decisions.getByText('notes: skip recorded by').count()).toBe(1);
    const row = operator.getByRole('table', { name: 'Projections' }).getByRole('row', { name: /^notes/ });
    await row
      .getByRole('cell')
      .nth(1)
      .filter({ hasText: /^running$/ })
      .waitFor();
    await row.getByRole('cell', { name: 'caught up' }).waitFor({ timeout: 30_000 });
    await screenshot(operator, '12-ops-fault-skipped');
  });

  it('given the platform operator while events pour in, then ingest rate and lag are charted, and a rebuild shows its progress until done', async () => {
    // An ops-only key starts on the ops page: it may not read the tenant pages, so they are not offered.
    const page = await signedIn(OPERATOR_KEY);
    await page.getByRole('heading', { name: 'Ops', level: 1 }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toEqual(['Ops']);
    await page.getByText('You are a platform operator').waitFor();

    // Another writer on the same store, as `crm import` would be: 100,000 events in pages of 1,000.
    const store = new SqliteEventStore({ path: join(dataDir, 'events.db') });
    try {
      for (let batch = 0; batch < 100; batch++)
        await store.append(
          `loadtest/order-${batch}`,
          Array.from({ length: 1000 }, (_, i) => ({ eventId: randomUUID(), type: 'OrderPlaced', data: { i } })),
        );
    } finally {
      await store.close();
    }
    await page.waitForFunction(
      () =>
        /events appended [1-9]/.test(
          document.querySelector('svg[aria-label^="Ingest rate"]')?.getAttribute('aria-label') ?? '',
        ),
      undefined,
      { timeout: 30_000 },
    );
    await screenshot(page, '13-ops-operator-charts');

    // The API runs with CRM_TEST_REBUILD_PAGE_DELAY_MS, so the rebuild lasts long enough to be watched.
    await page.getByRole('button', { name: 'Rebuild event-counts' }).click();
    const progress = page.getByRole('progressbar', { name: 'Rebuild progress of event-counts' });
    await progress.waitFor({ timeout: 60_000 });
    const text = page.getByRole('status', { name: 'Rebuild progress of event-counts text' });
    await text.filter({ hasText: /generation 2: [1-9][\d,]* events \(\d+ %\)/ }).waitFor({ timeout: 60_000 });
    const firstSeen = Number(await progress.getAttribute('value'));
    expect(await page.getByRole('button', { name: 'Rebuild event-counts' }).isDisabled()).toBe(true);
    await screenshot(page, '14-ops-rebuild-progress');
    // It moves on between polls.
    await page.waitForFunction(
      (seen) =>
        Number(
          document.querySelector('progress[aria-label="Rebuild progress of event-counts"]')?.getAttribute('value') ??
            101,
        ) > seen,
      firstSeen,
      { timeout: 60_000 },
    );
    await page
      .getByRole('status')
      .filter({ hasText: /Rebuilt at .*generation 2/ })
      .waitFor({ timeout: 120_000 });
    expect(await progress.count()).toBe(0);
    await screenshot(page, '15-ops-rebuild-done');
  });
});
