import type { ProfileHistoryEntry } from '../api/api-types';

/** One line of a profile's "Merges and splits", told from that profile's side. */
export interface MergeHistoryLine {
  position: number;
  occurredAt: string;
  /** What happened, e.g. `Merged in: pr_b` or `Split off from pr_a`. */
  what: string;
  /** Rule, evidence and reason, when the audit has them. */
  why: string;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));
const ids = (value: unknown): string[] => (Array.isArray(value) ? value.map(text) : value ? [text(value)] : []);

const whyOf = (detail: Record<string, unknown>): string => {
  const evidence = (detail.evidence ?? {}) as Record<string, unknown>;
  return [
    detail.rule ? `rule ${text(detail.rule)}` : '',
    evidence.eventType ? `evidence: ${text(evidence.eventType)} at position ${text(evidence.position)}` : '',
    // An unmerge's reason is kept with its evidence in the audit (never in the published events).
    evidence.reason ? `“${text(evidence.reason)}”` : '',
  ]
    .filter(Boolean)
    .join(', ');
};

/**
 * The audit stores a split twice: a `ProfileSplit` of the cut profile and, for each part that got a new id,
 * a `ProfilesMerged` from the cut one (where its identifiers came from). Read as a merge that line says the
 * cut profile was merged away, which it was not, so a merge whose sources were all cut at the same position
 * is left out: the split tells it. The rest is worded from `profileId`'s side.
 */
export const mergeHistoryLines = (entries: readonly ProfileHistoryEntry[], profileId: string): MergeHistoryLine[] => {
  const cutAt = new Map<number, Set<string>>();
  for (const e of entries)
    if (e.kind === 'ProfileSplit')
      cutAt.set(e.position, new Set([...(cutAt.get(e.position) ?? []), ...ids(e.detail.from)]));
  return entries.flatMap((e): MergeHistoryLine[] => {
    const from = ids(e.detail.from);
    const into = ids(e.detail.into);
    let what: string;
    switch (e.kind) {
      case 'ProfilesMerged': {
        const cut = cutAt.get(e.position);
        if (cut && from.length > 0 && from.every((id) => cut.has(id))) return [];
        what = into.includes(profileId) ? `Merged in: ${from.join(', ')}` : `Merged into ${into.join(', ')}`;
        break;
      }
      case 'ProfileSplit': {
        const parts = into.filter((id) => !from.includes(id));
        if (!from.includes(profileId)) what = `Split off from ${from.join(', ')}`;
        else if (into.includes(profileId)) what = `Split: ${parts.join(', ')} split off`;
        else what = `Split into ${into.join(', ')}`;
        break;
      }
      case 'PersonForgotten':
        what = 'Forgotten (GDPR)';
        break;
      default: {
        const unknown: never = e.kind;
        what = text(unknown);
      }
    }
    return [{ position: e.position, occurredAt: e.occurredAt, what, why: whyOf(e.detail) }];
  });
};
