import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_STORE } from '@crm/event-store/event-store.module';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import { loadAppConfig, type AppConfig } from '@crm/platform/config/app-config';
import { configureHttpApp, createHttpAdapter, HTTP_APP_OPTIONS } from '@crm/platform/http/configure-http-app';
import type { ModuleMetadata } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import type { DestinationStream } from 'pino';
import { AppModule } from '../app.module';

/**
 * The real crm-api (AppModule, the production HTTP pipeline, a real SQLite store in a temp DATA_DIR),
 * ready for `app.inject(...)`. Integration tests use it instead of assembling Nest themselves, so they
 * exercise exactly what `npm start` runs.
 *
 * ```ts
 * const t = await createTestApp();
 * const res = await t.app.inject({ method: 'POST', url: '/v1/events', headers: bearer(t.keys.acme), payload });
 * await t.close();
 * ```
 */
export interface TestAppKeys {
  /** Tenant `acme`, all scopes (events:write, read, ops). */
  acme: string;
  /** Tenant `globex`, all scopes. */
  globex: string;
  /** Tenant `acme`, only `events:write`. */
  acmeWriteOnly: string;
  /** Tenant `acme`, only `read`. */
  acmeReadOnly: string;
}

export interface TestApp {
  app: NestFastifyApplication;
  keys: TestAppKeys;
  /** The store behind the app (the same instance handlers get from EVENT_STORE). */
  store: EventStore;
  config: AppConfig;
  /** The temp DATA_DIR; removed by close(). */
  dataDir: string;
  /** Closes the app (and with it the store) and removes DATA_DIR. Safe to call twice. */
  close(): Promise<void>;
}

export interface CreateTestAppOptions {
  /** Extra modules, controllers and providers for the spec only (e.g. a throwaway DTO controller). */
  imports?: ModuleMetadata['imports'];
  controllers?: ModuleMetadata['controllers'];
  providers?: ModuleMetadata['providers'];
  /**
   * Extra environment variables (e.g. `HTTP_BODY_LIMIT_BYTES`). DATA_DIR and CRM_API_KEYS are set by
   * the helper; LOG_LEVEL defaults to `silent` (set LOG_LEVEL in the shell to see the logs).
   */
  env?: NodeJS.ProcessEnv;
  /** Receives the JSON log lines (at LOG_LEVEL) instead of stdout, e.g. to assert on them. */
  logDestination?: DestinationStream;
  /** More CRM_API_KEYS entries besides TEST_API_KEYS (e.g. one with a `rateLimit`). */
  extraKeys?: readonly Record<string, unknown>[];
  /** Called for every route the HTTP server registers (Nest controllers, /docs, static files), e.g. to list them. */
  onRoute?: (route: { method: string | string[]; url: string }) => void;
  /** Providers replaced anywhere in the app (e.g. RATE_LIMIT_CLOCK with a clock the test moves). */
  overrideProviders?: readonly {
    provide: Parameters<TestingModuleBuilder['overrideProvider']>[0];
    useValue: unknown;
  }[];
}

export const TEST_API_KEYS: TestAppKeys = {
  acme: 'test-acme-all-scopes-0000000001',
  globex: 'test-globex-all-scopes-00000001',
  acmeWriteOnly: 'test-acme-events-write-00000001',
  acmeReadOnly: 'test-acme-read-only-00000000001',
};

const TEST_KEY_GRANTS = [
  { key: TEST_API_KEYS.acme, tenant: 'acme', scopes: ['events:write', 'read', 'ops'] },
  { key: TEST_API_KEYS.globex, tenant: 'globex', scopes: ['events:write', 'read', 'ops'] },
  { key: TEST_API_KEYS.acmeWriteOnly, tenant: 'acme', scopes: ['events:write'] },
  { key: TEST_API_KEYS.acmeReadOnly, tenant: 'acme', scopes: ['read'] },
];

/** `headers: bearer(keys.acme)` → `{ authorization: 'Bearer …' }`. */
export const bearer = (key: string): Record<string, string> => ({ authorization: `Bearer ${key}` });

export const createTestApp = async (options: CreateTestAppOptions = {}): Promise<TestApp> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'crm-api-test-'));
  let app: NestFastifyApplication | undefined;
  try {
    const config = loadAppConfig({
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
      ...options.env,
      DATA_DIR: dataDir,
      CRM_API_KEYS: JSON.stringify([...TEST_KEY_GRANTS, ...(options.extraKeys ?? [])]),
    });
    const builder = Test.createTestingModule({
      imports: [AppModule.forRoot(config), ...(options.imports ?? [])],
      controllers: options.controllers ?? [],
      providers: options.providers ?? [],
    });
    for (const { provide, useValue } of options.overrideProviders ?? [])
      builder.overrideProvider(provide).useValue(useValue);
    const moduleRef = await builder.compile();
    const nestApp = moduleRef.createNestApplication<NestFastifyApplication>(
      createHttpAdapter(config, { logDestination: options.logDestination }),
      HTTP_APP_OPTIONS,
    );
    app = nestApp;
    if (options.onRoute) nestApp.getHttpAdapter().getInstance().addHook('onRoute', options.onRoute);
    configureHttpApp(nestApp, config);
    await nestApp.init();
    await nestApp.getHttpAdapter().getInstance().ready();

    let closed = false;
    return {
      app: nestApp,
      keys: { ...TEST_API_KEYS },
      store: nestApp.get<EventStore>(EVENT_STORE),
      config,
      dataDir,
      close: async () => {
        if (closed) return;
        closed = true;
        try {
          await nestApp.close();
        } finally {
          rmSync(dataDir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
};
