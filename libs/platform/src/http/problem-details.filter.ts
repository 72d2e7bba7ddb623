import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { acceptOrCreateCorrelationId, CORRELATION_ID_HEADER } from './correlation-id';
import './fastify-request';
import { PROBLEM_CONTENT_TYPE } from './problem-details';
import { toProblemResponse } from './problem-mapping';

/**
 * Renders every error of the HTTP pipeline (handlers, guards, pipes, body parsing, unknown routes) as
 * `application/problem+json`. The mapping itself is in problem-mapping.ts; this only does I/O.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const correlationId = request.correlationId ?? acceptOrCreateCorrelationId(request.headers[CORRELATION_ID_HEADER]);
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const { problem, headers, logAsError } = toProblemResponse(exception, { path, correlationId });

    if (logAsError) {
      this.logger.error({
        msg: `${request.method} ${path} failed with ${problem.status}`,
        correlationId,
        err: exception instanceof Error ? exception : new Error(String(exception)),
      });
    }
    if (reply.sent) return;
    void reply
      .status(problem.status)
      .headers({ ...headers, [CORRELATION_ID_HEADER]: correlationId, 'content-type': PROBLEM_CONTENT_TYPE })
      // A Buffer, so Fastify does not append '; charset=utf-8' (JSON is UTF-8 by definition, RFC 8259).
      .send(Buffer.from(JSON.stringify(problem), 'utf8'));
  }
}
