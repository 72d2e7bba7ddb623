import 'reflect-metadata';
import { resolve } from 'node:path';
import { loadConsoleSettings } from '@crm/console/console-settings';
import { ApiKeyRegistry } from '@crm/platform/auth/api-keys';
import { devKeyBanner } from '@crm/platform/auth/dev-key-banner';
import { loadAppConfig } from '@crm/platform/config/app-config';
import { configureHttpApp, createHttpAdapter, HTTP_APP_OPTIONS } from '@crm/platform/http/configure-http-app';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadProjectionCatalog } from '@crm/wiring/extra-projections';
import { AppModule } from './app.module';

const logger = new Logger('crm-api');

const bootstrap = async (): Promise<void> => {
  const config = loadAppConfig(process.env);
  // The same adapter, options and pipeline as the integration tests (apps/crm-api/src/testing).
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, loadConsoleSettings(process.env), (deps) => loadProjectionCatalog(process.env, deps)),
    createHttpAdapter(config),
    HTTP_APP_OPTIONS,
  );
  configureHttpApp(app, config);
  // SIGTERM/SIGINT: stop taking requests, close the store, then exit 0 (useProcessExit) rather than
  // re-raising the signal, so supervisors and tests see a clean exit.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app.close(); // e.g. port in use: close the store that is already open before exiting
    throw error;
  }
  const url = await app.getUrl();
  logger.log(`Listening on ${url} (event store: ${config.eventStore}, data: ${resolve(config.dataDir)})`);
  logger.log(`Web console: ${url}/console (sign in with an API key)`);
  const { devKey } = app.get(ApiKeyRegistry);
  if (devKey) process.stdout.write(devKeyBanner(url, devKey.tenantId, devKey.key));
};

bootstrap().catch((error: unknown) => {
  // A ConfigError lists every bad variable; other start failures (store unreachable, port in use) were
  // either logged with their stack by Nest already or are fully described by their message.
  process.stderr.write(`crm-api cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
