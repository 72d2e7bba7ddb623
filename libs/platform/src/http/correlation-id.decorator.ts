import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/**
 * The request's correlation id (accepted from `X-Correlation-Id` or generated), for handlers to put
 * into event metadata: `append(..., [{ ..., metadata: { correlationId } }])`.
 */
export const CorrelationId = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const request = ctx.switchToHttp().getRequest<{ correlationId?: string }>();
  if (!request.correlationId)
    throw new Error('CorrelationId used outside an HTTP request configured by configureHttpApp');
  return request.correlationId;
});
