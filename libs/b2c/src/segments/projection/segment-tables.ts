import type { TableSpec } from '@crm/projections/port/projection';

const tenant = { name: 'tenant_id', type: 'text', comment: 'Tenant' } as const;
const segment = { name: 'segment_id', type: 'text', comment: 'Segment id (stream <tenant>/segment-<id>)' } as const;

/** Segments and their members, kept by b2c-profiles in the transaction that moves the figures they test. */
export const SEGMENT_TABLES: TableSpec[] = [
  {
    name: 'b2c_segments',
    comment: 'Customer segments: rules over the stored figures of b2c_profiles (docs/adr/0011-b2c-segments.md)',
    columns: [
      tenant,
      segment,
      { name: 'name', type: 'text', comment: 'Display name' },
      { name: 'rule', type: 'json', comment: 'The rule in canonical form ({all}|{any}|{not}|{field, op, value})' },
      { name: 'status', type: 'text', comment: 'active (members kept up to date) or archived (no members)' },
      { name: 'version', type: 'integer', comment: 'Stream version of the latest definition or archival' },
      { name: 'defined_at', type: 'timestamp', comment: 'When the rule in force was defined' },
      { name: 'archived_at', type: 'timestamp', nullable: true, comment: 'When it was archived, null if active' },
    ],
    primaryKey: ['tenant_id', 'segment_id'],
  },
  {
    name: 'b2c_segment_members',
    comment:
      'Members of the active segments: one row per (segment, canonical profile) whose b2c_profiles row satisfies ' +
      'the rule now; forgotten persons are never members',
    columns: [tenant, segment, { name: 'profile_id', type: 'text', comment: 'Canonical profile id (b2c_profiles)' }],
    primaryKey: ['tenant_id', 'segment_id', 'profile_id'],
    indexes: [['tenant_id', 'profile_id']],
  },
];
