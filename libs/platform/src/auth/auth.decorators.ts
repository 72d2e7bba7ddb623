import { applyDecorators, createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { AuthContext, Scope } from './auth-context';

export const REQUIRED_SCOPES = 'crm:required-scopes';
export const PUBLIC_ROUTE = 'crm:public-route';

/** OpenAPI vendor extensions the document builder (http/openapi.ts) turns into security and responses. */
export const OPENAPI_PUBLIC_EXTENSION = 'x-crm-public';
export const OPENAPI_SCOPES_EXTENSION = 'x-crm-required-scopes';

/** Every route needs an API key; this lists the scopes it needs on top (none = any valid key). */
export const RequireScopes = (...scopes: Scope[]): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(REQUIRED_SCOPES, scopes), ApiExtension(OPENAPI_SCOPES_EXTENSION, scopes));

/** Liveness, readiness, metrics and API docs are reachable without a key. */
export const PublicRoute = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(PUBLIC_ROUTE, true), ApiExtension(OPENAPI_PUBLIC_EXTENSION, true));

/** The authenticated caller, set on the request by the API key guard. */
export const CurrentAuth = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthContext => {
  const request = ctx.switchToHttp().getRequest<{ auth?: AuthContext }>();
  if (!request.auth) throw new Error('CurrentAuth used on a route the API key guard did not authenticate');
  return request.auth;
});
