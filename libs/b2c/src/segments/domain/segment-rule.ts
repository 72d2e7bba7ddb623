import {
  isSegmentField,
  isSegmentOp,
  LIST_VALUES,
  OPS_BY_KIND,
  SEGMENT_FIELD_NAMES,
  SEGMENT_FIELDS,
  SEGMENT_OPS,
  type SegmentField,
  type SegmentOp,
} from './segment-fields';

/** One test of a stored figure. `exists` takes `true` (has a value) or `false` (has none). */
export interface SegmentCondition {
  field: SegmentField;
  op: SegmentOp;
  value: number | string | boolean;
}

/** The rule language: every/any of a list, the negation of one rule, or a condition. */
export type SegmentRule = { all: SegmentRule[] } | { any: SegmentRule[] } | { not: SegmentRule } | SegmentCondition;

/** A path into the rule, e.g. `['all', 1, 'field']`. */
export type RulePath = readonly (string | number)[];

export interface RuleError {
  path: RulePath;
  /** `unknown`: a field, operator or key the language does not have (400); `invalid`: a bad value (422). */
  kind: 'unknown' | 'invalid';
  detail: string;
}

export type RuleValidation = { ok: true; rule: SegmentRule } | { ok: false; errors: RuleError[] };

/** Bounds that keep a rule cheap to evaluate on every profile change. */
export const RULE_LIMITS = { depth: 8, conditions: 100, listItems: 50 } as const;

const CONDITION_KEYS = ['field', 'op', 'value'];
const DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `rule.all[1].field`: how a person reads a path (the Problem Details pointer is `/rule/all/1/field`). */
export const dottedPath = (root: string, path: RulePath): string =>
  path.reduce<string>((out, token) => (typeof token === 'number' ? `${out}[${token}]` : `${out}.${token}`), root);

/** A date (`2026-01-31`) or date-time with a zone, as the ISO-8601 UTC text the read model stores. */
const normaliseDate = (value: unknown): string | undefined => {
  if (typeof value !== 'string' || !DATE.test(value)) return undefined;
  const ms = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
};

class Checker {
  readonly errors: RuleError[] = [];
  private conditions = 0;

  private fail(path: RulePath, kind: RuleError['kind'], detail: string): undefined {
    this.errors.push({ path, kind, detail });
    return undefined;
  }

  rule(value: unknown, path: RulePath, depth: number): SegmentRule | undefined {
    if (!isObject(value))
      return this.fail(path, 'invalid', 'must be an object: {all}, {any}, {not} or {field, op, value}');
    if (depth > RULE_LIMITS.depth) return this.fail(path, 'invalid', `rules nest at most ${RULE_LIMITS.depth} deep`);
    const keys = Object.keys(value);
    for (const combinator of ['all', 'any', 'not'] as const) {
      if (!keys.includes(combinator)) continue;
      const extra = keys.filter((k) => k !== combinator);
      for (const key of extra) this.fail([...path, key], 'unknown', `is not allowed beside "${combinator}"`);
      if (extra.length > 0) return undefined;
      if (combinator === 'not') {
        const inner = this.rule(value.not, [...path, 'not'], depth + 1);
        return inner && { not: inner };
      }
      return this.list(value[combinator], [...path, combinator], depth, combinator);
    }
    if (keys.includes('field') || keys.includes('op')) return this.condition(value, path);
    if (keys.length === 0) return this.fail(path, 'invalid', 'is empty: use {all}, {any}, {not} or {field, op, value}');
    for (const key of keys)
      this.fail([...path, key], 'unknown', 'is not part of the rule language (all, any, not, field, op, value)');
    return undefined;
  }

  private list(value: unknown, path: RulePath, depth: number, combinator: 'all' | 'any'): SegmentRule | undefined {
    if (!Array.isArray(value) || value.length === 0 || value.length > RULE_LIMITS.listItems)
      return this.fail(path, 'invalid', `must be a list of 1 to ${RULE_LIMITS.listItems} rules`);
    const rules = value.map((item, i) => this.rule(item, [...path, i], depth + 1));
    if (rules.some((r) => r === undefined)) return undefined;
    const checked = rules as SegmentRule[];
    return combinator === 'all' ? { all: checked } : { any: checked };
  }

  private condition(value: Record<string, unknown>, path: RulePath): SegmentCondition | undefined {
    this.conditions += 1;
    if (this.conditions === RULE_LIMITS.conditions + 1)
      this.fail(path, 'invalid', `a rule holds at most ${RULE_LIMITS.conditions} conditions`);
    const before = this.errors.length;
    for (const key of Object.keys(value))
      if (!CONDITION_KEYS.includes(key))
        this.fail([...path, key], 'unknown', 'is not part of a condition (field, op, value)');
    const { field, op } = value;
    if (typeof field !== 'string' || !isSegmentField(field))
      this.fail(
        [...path, 'field'],
        'unknown',
        `unknown field ${JSON.stringify(field)}; one of ${SEGMENT_FIELD_NAMES.join(', ')}`,
      );
    if (typeof op !== 'string' || !isSegmentOp(op))
      this.fail([...path, 'op'], 'unknown', `unknown op ${JSON.stringify(op)}; one of ${SEGMENT_OPS.join(', ')}`);
    if (this.errors.length > before || typeof field !== 'string' || typeof op !== 'string') return undefined;
    const f = field as SegmentField;
    const o = op as SegmentOp;
    const kind = SEGMENT_FIELDS[f].kind;
    if (!OPS_BY_KIND[kind].includes(o))
      return this.fail(
        [...path, 'op'],
        'invalid',
        `${o} does not apply to ${f} (${kind}); use ${OPS_BY_KIND[kind].join(', ')}`,
      );
    const checked = this.value(f, o, value.value, Object.hasOwn(value, 'value'), [...path, 'value']);
    return checked === undefined ? undefined : { field: f, op: o, value: checked };
  }

  private value(field: SegmentField, op: SegmentOp, value: unknown, given: boolean, path: RulePath) {
    if (op === 'exists') {
      if (!given) return true;
      return typeof value === 'boolean' ? value : this.fail(path, 'invalid', 'must be true or false for exists');
    }
    if (!given) return this.fail(path, 'invalid', `is required for ${op}`);
    const kind = SEGMENT_FIELDS[field].kind;
    switch (kind) {
      case 'number':
        return typeof value === 'number' && Number.isFinite(value)
          ? value
          : this.fail(path, 'invalid', 'must be a number');
      case 'date':
        return (
          normaliseDate(value) ??
          this.fail(path, 'invalid', 'must be a date (2026-01-31) or an ISO-8601 date-time with a zone')
        );
      case 'boolean':
        return typeof value === 'boolean' ? value : this.fail(path, 'invalid', 'must be true or false');
      case 'list': {
        const allowed = LIST_VALUES[field] ?? [];
        return typeof value === 'string' && allowed.includes(value)
          ? value
          : this.fail(path, 'invalid', `must be one of ${allowed.join(', ')}`);
      }
      default: {
        const unknown: never = kind;
        throw new Error(`Unhandled field kind ${String(unknown)}`);
      }
    }
  }
}

/**
 * Checks a rule and returns it in canonical form (keys in a fixed order, dates as stored UTC text,
 * `exists` with its value), so two spellings of one rule compare equal; or every error with its path.
 */
export const validateSegmentRule = (value: unknown): RuleValidation => {
  const checker = new Checker();
  const rule = checker.rule(value, [], 0);
  return rule !== undefined && checker.errors.length === 0 ? { ok: true, rule } : { ok: false, errors: checker.errors };
};

const sortedKeys = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(sortedKeys)
    : isObject(value)
      ? Object.fromEntries(
          Object.keys(value)
            .sort()
            .map((k) => [k, sortedKeys(value[k])]),
        )
      : value;

/**
 * Canonical text of a checked rule: equal texts are the same rule. Keys are sorted, because a stored rule
 * may come back with its keys in another order (PostgreSQL's jsonb orders them its own way).
 */
export const ruleText = (rule: SegmentRule): string => JSON.stringify(sortedKeys(rule));
