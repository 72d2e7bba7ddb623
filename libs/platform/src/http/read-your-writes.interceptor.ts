import {
  Inject,
  Injectable,
  SetMetadata,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { from, switchMap, type Observable } from 'rxjs';
import { ProblemException } from './problem-details';
import {
  awaitMinPosition,
  MIN_POSITION_HEADER,
  parseMinPosition,
  type ProjectionPositionWaiter,
} from './read-your-writes';

export const PROJECTION_POSITION_WAITER = Symbol('PROJECTION_POSITION_WAITER');
export const READ_YOUR_WRITES_TIMEOUT_MS = Symbol('READ_YOUR_WRITES_TIMEOUT_MS');
const READS_PROJECTION = 'crm:reads-projection';

/** Marks a query route as reading `projection`, so `minPosition` / `X-Min-Position` are honoured. */
export const ReadsProjection = (projection: string): MethodDecorator & ClassDecorator =>
  SetMetadata(READS_PROJECTION, projection);

/** Runs before the handler of every @ReadsProjection route; a route without the marker passes straight through. */
@Injectable()
export class ReadYourWritesInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @Inject(PROJECTION_POSITION_WAITER) private readonly waiter: ProjectionPositionWaiter,
    @Inject(READ_YOUR_WRITES_TIMEOUT_MS) private readonly timeoutMs: number,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const projection = this.reflector.getAllAndOverride<string | undefined>(READS_PROJECTION, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!projection) return next.handle();
    const request = context.switchToHttp().getRequest<{ query?: unknown; headers: Record<string, unknown> }>();
    const minPosition = parseMinPosition(request.query, request.headers[MIN_POSITION_HEADER]);
    if (minPosition instanceof ProblemException) throw minPosition;
    return from(awaitMinPosition(this.waiter, projection, minPosition, this.timeoutMs)).pipe(
      switchMap(() => next.handle()),
    );
  }
}
