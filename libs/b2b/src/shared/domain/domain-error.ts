/**
 * A broken business rule, decided by a pure decider. Errors are data: `code` is stable and names one
 * Problem Details type (`/problems/<code>`); `kind` says whether the rule is about the aggregate's
 * current state (a retry with fresh state may succeed: 409), about the command itself (422), or
 * whether the aggregate the command addresses does not exist (404, the platform's `not-found` type,
 * the same answer another tenant's id gets). The HTTP platform recognises the error by shape
 * (libs/platform/src/http/problem-mapping.ts), so it imports nothing from here.
 */
export type DomainErrorKind = 'conflict' | 'invalid' | 'not-found';

const RULES = {
  // accounts
  'account-already-registered': 'conflict',
  'account-not-registered': 'not-found',
  'unknown-parent-account': 'invalid',
  'account-hierarchy-cycle': 'invalid',
  // pipelines
  'pipeline-already-defined': 'conflict',
  'invalid-pipeline': 'invalid',
  'unknown-pipeline': 'invalid',
  // opportunities
  'opportunity-already-opened': 'conflict',
  'opportunity-not-opened': 'not-found',
  'unknown-account': 'invalid',
  'unknown-stage': 'invalid',
  'closing-stage': 'invalid',
  'opportunity-closed': 'conflict',
  'invalid-amount': 'invalid',
  // contacts and buying committee
  'contact-already-added': 'conflict',
  'contact-not-added': 'not-found',
  'unknown-contact': 'invalid',
  'reports-to-cycle': 'invalid',
  // interactions
  'interaction-already-logged': 'conflict',
  'invalid-interaction': 'invalid',
  // approvals
  'approval-already-requested': 'conflict',
  'approval-not-requested': 'not-found',
  'invalid-approver-chain': 'invalid',
  'unknown-opportunity': 'invalid',
  'approval-decided': 'conflict',
  'not-current-approver': 'conflict',
  // staged payments
  'opportunity-not-won': 'conflict',
  'payments-already-scheduled': 'conflict',
  'payments-not-scheduled': 'conflict',
  'invalid-payment-schedule': 'invalid',
  'unknown-instalment': 'invalid',
  'instalment-overpaid': 'conflict',
} as const satisfies Record<string, DomainErrorKind>;

export type DomainErrorCode = keyof typeof RULES;

export const DOMAIN_ERROR_CODES = Object.keys(RULES) as DomainErrorCode[];

export const domainErrorKind = (code: DomainErrorCode): DomainErrorKind => RULES[code];

export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly kind: DomainErrorKind;

  constructor(
    readonly code: DomainErrorCode,
    readonly detail: string,
  ) {
    super(detail);
    this.kind = RULES[code];
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
