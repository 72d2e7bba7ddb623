import 'reflect-metadata';
import { resolve } from 'node:path';
import { loadAppConfig } from '@crm/platform/config/app-config';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';

const logger = new Logger('crm-api');

const bootstrap = async (): Promise<void> => {
  const config = loadAppConfig(process.env);
  // abortOnError: false, so a failing start rejects here and exits 1 with the error instead of process.abort().
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), new FastifyAdapter(), {
    abortOnError: false,
  });
  // SIGTERM/SIGINT: stop taking requests, close the store, then exit 0 (useProcessExit) rather than
  // re-raising the signal, so supervisors and tests see a clean exit.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await app.close(); // e.g. port in use: close the store that is already open before exiting
    throw error;
  }
  logger.log(
    `Listening on ${await app.getUrl()} (event store: ${config.eventStore}, data: ${resolve(config.dataDir)})`,
  );
};

bootstrap().catch((error: unknown) => {
  // A ConfigError lists every bad variable; other start failures (store unreachable, port in use) were
  // either logged with their stack by Nest already or are fully described by their message.
  process.stderr.write(`crm-api cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
