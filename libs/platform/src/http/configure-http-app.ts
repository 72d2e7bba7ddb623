import type { IncomingMessage } from 'node:http';
import type { NestApplicationOptions } from '@nestjs/common';
import type { RawServerDefault } from 'fastify';
import type { DestinationStream } from 'pino';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '../config/app-config';
import { createLogger } from '../logging/logger';
import { PinoNestLogger } from '../logging/pino-nest-logger';
import { RequestLogController } from '../logging/request-log';
import { CrmMetrics } from '../metrics/crm-metrics';
import { acceptOrCreateCorrelationId, CORRELATION_ID_HEADER } from './correlation-id';
import './fastify-request';
import { jsonBodyProblem } from './json-body';
import { setupOpenApi } from './openapi';
import { ProblemDetailsFilter } from './problem-details.filter';
import { ProblemValidationPipe } from './validation.pipe';

/**
 * The HTTP pipeline, in one place so that main.ts and the integration tests run exactly the same one:
 * create the app with `createHttpAdapter(config)` and `HTTP_APP_OPTIONS`, then `configureHttpApp`
 * before `init()`/`listen()`.
 */
export type HttpConfig = Pick<AppConfig, 'logLevel' | 'httpBodyLimitBytes'>;

export const HTTP_APP_OPTIONS: NestApplicationOptions = {
  // Nest's start-up lines wait for the pino logger configureHttpApp installs.
  bufferLogs: true,
  // A failing start rejects (and main.ts exits 1 with the reason) instead of process.abort().
  abortOnError: false,
  // configureHttpApp registers the one body parser (JSON); Nest's default would add urlencoded.
  bodyParser: false,
};

export interface HttpAdapterOptions {
  /** Where log lines go; stdout by default. Tests pass a stream to read them. */
  logDestination?: DestinationStream;
}

export const createHttpAdapter = (config: HttpConfig, options: HttpAdapterOptions = {}): FastifyAdapter =>
  new FastifyAdapter({
    loggerInstance: createLogger(config.logLevel, options.logDestination),
    logController: new RequestLogController(),
    // The request id *is* the correlation id: Fastify puts it on every log line of the request.
    genReqId: (request: IncomingMessage) => acceptOrCreateCorrelationId(request.headers[CORRELATION_ID_HEADER]),
    bodyLimit: config.httpBodyLimitBytes,
    // Fastify's defaults today, pinned: `__proto__` / `constructor.prototype` keys fail the request (400).
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: true,
  });

export const configureHttpApp = (app: NestFastifyApplication, config: HttpConfig): void => {
  const fastify = app.getHttpAdapter().getInstance();
  app.useLogger(new PinoNestLogger(fastify.log));

  // Bodies: JSON only. Fastify's text/plain parser is dropped so that any other Content-Type is a 415
  // before a handler sees a string where it expects an object.
  fastify.removeAllContentTypeParsers();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser<RawServerDefault>(
    'application/json',
    { bodyLimit: config.httpBodyLimitBytes },
    (request, body, done) => {
      const text = body.toString('utf8');
      parseJson(request, text, (error, value) =>
        error ? done(jsonBodyProblem(error, text), undefined) : done(null, value),
      );
    },
  );

  fastify.decorateRequest('correlationId', {
    getter(this: { id: string }): string {
      return this.id;
    },
  });
  fastify.addHook('onSend', async (request, reply, payload) => {
    reply.header(CORRELATION_ID_HEADER, request.id);
    return payload;
  });

  const metrics = app.get(CrmMetrics);
  fastify.addHook('onResponse', async (request, reply) => {
    metrics.recordHttpRequest(
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
  });

  app.useGlobalPipes(new ProblemValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  setupOpenApi(app);
};
