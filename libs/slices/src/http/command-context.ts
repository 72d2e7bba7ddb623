import type { AuthContext } from '@crm/platform/auth/auth-context';
import { notFound } from '@crm/platform/auth/tenant-scope';
import { problem } from '@crm/platform/http/problems';
import type { CommandOrigin } from '../command-runtime/command-origin';
import { isAggregateId } from '../domain/aggregate-id';

/** How far ahead of the server clock a client may date what happened (clock skew, not planning). */
const MAX_FUTURE_MS = 24 * 60 * 60 * 1000;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** The origin of an HTTP command: the API key, the request's correlation id, an optional Idempotency-Key. */
export const httpOrigin = (
  auth: AuthContext,
  correlationId: string,
  idempotencyKey: string | undefined,
): CommandOrigin => {
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw problem('validation-failed', 'Idempotency-Key must be 1 to 200 visible ASCII characters', {
      errors: [{ pointer: '/headers/idempotency-key', detail: 'must be 1 to 200 visible ASCII characters' }],
    });
  }
  return {
    source: 'http',
    actor: auth.keyId,
    correlationId,
    ...(idempotencyKey !== undefined && { idempotencyKey: `http:${idempotencyKey}` }),
  };
};

/** When the command happened: the client's `occurredAt` (back-dating an ERP feed) or now. */
export const occurredAtOrNow = (occurredAt: string | undefined, now: Date = new Date()): string => {
  if (occurredAt === undefined) return now.toISOString();
  const ms = Date.parse(occurredAt);
  if (ms > now.getTime() + MAX_FUTURE_MS) {
    throw problem('validation-failed', 'occurredAt is more than 24 hours in the future', {
      errors: [{ pointer: '/occurredAt', detail: 'must not be more than 24 hours in the future' }],
    });
  }
  return new Date(ms).toISOString();
};

/** A path id that no aggregate can have is simply not found (never a 500 from an invalid stream id). */
export const pathId = (id: string, what: string): string => {
  if (!isAggregateId(id)) throw notFound(what, id);
  return id;
};
