/**
 * RFC 9457 Problem Details: the one error shape of the HTTP API. `type` is a URI reference under
 * `/problems/` naming one `ProblemCode`; `errors[]` points at the offending fields with JSON pointers
 * (RFC 6901) into the request body, e.g. `/3/properties/amount`.
 */
export type ProblemCode =
  | 'malformed-request' // 400: body is not JSON, or carries forbidden keys such as __proto__
  | 'validation-failed' // 422 (or 400 for unknown fields): well-formed JSON that breaks the contract
  | 'unauthorized' // 401: no key or an unknown key
  | 'forbidden' // 403: the key lacks the scope
  | 'not-found' // 404: unknown resource, or another tenant's
  | 'wrong-expected-version' // 409
  | 'idempotency-conflict' // 409
  | 'payload-too-large' // 413: body over the limit, too many events, an event over the size limit
  | 'unsupported-media-type' // 415
  | 'rate-limited' // 429, with Retry-After
  | 'not-caught-up' // 503, with Retry-After: a read model has not reached the requested position yet
  | 'store-unavailable' // 503
  | 'not-ready' // 503, with Retry-After: a readiness check (store, projection lag) fails
  | 'internal'; // 500

export interface FieldError {
  /** JSON pointer into the request body; '' for the body itself. */
  pointer: string;
  detail: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const problemTypeUri = (code: ProblemCode): string => `/problems/${code}`;

/**
 * Thrown by handlers and validators; the global exception filter renders it as Problem Details.
 * Plain class (no framework) so domain-adjacent code such as the shared ingest validator can throw it.
 */
export class ProblemException extends Error {
  constructor(
    readonly status: number,
    readonly code: ProblemCode,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: readonly FieldError[],
    /** Extra members, e.g. `{ actualVersion: 3 }`, and headers such as Retry-After go through `headers`. */
    readonly extensions?: Readonly<Record<string, unknown>>,
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(detail ?? title);
    this.name = 'ProblemException';
  }
}
