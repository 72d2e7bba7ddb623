import { problem } from './problems';
import type { ProblemException } from './problem-details';

/**
 * Read-your-writes, framework-free: commands return the position they wrote at; a query may pass it
 * back as `minPosition` (query parameter) or `X-Min-Position` (header) and is answered only once the
 * read model it reads has applied the log up to there, or gets 503 not-caught-up + Retry-After.
 */
export interface ProjectionPositionWaiter {
  reached(projection: string, minPosition: number, timeoutMs: number): Promise<boolean>;
}

export const MIN_POSITION_HEADER = 'x-min-position';

/** Undefined when neither is given; a ProblemException (422, with the pointer) when malformed or both disagree. */
export const parseMinPosition = (query: unknown, header: unknown): number | ProblemException | undefined => {
  const fromQuery =
    typeof query === 'object' && query !== null ? (query as Record<string, unknown>).minPosition : undefined;
  const candidates: [string, unknown][] = [
    ['/query/minPosition', fromQuery],
    ['/headers/x-min-position', header],
  ];
  let value: number | undefined;
  for (const [pointer, raw] of candidates) {
    if (raw === undefined) continue;
    const text = Array.isArray(raw) ? raw[0] : raw;
    if (typeof text !== 'string' || !/^\d{1,15}$/.test(text)) {
      return problem('validation-failed', 'minPosition must be a non-negative integer', {
        errors: [{ pointer, detail: 'must be a non-negative integer' }],
      });
    }
    const parsed = Number(text);
    if (value !== undefined && value !== parsed) {
      return problem('validation-failed', 'minPosition and X-Min-Position disagree', {
        errors: [{ pointer, detail: `differs from the other value (${value})` }],
      });
    }
    value = parsed;
  }
  return value;
};

/** Waits (bounded) for the projection; throws 503 not-caught-up with Retry-After when it does not get there. */
export const awaitMinPosition = async (
  waiter: ProjectionPositionWaiter,
  projection: string,
  minPosition: number | undefined,
  timeoutMs: number,
): Promise<void> => {
  if (minPosition === undefined || minPosition === 0) return;
  if (await waiter.reached(projection, minPosition, timeoutMs)) return;
  throw problem('not-caught-up', `The ${projection} read model has not reached position ${minPosition} yet`, {
    headers: { 'Retry-After': '1' },
    extensions: { projection, minPosition },
  });
};
