import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import '../http/fastify-request';

/**
 * One line per request instead of Fastify's two ("incoming request" + "request completed"), with what
 * an operator filters on: method, route pattern, status, duration, tenant and key id. The correlation
 * id is on every line of the request already (`correlationId`, Fastify's request id label).
 */
export class RequestLogController extends LogController {
  constructor() {
    super({ requestIdLogLabel: 'correlationId' });
  }

  override incomingRequest(): void {
    // Logged once, on completion.
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = {
      method: request.method,
      // The pattern (`/v1/accounts/:id`), never the raw URL: bounded, and free of ids and query strings.
      route: request.routeOptions.url ?? null,
      status: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime * 1000) / 1000,
      tenant: request.auth?.tenantId ?? null,
      keyId: request.auth?.keyId ?? null,
    };
    if (error) request.log.error({ ...line, err: error }, 'request failed');
    else request.log.info(line, 'request');
  }
}
