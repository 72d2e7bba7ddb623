import { ProblemException, type FieldError, type ProblemCode } from './problem-details';

/** The one status and title of each problem type; `problem()` and the error mapping both use it. */
export const PROBLEM_TYPES: Readonly<Record<ProblemCode, { status: number; title: string }>> = {
  'malformed-request': { status: 400, title: 'Malformed request' },
  'validation-failed': { status: 422, title: 'Validation failed' },
  unauthorized: { status: 401, title: 'Unauthorized' },
  forbidden: { status: 403, title: 'Forbidden' },
  'not-found': { status: 404, title: 'Not found' },
  'wrong-expected-version': { status: 409, title: 'Wrong expected version' },
  'idempotency-conflict': { status: 409, title: 'Idempotency conflict' },
  'payload-too-large': { status: 413, title: 'Payload too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  'not-caught-up': { status: 503, title: 'Read model not caught up' },
  'store-unavailable': { status: 503, title: 'Event store unavailable' },
  'not-ready': { status: 503, title: 'Not ready' },
  internal: { status: 500, title: 'Internal error' },
};

export interface ProblemOptions {
  errors?: readonly FieldError[];
  extensions?: Readonly<Record<string, unknown>>;
  headers?: Readonly<Record<string, string>>;
  /** Only where one type covers several statuses (validation-failed as 400); defaults to the type's. */
  status?: number;
}

/**
 * Builds a ProblemException with the type's standard status and title:
 * `throw problem('not-found', \`Account ${id} not found\`)`.
 */
export const problem = (code: ProblemCode, detail?: string, options: ProblemOptions = {}): ProblemException => {
  const { status, title } = PROBLEM_TYPES[code];
  return new ProblemException(
    options.status ?? status,
    code,
    title,
    detail,
    options.errors,
    options.extensions,
    options.headers,
  );
};

/** RFC 6901: `~` → `~0`, `/` → `~1`. */
export const escapePointerToken = (token: string): string => token.replace(/~/g, '~0').replace(/\//g, '~1');

export const jsonPointer = (...tokens: ReadonlyArray<string | number>): string =>
  tokens.map((token) => `/${escapePointerToken(String(token))}`).join('');
