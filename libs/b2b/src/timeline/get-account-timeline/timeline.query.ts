import type { ReadModelStore } from '@crm/projections/port/read-model-store';

export interface TimelineItem {
  entryId: string;
  occurredAt: string;
  kind: string;
  opportunityId: string | null;
  contactIds: string[];
  title: string;
  details: Record<string, unknown>;
  source: string;
  position: number;
}

export interface TimelinePage {
  accountId: string;
  entries: TimelineItem[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

interface Cursor {
  occurredAt: string;
  position: number;
}

/** Opaque to clients: where the previous page ended, by time then log position (newest first). */
export const encodeCursor = (c: Cursor): string =>
  Buffer.from(JSON.stringify([c.occurredAt, c.position])).toString('base64url');

export const decodeCursor = (text: string): Cursor | undefined => {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return undefined;
    const [occurredAt, position] = value as unknown[];
    if (typeof occurredAt !== 'string' || Number.isNaN(Date.parse(occurredAt))) return undefined;
    if (typeof position !== 'number' || !Number.isSafeInteger(position)) return undefined;
    return { occurredAt, position };
  } catch {
    return undefined;
  }
};

interface Row extends Omit<TimelineItem, 'contactIds' | 'details'> {
  contactIds: string;
  details: string;
}

/** Undefined when the account has neither a registration nor any history (unknown, or another tenant's). */
export const accountTimeline = async (
  rm: ReadModelStore,
  tenantId: string,
  accountId: string,
  limit: number,
  before: Cursor | undefined,
): Promise<TimelinePage | undefined> => {
  const after = before ? ' AND (occurred_at < ? OR (occurred_at = ? AND log_position < ?))' : '';
  const rows = await rm.query<Row>(
    `SELECT entry_id AS "entryId", occurred_at AS "occurredAt", kind, opportunity_id AS "opportunityId",
            contact_ids AS "contactIds", title, details, source, log_position AS position
       FROM b2b_timeline WHERE tenant_id = ? AND account_id = ?${after}
      ORDER BY occurred_at DESC, log_position DESC LIMIT ?`,
    [tenantId, accountId, ...(before ? [before.occurredAt, before.occurredAt, before.position] : []), limit + 1],
  );
  if (rows.length === 0 && !before) {
    const [known] = await rm.query<{ n: number }>(
      'SELECT count(*) AS n FROM b2b_accounts WHERE tenant_id = ? AND account_id = ?',
      [tenantId, accountId],
    );
    if (Number(known?.n ?? 0) === 0) return undefined;
  }
  const page = rows.slice(0, limit).map((r) => ({
    ...r,
    position: Number(r.position),
    contactIds: JSON.parse(r.contactIds) as string[],
    details: JSON.parse(r.details) as Record<string, unknown>,
  }));
  const last = page.at(-1);
  return {
    accountId,
    entries: page,
    nextCursor:
      rows.length > limit && last ? encodeCursor({ occurredAt: last.occurredAt, position: last.position }) : null,
  };
};
