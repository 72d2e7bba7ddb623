import { Injectable, Optional, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import '../http/fastify-request';
import { problem } from '../http/problems';
import { ApiKeyRateLimits } from '../rate-limit/api-key-rate-limits';
import { ApiKeyRegistry } from './api-keys';
import type { Scope } from './auth-context';
import { PUBLIC_ROUTE, REQUIRED_SCOPES } from './auth.decorators';
import { presentedApiKey } from './presented-api-key';

/** RFC 6750 §3: a 401 names the scheme the client should use. */
const CHALLENGE = { 'www-authenticate': 'Bearer realm="crm-api"' };

const unauthorized = (detail: string) => problem('unauthorized', detail, { headers: CHALLENGE });

/**
 * The global guard (APP_GUARD): every route needs a known API key unless marked @PublicRoute(), plus
 * the scopes listed by @RequireScopes() on the handler and its controller. Sets `request.auth`. Every
 * authenticated request then takes a token of its key's rate limit (429 + Retry-After when none is
 * left), before the scope check, so a key hammering routes it may not use is limited too. Public
 * routes (health, metrics) and unknown keys (401) are not counted.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly registry: ApiKeyRegistry,
    @Optional() private readonly rateLimits?: ApiKeyRateLimits,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_ROUTE, targets)) return true;

    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const presented = presentedApiKey(request.headers);
    if (presented.kind === 'missing')
      throw unauthorized('An API key is required: send Authorization: Bearer <key> or X-Api-Key: <key>.');
    if (presented.kind === 'malformed') throw unauthorized(presented.reason);

    const auth = this.registry.authenticate(presented.key);
    if (!auth) throw unauthorized('Unknown API key.');
    // Set before the scope check so a 403 is logged with its tenant and key id.
    request.auth = auth;

    const limit = this.rateLimits?.admit(auth);
    if (limit) {
      void context.switchToHttp().getResponse<FastifyReply>().headers(limit.headers);
      if (!limit.admitted)
        throw problem(
          'rate-limited',
          `This API key may send ${limit.policy.perSecond} requests per second (bursts of ${limit.policy.burst}); ` +
            `retry in ${limit.retryAfterSeconds} s.`,
          { headers: limit.headers, extensions: { retryAfterSeconds: limit.retryAfterSeconds } },
        );
    }

    const required = this.reflector.getAllAndMerge<Scope[]>(REQUIRED_SCOPES, targets) ?? [];
    const missing = [...new Set(required)].filter((scope) => !auth.scopes.includes(scope));
    if (missing.length > 0)
      throw problem('forbidden', `This API key lacks the scope ${missing.join(', ')}.`, {
        extensions: { missingScopes: missing },
      });
    return true;
  }
}
