import { jsonPointer, problem } from '@crm/platform/http/problems';
import { dottedPath, validateSegmentRule, type SegmentRule } from '../domain/segment-rule';

/**
 * The body's rule, checked and canonical, or Problem Details `validation-failed` with one error per
 * broken part: 400 when the rule names a field, operator or key the language does not have (the
 * platform's status for unknown fields), 422 when it only has bad values.
 */
export const checkedRule = (rule: unknown): SegmentRule => {
  const result = validateSegmentRule(rule);
  if (result.ok) return result.rule;
  const first = result.errors[0]!;
  throw problem('validation-failed', `${dottedPath('rule', first.path)} ${first.detail}`, {
    status: result.errors.some((e) => e.kind === 'unknown') ? 400 : 422,
    errors: result.errors.map((e) => ({
      pointer: jsonPointer('rule', ...e.path),
      detail: `${dottedPath('rule', e.path)} ${e.detail}`,
    })),
  });
};
