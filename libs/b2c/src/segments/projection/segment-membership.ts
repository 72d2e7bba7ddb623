import { insertRows } from '@crm/projections/core/multi-row';
import type { ReadModelTx, SqlValue } from '@crm/projections/port/projection';
import { executeIn, isoTime, parseJsonArray, queryIn } from '../../identity/graph/graph-context';
import { isMember } from '../domain/evaluate-segment-rule';
import { SEGMENT_FIELD_NAMES, SEGMENT_FIELDS, type SegmentSubject } from '../domain/segment-fields';
import { ruleText, validateSegmentRule, type SegmentRule } from '../domain/segment-rule';
import type { SegmentArchived, SegmentDefined } from '../segment.events';

const MEMBERS = 'b2c_segment_members';
/** Profiles read per statement when a definition is evaluated over the whole tenant. */
const PAGE = 2_000;

type ProfileRow = { profileId: string; forgotten: number } & Record<string, unknown>;

const PROFILE_COLUMNS = [
  'profile_id AS "profileId"',
  'forgotten',
  ...SEGMENT_FIELD_NAMES.map((f) => `${SEGMENT_FIELDS[f].column} AS "${f}"`),
].join(', ');

const valueOf = (kind: string, raw: unknown): SegmentSubject['values'][keyof SegmentSubject['values']] => {
  if (raw === null || raw === undefined) return null;
  switch (kind) {
    case 'number':
      return Number(raw);
    case 'date':
      return isoTime(String(raw));
    case 'boolean':
      return Number(raw) === 1;
    default:
      return parseJsonArray(raw);
  }
};

const subjectOf = (row: ProfileRow): SegmentSubject => {
  const values = {} as Record<string, unknown>;
  for (const field of SEGMENT_FIELD_NAMES) values[field] = valueOf(SEGMENT_FIELDS[field].kind, row[field]);
  return { forgotten: Number(row.forgotten) > 0, values: values as SegmentSubject['values'] };
};

/** Stored rules were checked by the decider; one that no longer checks stops the projection visibly. */
const parseRule = (segmentId: string, raw: unknown): SegmentRule => {
  const result = validateSegmentRule(typeof raw === 'string' ? JSON.parse(raw) : raw);
  if (!result.ok)
    throw new Error(`Segment ${segmentId} has a rule that does not check: ${JSON.stringify(result.errors)}`);
  return result.rule;
};

const activeSegments = async (tx: ReadModelTx, tenantId: string): Promise<{ segmentId: string; rule: SegmentRule }[]> =>
  (
    await tx.query<{ segmentId: string; rule: unknown }>(
      `SELECT segment_id AS "segmentId", rule FROM ${tx.table('b2c_segments')}
        WHERE tenant_id = ? AND status = 'active' ORDER BY segment_id`,
      [tenantId],
    )
  ).map((s) => ({ segmentId: s.segmentId, rule: parseRule(s.segmentId, s.rule) }));

const insertMembers = (tx: ReadModelTx, tenantId: string, pairs: readonly (readonly [string, string])[]) =>
  insertRows(
    tx,
    { table: MEMBERS, columns: ['tenant_id', 'segment_id', 'profile_id'] },
    pairs.map(([segmentId, profileId]): SqlValue[] => [tenantId, segmentId, profileId]),
  );

/**
 * A (re)definition: the segment's row, then its members from scratch over every profile of the tenant,
 * a page of profiles at a time by id. Rows of profiles touched earlier in the same page of events are
 * summarised (and their membership refreshed) at the end of the page, like every other touched profile.
 */
export const applySegmentDefined = async (
  tx: ReadModelTx,
  tenantId: string,
  data: SegmentDefined['data'],
  version: number,
): Promise<void> => {
  const rule = parseRule(data.segmentId, data.rule);
  await tx.execute(
    `INSERT INTO ${tx.table('b2c_segments')} (tenant_id, segment_id, name, rule, status, version, defined_at, archived_at)
     VALUES (?, ?, ?, ?, 'active', ?, ?, NULL)
     ON CONFLICT (tenant_id, segment_id) DO UPDATE SET name = excluded.name, rule = excluded.rule, status = 'active',
       version = excluded.version, defined_at = excluded.defined_at, archived_at = NULL`,
    [tenantId, data.segmentId, data.name, ruleText(rule), version, isoTime(data.at)],
  );
  await tx.execute(`DELETE FROM ${tx.table(MEMBERS)} WHERE tenant_id = ? AND segment_id = ?`, [
    tenantId,
    data.segmentId,
  ]);
  for (let after = ''; ;) {
    const rows = await tx.query<ProfileRow>(
      `SELECT ${PROFILE_COLUMNS} FROM ${tx.table('b2c_profiles')}
        WHERE tenant_id = ? AND profile_id > ? ORDER BY profile_id LIMIT ${PAGE}`,
      [tenantId, after],
    );
    const members = rows.filter((row) => isMember(rule, subjectOf(row)));
    await insertMembers(
      tx,
      tenantId,
      members.map((row) => [data.segmentId, row.profileId] as const),
    );
    if (rows.length < PAGE) break;
    after = rows.at(-1)!.profileId;
  }
};

/** Archived: no members, and no longer evaluated when profiles change. */
export const applySegmentArchived = async (
  tx: ReadModelTx,
  tenantId: string,
  data: SegmentArchived['data'],
  version: number,
): Promise<void> => {
  await tx.execute(
    `UPDATE ${tx.table('b2c_segments')} SET status = 'archived', version = ?, archived_at = ?
      WHERE tenant_id = ? AND segment_id = ?`,
    [version, isoTime(data.at), tenantId, data.segmentId],
  );
  await tx.execute(`DELETE FROM ${tx.table(MEMBERS)} WHERE tenant_id = ? AND segment_id = ?`, [
    tenantId,
    data.segmentId,
  ]);
};

/**
 * The membership of these profiles in every active segment, from their b2c_profiles rows as they are
 * now (called after the rows are summarised). Only the difference is written. A profile without a row
 * (merged away, split up) is in no segment.
 */
export const refreshMemberships = async (
  tx: ReadModelTx,
  tenantId: string,
  profileIds: readonly string[],
): Promise<void> => {
  if (profileIds.length === 0) return;
  const segments = await activeSegments(tx, tenantId);
  // No active segment, no member rows (archival and definitions clear them): nothing to compare.
  if (segments.length === 0) return;
  const rows = await queryIn<ProfileRow>(
    tx,
    `SELECT ${PROFILE_COLUMNS} FROM ${tx.table('b2c_profiles')} WHERE tenant_id = ? AND profile_id IN (?)`,
    [tenantId],
    profileIds,
  );
  const existing = await queryIn<{ segmentId: string; profileId: string }>(
    tx,
    `SELECT segment_id AS "segmentId", profile_id AS "profileId" FROM ${tx.table(MEMBERS)}
      WHERE tenant_id = ? AND profile_id IN (?)`,
    [tenantId],
    profileIds,
  );
  const key = (segmentId: string, profileId: string): string => `${segmentId}\u0000${profileId}`;
  const wanted = new Map<string, readonly [string, string]>();
  for (const row of [...rows].sort((a, b) => (a.profileId < b.profileId ? -1 : 1))) {
    const subject = subjectOf(row);
    for (const s of segments)
      if (isMember(s.rule, subject)) wanted.set(key(s.segmentId, row.profileId), [s.segmentId, row.profileId]);
  }
  const had = new Set(existing.map((e) => key(e.segmentId, e.profileId)));
  await insertMembers(
    tx,
    tenantId,
    [...wanted].filter(([k]) => !had.has(k)).map(([, pair]) => pair),
  );
  const leaving = new Map<string, string[]>();
  for (const e of existing)
    if (!wanted.has(key(e.segmentId, e.profileId)))
      leaving.set(e.segmentId, [...(leaving.get(e.segmentId) ?? []), e.profileId]);
  for (const [segmentId, ids] of [...leaving].sort(([a], [b]) => (a < b ? -1 : 1)))
    await executeIn(
      tx,
      `DELETE FROM ${tx.table(MEMBERS)} WHERE tenant_id = ? AND segment_id = ? AND profile_id IN (?)`,
      [tenantId, segmentId],
      ids.sort(),
    );
};

/** A profile row that goes (merged away, split up) takes its memberships with it. */
export const dropMemberships = (tx: ReadModelTx, tenantId: string, profileIds: readonly string[]): Promise<void> =>
  executeIn(tx, `DELETE FROM ${tx.table(MEMBERS)} WHERE tenant_id = ? AND profile_id IN (?)`, [tenantId], profileIds);
