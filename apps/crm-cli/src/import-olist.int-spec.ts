import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { b2cStats } from '@crm/b2c/profiles/queries/b2c-stats.query';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { createReadModelStore } from '@crm/projections/read-model.factory';
import { loadPseudonymizer, pseudonymSecretFile } from '@crm/wiring/open-privacy';
import { crmJson, repoRoot, runCrm } from '../../../test/fixtures/crm-process';

// The real `crm import olist` and `crm projections rebuild b2c-profiles` processes on the real sample.
// Expected figures come from the raw CSV lines with a plain split, not from the importer's plan, and
// the persons found are checked one by one against customer_unique_id, which the import never sends.

const SOURCE = join(repoRoot, '../shared/data/olist-sample');
const TENANT = 'shop';
const SLOW = 900_000;

const csv = (file: string): Record<string, string>[] => {
  const [header, ...lines] = readFileSync(join(SOURCE, file), 'utf8').trim().split('\n');
  const names = header!.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i], v])));
};

const expected = (() => {
  const personOf = new Map(csv('olist_customers_dataset.csv').map((c) => [c.customer_id!, c.customer_unique_id!]));
  const orders = csv('olist_orders_dataset.csv');
  const paid = new Map<string, number>();
  for (const p of csv('olist_order_payments_dataset.csv'))
    paid.set(p.order_id!, (paid.get(p.order_id!) ?? 0) + Number(p.payment_value));
  const itemTotals = new Map<string, number>();
  for (const i of csv('olist_order_items_dataset.csv'))
    itemTotals.set(i.order_id!, (itemTotals.get(i.order_id!) ?? 0) + Number(i.price));
  const ordersPerPerson = new Map<string, number>();
  for (const o of orders) {
    const person = personOf.get(o.customer_id!)!;
    ordersPerPerson.set(person, (ordersPerPerson.get(person) ?? 0) + 1);
  }
  const revenue = orders.reduce((sum, o) => sum + (paid.get(o.order_id!) ?? itemTotals.get(o.order_id!) ?? 0), 0);
  return {
    personOf,
    customerIds: orders.map((o) => o.customer_id!),
    persons: ordersPerPerson.size,
    repeatCustomers: [...ordersPerPerson.values()].filter((n) => n >= 2).length,
    orders: orders.length,
    revenue: Math.round(revenue * 100) / 100,
  };
})();

interface Report {
  persons: number;
  orders: number;
  repeatCustomers: number;
  revenue: number;
  events: { total: number; purchases: number };
  eventsAppended: number;
  lastPosition: number;
}

describe('crm import olist', () => {
  let root: string;
  const envA = (): NodeJS.ProcessEnv => ({ DATA_DIR: join(root, 'a') });
  const envB = (): NodeJS.ProcessEnv => ({ DATA_DIR: join(root, 'b') });
  const open: ReadModelStore[] = [];
  const readModels = async (env: NodeJS.ProcessEnv): Promise<ReadModelStore> => {
    const rm = await createReadModelStore({ readModelStore: 'sqlite', dataDir: env.DATA_DIR! });
    open.push(rm);
    return rm;
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'crm-olist-'));
  });
  afterAll(async () => {
    for (const rm of open) await rm.close();
    rmSync(root, { recursive: true, force: true });
  });

  it(
    'imports every order as a purchase plus the sightings that chain each person, with progress on stderr',
    async () => {
      const r = await runCrm(['import', 'olist', SOURCE, '--tenant', TENANT, '--json'], envA(), SLOW);
      expect(r.code).toBe(0);
      const report = JSON.parse(r.stdout) as Report;
      expect(report).toMatchObject({
        persons: expected.persons,
        orders: expected.orders,
        repeatCustomers: expected.repeatCustomers,
        revenue: expected.revenue,
        events: { purchases: expected.orders },
      });
      expect(report.eventsAppended).toBe(report.events.total);
      expect(r.stderr).toMatch(/olist \[#+\]\s+100%/);
    },
    SLOW,
  );

  it(
    'adds nothing when run again',
    async () => {
      const before = await crmJson<{ headPosition: number }>(['store', 'stats', '--tenant', TENANT], envA());
      const again = await runCrm(['import', 'olist', SOURCE, '--tenant', TENANT, '--json'], envA(), SLOW);
      expect(JSON.parse(again.stdout)).toMatchObject({ eventsAppended: 0, lastPosition: before.headPosition });
    },
    SLOW,
  );

  it(
    'recovers exactly the persons of customer_unique_id, with the repeat customers and revenue of the CSVs',
    async () => {
      const rebuilt = await runCrm(['projections', 'rebuild', 'b2c-profiles', '--json'], envA(), SLOW);
      expect(rebuilt.code).toBe(0);
      const rm = await readModels(envA());
      expect(await b2cStats(rm, TENANT)).toEqual({
        profiles: expected.persons,
        profilesWithOrders: expected.persons,
        repeatCustomers: expected.repeatCustomers,
        orders: expected.orders,
        revenue: expected.revenue,
      });
      // Person by person: all customer_ids of one customer_unique_id in one profile, no profile shared.
      const pseudonymizer = await loadPseudonymizer({ dataDir: envA().DATA_DIR! });
      const profileOfKey = new Map(
        (
          await rm.query<{ key: string; profileId: string }>(
            `SELECT identifier_key AS "key", profile_id AS "profileId" FROM b2c_identifier_profiles
              WHERE tenant_id = ? AND identifier_type = 'orderAccount'`,
            [TENANT],
          )
        ).map((r) => [r.key, r.profileId]),
      );
      const personsOfProfile = new Map<string, Set<string>>();
      const profilesOfPerson = new Map<string, Set<string>>();
      for (const customerId of expected.customerIds) {
        const profileId = profileOfKey.get(pseudonymizer.pseudonym(TENANT, 'orderAccount', customerId))!;
        const person = expected.personOf.get(customerId)!;
        personsOfProfile.set(profileId, (personsOfProfile.get(profileId) ?? new Set()).add(person));
        profilesOfPerson.set(person, (profilesOfPerson.get(person) ?? new Set()).add(profileId));
      }
      expect([...personsOfProfile.values()].filter((persons) => persons.size > 1)).toEqual([]);
      expect([...profilesOfPerson.values()].filter((profiles) => profiles.size > 1)).toEqual([]);
      expect(profilesOfPerson.size).toBe(expected.persons);
    },
    SLOW,
  );

  it(
    'finds the same persons under the same profile ids from an import in another order',
    async () => {
      // Same install secret, so the same identifier keys: the two stores must agree to the last row.
      mkdirSync(join(envB().DATA_DIR!, 'secrets'), { recursive: true });
      copyFileSync(
        pseudonymSecretFile({ dataDir: envA().DATA_DIR! }),
        pseudonymSecretFile({ dataDir: envB().DATA_DIR! }),
      );
      const shuffled = await runCrm(
        ['import', 'olist', SOURCE, '--tenant', TENANT, '--shuffle', '42', '--json'],
        envB(),
        SLOW,
      );
      expect(JSON.parse(shuffled.stdout)).toMatchObject({ order: { shuffleSeed: 42 }, orders: expected.orders });
      expect((await runCrm(['projections', 'rebuild', 'b2c-profiles'], envB(), SLOW)).code).toBe(0);
      const [a, b] = [await readModels(envA()), await readModels(envB())];
      for (const [table, order] of [
        ['b2c_identifier_profiles', 'identifier_key'],
        ['b2c_profiles', 'profile_id'],
        ['b2c_orders', 'order_id'],
      ] as const) {
        const sql = `SELECT * FROM ${table} WHERE tenant_id = ? ORDER BY ${order}`;
        expect(await b.query(sql, [TENANT])).toEqual(await a.query(sql, [TENANT]));
      }
    },
    SLOW,
  );

  it('writes nothing when the data set has a problem (exit 1), and refuses bad arguments (exit 2)', async () => {
    const broken = join(root, 'broken');
    mkdirSync(broken);
    for (const file of [
      'olist_customers_dataset.csv',
      'olist_order_items_dataset.csv',
      'olist_order_payments_dataset.csv',
    ])
      copyFileSync(join(SOURCE, file), join(broken, file));
    writeFileSync(
      join(broken, 'olist_orders_dataset.csv'),
      'order_id,customer_id,order_status,order_purchase_timestamp\nx1,nobody,delivered,2018-01-01 10:00:00\n',
    );
    const env = { DATA_DIR: join(root, 'c') };
    const failed = await runCrm(['import', 'olist', broken, '--tenant', TENANT], env);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/1 problem\(s\)[\s\S]*nobody[\s\S]*Nothing was imported/);
    expect((await runCrm(['import', 'olist', SOURCE], env)).code).toBe(2);
    expect((await runCrm(['import', 'olist', join(root, 'nope'), '--tenant', TENANT], env)).code).toBe(2);
  });
});
