import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { money } from '../profiles/queries/customer-360.query';
import type { SegmentRule } from './domain/segment-rule';

export interface SegmentSummary {
  segmentId: string;
  name: string;
  rule: SegmentRule;
  status: 'active' | 'archived';
  /** Profiles in the segment now (0 when archived). */
  members: number;
  /** Stream version: expectedVersion for the next PUT. */
  version: number;
  definedAt: string;
  archivedAt: string | null;
}

export interface SegmentList {
  segments: SegmentSummary[];
  /** Pass as `after` for the next page; null on the last page. */
  next: string | null;
}

export interface SegmentMember {
  profileId: string;
  orders: number;
  totalAmount: number;
  firstOrderAt: string | null;
  lastOrderAt: string | null;
  lastSeenAt: string | null;
}

export interface SegmentMembers {
  segmentId: string;
  status: 'active' | 'archived';
  members: SegmentMember[];
  next: string | null;
}

interface SegmentRow {
  segmentId: string;
  name: string;
  rule: unknown;
  status: 'active' | 'archived';
  members: number;
  version: number;
  definedAt: string;
  archivedAt: string | null;
}

// Counted on the (tenant, segment, profile) primary key at query time: an index range, and a count that can
// never drift from the rows.
const SELECT_SEGMENTS = `SELECT s.segment_id AS "segmentId", s.name, s.rule, s.status, s.version,
    s.defined_at AS "definedAt", s.archived_at AS "archivedAt",
    (SELECT count(*) FROM b2c_segment_members m WHERE m.tenant_id = s.tenant_id AND m.segment_id = s.segment_id) AS members
  FROM b2c_segments s`;

const summaryOf = (row: SegmentRow): SegmentSummary => ({
  segmentId: row.segmentId,
  name: row.name,
  rule: (typeof row.rule === 'string' ? JSON.parse(row.rule) : row.rule) as SegmentRule,
  status: row.status,
  members: Number(row.members),
  version: Number(row.version),
  definedAt: row.definedAt,
  archivedAt: row.archivedAt,
});

/** The tenant's segments (active and archived) with their member counts, by id, a page at a time. */
export const listSegments = async (
  rm: ReadModelStore,
  tenantId: string,
  page: { after?: string; limit: number },
): Promise<SegmentList> => {
  const rows = await rm.query<SegmentRow>(
    `${SELECT_SEGMENTS} WHERE s.tenant_id = ? AND s.segment_id > ? ORDER BY s.segment_id LIMIT ?`,
    [tenantId, page.after ?? '', page.limit + 1],
  );
  const segments = rows.slice(0, page.limit).map(summaryOf);
  return { segments, next: rows.length > page.limit ? segments.at(-1)!.segmentId : null };
};

export const getSegment = async (
  rm: ReadModelStore,
  tenantId: string,
  segmentId: string,
): Promise<SegmentSummary | undefined> => {
  const [row] = await rm.query<SegmentRow>(`${SELECT_SEGMENTS} WHERE s.tenant_id = ? AND s.segment_id = ?`, [
    tenantId,
    segmentId,
  ]);
  return row && summaryOf(row);
};

/** The segment's members by profile id, a page at a time, with a few figures of each; undefined for no segment. */
export const segmentMembers = async (
  rm: ReadModelStore,
  tenantId: string,
  segmentId: string,
  page: { after?: string; limit: number },
): Promise<SegmentMembers | undefined> => {
  const [segment] = await rm.query<{ status: 'active' | 'archived' }>(
    'SELECT status FROM b2c_segments WHERE tenant_id = ? AND segment_id = ?',
    [tenantId, segmentId],
  );
  if (!segment) return undefined;
  const rows = await rm.query<{
    profileId: string;
    orders: number;
    totalAmount: number;
    firstOrderAt: string | null;
    lastOrderAt: string | null;
    lastSeenAt: string | null;
  }>(
    `SELECT m.profile_id AS "profileId", p.orders, p.total_amount AS "totalAmount", p.first_order_at AS "firstOrderAt",
            p.last_order_at AS "lastOrderAt", p.last_seen_at AS "lastSeenAt"
       FROM b2c_segment_members m
       JOIN b2c_profiles p ON p.tenant_id = m.tenant_id AND p.profile_id = m.profile_id
      WHERE m.tenant_id = ? AND m.segment_id = ? AND m.profile_id > ?
      ORDER BY m.profile_id LIMIT ?`,
    [tenantId, segmentId, page.after ?? '', page.limit + 1],
  );
  const members = rows.slice(0, page.limit).map((r) => ({
    profileId: r.profileId,
    orders: Number(r.orders),
    totalAmount: money(r.totalAmount),
    firstOrderAt: r.firstOrderAt,
    lastOrderAt: r.lastOrderAt,
    lastSeenAt: r.lastSeenAt,
  }));
  return {
    segmentId,
    status: segment.status,
    members,
    next: rows.length > page.limit ? members.at(-1)!.profileId : null,
  };
};
