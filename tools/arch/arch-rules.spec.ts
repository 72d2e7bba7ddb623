import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';

// The rules of `npm run arch` must be able to fail: each one is broken on purpose in a miniature repo
// (tools/arch/fixtures, with its own tsconfig paths) that also holds allowed imports, so the exact list
// of violations catches both a rule that went blind and a rule that flags legitimate code.

const ROOT = resolve(__dirname, '../..');
const FIXTURES = join(__dirname, 'fixtures');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');

interface Violation {
  rule: string;
  from: string;
  to: string;
}

/** `../../../node_modules/@nestjs/common/index.d.ts` → `npm:@nestjs/common`, whatever file types resolve to. */
const normalise = (path: string): string => path.replace(/^.*node_modules\/((?:@[^/]+\/)?[^/]+)\/.*$/, 'npm:$1');

const cruiseFixtures = (): Violation[] => {
  const json = execFileSync(process.execPath, [join(__dirname, 'cruise.mjs'), CONFIG, 'apps', 'libs'], {
    cwd: FIXTURES,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return (JSON.parse(json) as Violation[]).map(({ rule, from, to }) => ({ rule, from, to: normalise(to) }));
};

const byRuleThenPath = (a: Violation, b: Violation): number =>
  `${a.rule} ${a.from} ${a.to}`.localeCompare(`${b.rule} ${b.from} ${b.to}`);

const SHOP = 'libs/shop/src';
const STORE = 'libs/event-store/src';
const BILLING = 'libs/billing/src';
const SLICES = 'libs/slices/src';
const B2B = 'libs/b2b/src';
const B2C = 'libs/b2c/src';

const EXPECTED: Violation[] = [
  { rule: 'no-lib-to-app', from: `${SHOP}/storefront-link.ts`, to: 'apps/web/src/main.ts' },
  { rule: 'no-app-to-app', from: 'apps/web/src/main.ts', to: 'apps/admin/src/admin-page.ts' },
  { rule: 'no-circular', from: `${BILLING}/balance.ts`, to: `${BILLING}/ledger.ts` },
  { rule: 'domain-is-pure', from: `${SHOP}/domain/order.decider.ts`, to: 'npm:@nestjs/common' },
  { rule: 'domain-is-pure', from: `${SHOP}/order.events.ts`, to: 'npm:pg' },
  { rule: 'domain-is-pure', from: `${STORE}/port/store.port.ts`, to: `${STORE}/adapters/memory/memory-store.ts` },
  { rule: 'port-is-standalone', from: `${STORE}/port/store.port.ts`, to: `${STORE}/adapters/memory/memory-store.ts` },
  { rule: 'port-is-standalone', from: `${STORE}/port/store.port.ts`, to: `${STORE}/core/plan-append.ts` },
  { rule: 'no-foreign-adapters', from: `${BILLING}/invoice.ts`, to: `${SHOP}/adapters/sql/order-table.ts` },
  {
    rule: 'adapters-only-via-factory',
    from: `${SHOP}/checkout/checkout.handler.ts`,
    to: `${SHOP}/adapters/sql/order-table.ts`,
  },
  {
    rule: 'adapters-only-via-factory',
    from: `${STORE}/port/store.port.ts`,
    to: `${STORE}/adapters/memory/memory-store.ts`,
  },
  { rule: 'not-to-unresolvable', from: `${BILLING}/invoice.ts`, to: './tax-rules' },
  { rule: 'no-test-code-in-production', from: `${BILLING}/invoice.ts`, to: `${SHOP}/contract/shop.contract.ts` },
  { rule: 'domain-is-pure', from: `${SLICES}/domain/rule-error.ts`, to: 'npm:@nestjs/common' },
  { rule: 'no-b2c-to-b2b', from: `${B2C}/segments/segment.handler.ts`, to: `${B2B}/deals/deal.projection.ts` },
  { rule: 'no-b2c-to-b2b', from: `${B2C}/testing/b2b-fixture.ts`, to: `${B2B}/deals/deal.projection.ts` },
  { rule: 'slices-are-generic', from: `${SLICES}/http/command-context.ts`, to: `${B2B}/deals/deal.projection.ts` },
  { rule: 'slices-are-generic', from: `${SLICES}/http/command-context.ts`, to: `${B2C}/segments/segment.handler.ts` },
  { rule: 'slices-are-generic', from: `${SLICES}/http/command-context.ts`, to: 'apps/admin/src/admin-page.ts' },
  { rule: 'no-lib-to-app', from: `${SLICES}/http/command-context.ts`, to: 'apps/admin/src/admin-page.ts' },
];

describe('architecture rules (.dependency-cruiser.cjs)', () => {
  let violations: Violation[];
  beforeAll(() => {
    violations = cruiseFixtures();
  });

  it('report exactly the planted violations: each rule fires, allowed imports stay clean', () => {
    expect([...violations].sort(byRuleThenPath)).toEqual([...EXPECTED].sort(byRuleThenPath));
  });

  it('have a failing fixture for every rule of the config', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the config is CommonJS by design (depcruise)
    const { forbidden } = require(CONFIG) as { forbidden: { name: string }[] };
    expect(new Set(violations.map((v) => v.rule))).toEqual(new Set(forbidden.map((rule) => rule.name)));
  });

  it('resolve tsconfig path aliases (the lib-to-app import goes through one)', () => {
    expect(violations).toContainEqual(expect.objectContaining({ rule: 'no-lib-to-app', to: 'apps/web/src/main.ts' }));
    expect(violations.filter((v) => v.to.startsWith('@fx/'))).toEqual([]);
  });
});
