import type { ProfileHistoryEntry } from '../api/api-types';

/** A piece of a history line: text, or another profile's id (the page links it to that profile). */
export type MergeHistoryPart = { text: string } | { profileId: string };

/** One line of a profile's "Merges and splits", told from that profile's side. */
export interface MergeHistoryLine {
  position: number;
  occurredAt: string;
  /** What happened, e.g. `Merged in: pr_b` or `Split off from pr_a`. */
  what: string;
  /** `what` in pieces, with the profile ids apart so that each can be a link. */
  parts: MergeHistoryPart[];
  /** The profiles this one's identifiers went to when this line ended it (merged into, split into); else empty. */
  movedTo: string[];
  /** Rule, evidence and reason, when the audit has them. */
  why: string;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));
const ids = (value: unknown): string[] => (Array.isArray(value) ? value.map(text) : value ? [text(value)] : []);

/** `lead` then the ids separated by commas, then `tail`. */
const withIds = (lead: string, profileIds: string[], tail = ''): MergeHistoryPart[] => [
  { text: lead },
  ...profileIds.flatMap((profileId, i): MergeHistoryPart[] =>
    i === 0 ? [{ profileId }] : [{ text: ', ' }, { profileId }],
  ),
  ...(tail === '' ? [] : [{ text: tail }]),
];

const joined = (parts: readonly MergeHistoryPart[]): string =>
  parts.map((p) => ('text' in p ? p.text : p.profileId)).join('');

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
    let parts: MergeHistoryPart[];
    let movedTo: string[] = [];
    switch (e.kind) {
      case 'ProfilesMerged': {
        const cut = cutAt.get(e.position);
        if (cut && from.length > 0 && from.every((id) => cut.has(id))) return [];
        if (into.includes(profileId)) parts = withIds('Merged in: ', from);
        else {
          parts = withIds('Merged into ', into);
          movedTo = into;
        }
        break;
      }
      case 'ProfileSplit': {
        const parted = into.filter((id) => !from.includes(id));
        if (!from.includes(profileId)) parts = withIds('Split off from ', from);
        else if (into.includes(profileId)) parts = withIds('Split: ', parted, ' split off');
        else {
          parts = withIds('Split into ', into);
          movedTo = into;
        }
        break;
      }
      case 'PersonForgotten':
        parts = [{ text: 'Forgotten (GDPR)' }];
        break;
      default: {
        const unknown: never = e.kind;
        parts = [{ text: text(unknown) }];
      }
    }
    return [
      { position: e.position, occurredAt: e.occurredAt, what: joined(parts), parts, movedTo, why: whyOf(e.detail) },
    ];
  });
};

/**
 * Where a profile id that is no longer a profile went: the newest line that ended it (entries come newest
 * first). Null when its history says nothing of the kind (never merged away, or only forgotten).
 */
export const whereItWent = (entries: readonly ProfileHistoryEntry[], profileId: string): MergeHistoryLine | null =>
  mergeHistoryLines(entries, profileId).find((line) => line.movedTo.length > 0) ?? null;
