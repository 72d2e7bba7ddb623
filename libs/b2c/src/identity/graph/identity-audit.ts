import { insertRows } from '@crm/projections/core/multi-row';
import type { GraphContext } from './graph-context';

export type AuditKind = 'ProfilesMerged' | 'ProfileSplit' | 'PersonForgotten';

export interface AuditEntry {
  kind: AuditKind;
  /** One row per profile involved, each with its role. */
  rows: readonly { profileId: string; role: 'into' | 'from' | 'subject' }[];
  data: Record<string, unknown>;
}

/**
 * Records why profiles changed. Rows are keyed by the causing event's position and a sequence, so
 * replaying the same log writes the same rows; a shuffled log tells another (equally true) history.
 */
export const recordAudit = async (ctx: GraphContext, entry: AuditEntry): Promise<void> => {
  const seq = ctx.auditSeq;
  ctx.auditSeq += 1;
  const data = JSON.stringify(entry.data);
  // One statement for the entry's rows (distinct profiles, so they cannot conflict with each other).
  await insertRows(
    ctx.tx,
    {
      table: 'b2c_identity_audit',
      columns: ['tenant_id', 'profile_id', 'position', 'seq', 'kind', 'role', 'data', 'occurred_at'],
      suffix: 'ON CONFLICT (tenant_id, profile_id, position, seq) DO NOTHING',
    },
    entry.rows.map((row) => [
      ctx.tenantId,
      row.profileId,
      ctx.cause.position,
      seq,
      entry.kind,
      row.role,
      data,
      ctx.cause.occurredAt,
    ]),
  );
};

/** The evidence a merge or split cites: the event that caused it. */
export const evidenceOf = (ctx: GraphContext): Record<string, unknown> => ({
  eventId: ctx.cause.eventId,
  eventType: ctx.cause.eventType,
  position: ctx.cause.position,
  occurredAt: ctx.cause.occurredAt,
});
