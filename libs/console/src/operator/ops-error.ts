/**
 * A refused ops request, in the platform's DomainError shape (libs/platform/src/http/problem-mapping.ts
 * recognises it by name, code and kind): `/problems/<code>`, 409 for a state that forbids it now, 422
 * for a request that can never succeed, the platform's 404 for a name that does not exist.
 */
export type OpsErrorCode =
  | 'rebuild-in-progress'
  | 'projection-not-faulted'
  | 'unknown-projection'
  | 'unknown-dead-letter'
  | 'dead-letter-truncated';

const KINDS = {
  'rebuild-in-progress': 'conflict',
  'projection-not-faulted': 'conflict',
  'unknown-projection': 'not-found',
  'unknown-dead-letter': 'not-found',
  'dead-letter-truncated': 'invalid',
} as const satisfies Record<OpsErrorCode, 'conflict' | 'invalid' | 'not-found'>;

export class OpsError extends Error {
  override readonly name = 'DomainError';
  readonly kind: (typeof KINDS)[OpsErrorCode];

  constructor(
    readonly code: OpsErrorCode,
    readonly detail: string,
  ) {
    super(detail);
    this.kind = KINDS[code];
  }
}
