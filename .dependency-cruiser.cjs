// Architecture rules, checked by `npm run arch` (depcruise apps libs) and proven to fail by
// tools/arch/arch-rules.spec.ts against the fixtures in tools/arch/fixtures/.
// Paths are relative to the working directory (the repo root, or the fixtures folder in the spec).

/** Domain code: deciders, event unions, domain folders, the pure parts of the event store, the ingest contract. */
const DOMAIN = [
  '\\.decider\\.ts$',
  '\\.events\\.ts$',
  // Every lib's domain folders, the slice kit's (libs/slices/src/domain: decider types, ids, time) included.
  '^libs/[^/]+/src/(?:domain|.*/domain)/',
  '^libs/event-store/src/(?:port|core)/',
  // The customer-event contract and its validator: shared by HTTP and Kafka, so no framework in it.
  '^libs/ingest/src/customer-events/(?:schema/|properties/)?[^/]+\\.ts$',
  // Kafka message handling that needs no client: decoding, ids, exactly-once appends, dead-letter and outbound formats.
  '^libs/messaging/src/(?:ingest/(?:decode-customer-event|derived-event-id|kafka-record|append-exactly-once|ingest-records|store-retry)|dead-letters/dead-letter|relay/outbound-message)\\.ts$',
];

/** Frameworks and drivers, resolved (under node_modules, incl. their @types) or not (bare name). */
const INFRASTRUCTURE = [
  '(?:^|/)node_modules/(?:@types/)?(?:@nestjs|@kurrent|@fastify)/',
  '(?:^|/)node_modules/(?:@types/)?(?:fastify|pg|pg-[^/]+|better-sqlite3|kafkajs)/',
  '^(?:@nestjs|@kurrent|@fastify)/',
  '^(?:fastify|pg|pg-[^/]+|better-sqlite3|kafkajs)(?:/|$)',
];

const ADAPTERS = '(?:^|/)adapters/';

/** Test code: suites, the shared contract suites and testing helpers. */
const TEST_CODE = ['\\.(?:spec|int-spec)\\.ts$', '(?:^|/)contract/', '(?:^|/)testing/'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-lib-to-app',
      comment: 'Libraries are reusable building blocks; apps compose them, never the other way round.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'no-app-to-app',
      comment: 'Apps are deployed separately; share code through a library instead.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/[^/]+/', pathNot: '^apps/$1/' },
    },
    {
      name: 'no-b2c-to-b2b',
      comment:
        'B2C and B2B are sibling verticals: B2C builds its slices on libs/slices and uses nothing of libs/b2b ' +
        '(no B2B read model, event or rule), its tests included.',
      severity: 'error',
      from: { path: '^libs/b2c/' },
      to: { path: '^libs/b2b/' },
    },
    {
      name: 'slices-are-generic',
      comment:
        'libs/slices is the kit every vertical builds on (deciders, command runtime, HTTP command plumbing, ' +
        'serving guard): it knows no vertical and no app, so a B2B or B2C word cannot creep into it.',
      severity: 'error',
      from: { path: '^libs/slices/' },
      to: { path: ['^libs/(?:b2b|b2c)/', '^apps/'] },
    },
    {
      name: 'no-circular',
      comment: 'Cycles make load order (and Nest module resolution) depend on who imports first.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      comment:
        'Deciders, events, domain folders and the event store port/core are plain TypeScript: no framework, ' +
        'no driver, no adapter. They are tested without I/O and reused by every app.',
      severity: 'error',
      from: { path: DOMAIN },
      to: { path: [...INFRASTRUCTURE, ADAPTERS] },
    },
    {
      name: 'port-is-standalone',
      comment: 'The port (types, errors) is what adapters implement; it cannot depend on core logic or on adapters.',
      severity: 'error',
      from: { path: '^libs/[^/]+/src/(?:port|.*/port)/' },
      to: { path: '(?:^|/)(?:core|adapters)/' },
    },
    {
      name: 'no-foreign-adapters',
      comment:
        "Another lib's (or an app's) code reaches an adapter only through that lib's factory or Nest module. " +
        'Tests may: a runtime is proven against every adapter on purpose.',
      severity: 'error',
      from: { path: '^(?:apps|libs)/([^/]+)/', pathNot: TEST_CODE },
      to: { path: '^libs/[^/]+/src/(?:adapters|.*/adapters)/', pathNot: '^libs/$1/' },
    },
    {
      name: 'adapters-only-via-factory',
      comment:
        'Inside a lib, only `*.factory.ts` / `*.module.ts` (and other adapters and tests) pick an adapter; ' +
        'everything else depends on the port, so the store is chosen by configuration.',
      severity: 'error',
      from: { path: '^libs/([^/]+)/src/', pathNot: [ADAPTERS, '\\.(?:factory|module)\\.ts$', ...TEST_CODE] },
      to: { path: '^libs/$1/src/(?:adapters|.*/adapters)/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to no file (typo, missing package, missing path alias).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-test-code-in-production',
      comment: 'Specs, contract suites and testing helpers are not built (see the build script) and must not ship.',
      severity: 'error',
      from: { pathNot: TEST_CODE },
      to: { path: TEST_CODE },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(?:^|/)(?:dist|coverage|\\.cache|\\.data)/' },
    moduleSystems: ['cjs', 'es6'],
    // Type-only imports count: a decider importing a type from an adapter is still coupled to it.
    tsPreCompilationDeps: true,
    // Resolves the @crm/* path aliases.
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.d.ts', '.js', '.cjs', '.mjs', '.json'],
    },
    skipAnalysisNotInRules: true,
  },
};
