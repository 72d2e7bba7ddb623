/**
 * Per-tenant identity rules: which identifier names a profile (priority), how many identifiers of a
 * type one identifier may link before it counts as shared (a kiosk, a family tablet, a call-centre
 * number), and which values never link at all (junk such as `null` or `test@example.com`).
 */
import { IDENTIFIER_TYPES, type IdentifierType } from './identifier';

export interface BlockedPattern {
  /** Applies to this type only; absent: to every type. */
  type?: IdentifierType;
  /** A regular expression (case-insensitive) tested against the normalised value. */
  pattern: string;
}

export interface IdentityRules {
  /** Every identifier type once, the strongest first: a profile is named after its strongest identifier. */
  priority: IdentifierType[];
  /**
   * For each type t: one identifier seen together with more than `limits[t]` distinct identifiers of
   * type t is shared (a device with 300 cookies, a phone with 12 emails) and links nothing.
   */
  limits: Record<IdentifierType, number>;
  /** Normalised values (compared case-insensitively) that never link, whatever their type. */
  blockedValues: string[];
  blockedPatterns: BlockedPattern[];
}

export const DEFAULT_IDENTITY_RULES: IdentityRules = {
  priority: ['customerId', 'loyaltyCard', 'email', 'phone', 'orderAccount', 'deviceId', 'cookieId', 'anonymousId'],
  limits: {
    customerId: 3,
    loyaltyCard: 3,
    email: 5,
    phone: 5,
    orderAccount: 100,
    deviceId: 10,
    cookieId: 200,
    anonymousId: 200,
  },
  blockedValues: [
    'null',
    'undefined',
    'none',
    'nil',
    'nan',
    'n/a',
    'na',
    '-',
    '0',
    'unknown',
    'anonymous',
    'test',
    'test@example.com',
    'test@test.com',
    'example@example.com',
    'noreply@example.com',
    '0000000000',
    '1234567890',
  ],
  blockedPatterns: [
    // Empty or punctuation only, and runs of zeros: default values of forms and exports.
    { pattern: '^[\\s\\-_.0]*$' },
    // Eight or more identical trailing digits: +5511999999999, +10000000000.
    { type: 'phone', pattern: '(\\d)\\1{7,}$' },
    { type: 'email', pattern: '^(?:test|null|none|undefined|noreply|no-reply|nobody)@' },
  ],
};

export const MAX_LIMIT = 1_000_000;
export const MAX_BLOCKED_VALUES = 1_000;
export const MAX_BLOCKED_PATTERNS = 100;
export const MAX_PATTERN_LENGTH = 200;

/** A field of the rules and what is wrong with it (a JSON pointer into the rules object). */
export interface RuleProblem {
  pointer: string;
  detail: string;
}

// Nested quantifiers such as (a+)+ backtrack exponentially: refused, since patterns run on every sighting.
const NESTED_QUANTIFIER = /\([^)]*[+*}][^)]*\)\s*[+*{]/;

/** Every problem of a rules object, empty when it is valid. */
export const checkIdentityRules = (rules: IdentityRules): RuleProblem[] => {
  const problems: RuleProblem[] = [];
  const seen = new Set(rules.priority);
  if (rules.priority.length !== IDENTIFIER_TYPES.length || seen.size !== IDENTIFIER_TYPES.length) {
    problems.push({ pointer: '/priority', detail: `must list each of ${IDENTIFIER_TYPES.join(', ')} exactly once` });
  }
  for (const type of IDENTIFIER_TYPES) {
    const limit = rules.limits[type];
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
      problems.push({ pointer: `/limits/${type}`, detail: `must be an integer from 1 to ${MAX_LIMIT}` });
  }
  if (rules.blockedValues.length > MAX_BLOCKED_VALUES)
    problems.push({ pointer: '/blockedValues', detail: `must hold at most ${MAX_BLOCKED_VALUES} values` });
  if (rules.blockedPatterns.length > MAX_BLOCKED_PATTERNS)
    problems.push({ pointer: '/blockedPatterns', detail: `must hold at most ${MAX_BLOCKED_PATTERNS} patterns` });
  rules.blockedPatterns.forEach(({ pattern }, i) => {
    const at = `/blockedPatterns/${i}/pattern`;
    if (pattern.length === 0 || pattern.length > MAX_PATTERN_LENGTH) {
      problems.push({ pointer: at, detail: `must be 1 to ${MAX_PATTERN_LENGTH} characters` });
      return;
    }
    if (NESTED_QUANTIFIER.test(pattern)) {
      problems.push({ pointer: at, detail: 'must not nest quantifiers such as (a+)+ (exponential backtracking)' });
      return;
    }
    try {
      new RegExp(pattern, 'iu');
    } catch (error) {
      problems.push({ pointer: at, detail: `is not a valid regular expression: ${(error as Error).message}` });
    }
  });
  return problems;
};

/** The rules ready to apply: ranks and compiled patterns. */
export interface CompiledRules {
  readonly rules: IdentityRules;
  /** 0 for the strongest type. */
  rank(type: IdentifierType): number;
  limit(type: IdentifierType): number;
  isBlocked(type: IdentifierType, normalizedValue: string): boolean;
}

export const compileIdentityRules = (rules: IdentityRules): CompiledRules => {
  const ranks = new Map(rules.priority.map((type, i) => [type, i]));
  const values = new Set(rules.blockedValues.map((v) => v.toLowerCase()));
  const patterns = rules.blockedPatterns.map((p) => ({ type: p.type, regex: new RegExp(p.pattern, 'iu') }));
  return {
    rules,
    rank: (type) => ranks.get(type) ?? IDENTIFIER_TYPES.length,
    limit: (type) => rules.limits[type],
    isBlocked: (type, value) =>
      values.has(value.toLowerCase()) ||
      patterns.some((p) => (p.type === undefined || p.type === type) && p.regex.test(value)),
  };
};
