/**
 * A broken segment rule, decided by the pure decider. Recognised by shape by the HTTP platform
 * (libs/platform/src/http/problem-mapping.ts: name `DomainError`, `code`, `kind`), like IdentityError.
 */
export type SegmentErrorKind = 'conflict' | 'invalid' | 'not-found';

const RULES = {
  'segment-not-found': 'not-found',
} as const satisfies Record<string, SegmentErrorKind>;

export type SegmentErrorCode = keyof typeof RULES;

export class SegmentError extends Error {
  override readonly name = 'DomainError';
  readonly kind: SegmentErrorKind;

  constructor(
    readonly code: SegmentErrorCode,
    readonly detail: string,
  ) {
    super(detail);
    this.kind = RULES[code];
  }
}
