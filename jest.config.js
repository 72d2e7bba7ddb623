// Two tiers by file suffix: *.spec.ts are unit tests of pure code (fast, no I/O beyond temp files);
// *.int-spec.ts are integration tests against real SQLite files, a real PostgreSQL and real processes.
const swc = [
  '@swc/jest',
  {
    swcrc: false,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
  },
];
const moduleNameMapper = {
  '^@crm/b2b/(.*)$': '<rootDir>/libs/b2b/src/$1',
  '^@crm/b2c/(.*)$': '<rootDir>/libs/b2c/src/$1',
  '^@crm/console/(.*)$': '<rootDir>/libs/console/src/$1',
  '^@crm/event-store/(.*)$': '<rootDir>/libs/event-store/src/$1',
  '^@crm/ingest/(.*)$': '<rootDir>/libs/ingest/src/$1',
  '^@crm/messaging/(.*)$': '<rootDir>/libs/messaging/src/$1',
  '^@crm/platform/(.*)$': '<rootDir>/libs/platform/src/$1',
  '^@crm/privacy/(.*)$': '<rootDir>/libs/privacy/src/$1',
  '^@crm/projections/(.*)$': '<rootDir>/libs/projections/src/$1',
  '^@crm/slices/(.*)$': '<rootDir>/libs/slices/src/$1',
  '^@crm/wiring/(.*)$': '<rootDir>/libs/wiring/src/$1',
};
const common = { transform: { '^.+\\.ts$': swc }, moduleNameMapper, testEnvironment: 'node', rootDir: __dirname };

/** @type {import('jest').Config} */
module.exports = {
  // A root option: jest ignores testTimeout inside `projects`. Integration tests spawn processes and
  // talk to PostgreSQL on a 2-core machine; the bound is for hangs, not a performance assertion.
  testTimeout: 120000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,tools}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,tools,test}/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
      globalTeardown: '<rootDir>/test/global-teardown.ts',
    },
  ],
};
