import type { SegmentSubject } from './segment-fields';
import type { SegmentCondition, SegmentRule } from './segment-rule';

/**
 * Comparisons with a value the person does not have (no order yet, a consent never given) are false,
 * `neq` included, as in SQL: "lastOrderAt lt 2026-01-01" does not hold for someone who never ordered.
 * `not` turns that around on purpose, and `exists` asks it directly.
 */
const holds = (condition: SegmentCondition, subject: SegmentSubject): boolean => {
  const actual = subject.values[condition.field];
  const { op, value } = condition;
  if (op === 'exists') return (actual !== null) === value;
  if (actual === null) return false;
  if (op === 'contains') return Array.isArray(actual) && actual.includes(value as string);
  if (Array.isArray(actual)) return false;
  // Numbers compare as numbers, dates as their stored UTC text (same width, so text order is time order).
  switch (op) {
    case 'eq':
      return actual === value;
    case 'neq':
      return actual !== value;
    case 'gt':
      return actual > value;
    case 'gte':
      return actual >= value;
    case 'lt':
      return actual < value;
    case 'lte':
      return actual <= value;
    default: {
      const unknown: never = op;
      throw new Error(`Unhandled op ${String(unknown)}`);
    }
  }
};

const matches = (rule: SegmentRule, subject: SegmentSubject): boolean => {
  if ('all' in rule) return rule.all.every((r) => matches(r, subject));
  if ('any' in rule) return rule.any.some((r) => matches(r, subject));
  if ('not' in rule) return !matches(rule.not, subject);
  return holds(rule, subject);
};

/** Whether a profile belongs to a segment. A forgotten person belongs to none, whatever the rule says. */
export const isMember = (rule: SegmentRule, subject: SegmentSubject): boolean =>
  !subject.forgotten && matches(rule, subject);
