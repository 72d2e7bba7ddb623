import type { AuthContext } from '../auth/auth-context';

// What configureHttpApp and the API key guard add to every Fastify request.
declare module 'fastify' {
  interface FastifyRequest {
    /** Accepted from `X-Correlation-Id` or generated; echoed on the response. */
    correlationId: string;
    /** Set by the API key guard on authenticated routes; absent on public ones. */
    auth?: AuthContext;
  }
}

export {};
