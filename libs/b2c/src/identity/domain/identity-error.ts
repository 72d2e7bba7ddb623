/**
 * A broken identity rule, decided by a pure decider. Recognised by shape by the HTTP platform
 * (libs/platform/src/http/problem-mapping.ts: name `DomainError`, `code`, `kind`), so each code is one
 * Problem Details type `/problems/<code>` — 409 for `conflict`, 422 for `invalid`, the platform's 404
 * for `not-found` — without the platform importing this library.
 */
export type IdentityErrorKind = 'conflict' | 'invalid' | 'not-found';

const RULES = {
  'profile-not-found': 'not-found',
  'identifier-not-in-profile': 'invalid',
  'unmerge-would-empty-profile': 'invalid',
  'invalid-identity-rules': 'invalid',
} as const satisfies Record<string, IdentityErrorKind>;

export type IdentityErrorCode = keyof typeof RULES;

export class IdentityError extends Error {
  override readonly name = 'DomainError';
  readonly kind: IdentityErrorKind;

  constructor(
    readonly code: IdentityErrorCode,
    readonly detail: string,
  ) {
    super(detail);
    this.kind = RULES[code];
  }
}
