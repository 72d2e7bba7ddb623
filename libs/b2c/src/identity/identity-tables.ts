import type { TableSpec } from '@crm/projections/port/projection';

const tenant = { name: 'tenant_id', type: 'text', comment: 'Tenant' } as const;

/** The identity graph of the b2c-profiles projection: identifiers, sightings, links, rules and the audit. */
export const IDENTITY_TABLES: TableSpec[] = [
  {
    name: 'b2c_identifier_profiles',
    comment:
      'Every identifier seen in a B2C customer event and the profile (person) it belongs to. Stable view for ' +
      'segments and GDPR: join on identifier_key, never on the clear value',
    columns: [
      tenant,
      {
        name: 'identifier_key',
        type: 'text',
        comment: 'Pseudonym of (tenant, type, normalised value): what identity resolution links',
      },
      { name: 'identifier_type', type: 'text', comment: 'customerId, email, phone, deviceId, cookieId, …' },
      {
        name: 'profile_id',
        type: 'text',
        nullable: true,
        comment: 'Canonical profile id; null for shared and blocked identifiers',
      },
      { name: 'status', type: 'text', comment: 'linked | shared (over a per-type limit) | blocked (junk value)' },
      {
        name: 'display_value',
        type: 'text',
        nullable: true,
        comment: 'Normalised clear value; null once forgotten or when only a shredded value was seen',
      },
      {
        name: 'forgotten',
        type: 'integer',
        comment: '1 after a PersonForgotten, until the value is seen in clear again (the person came back)',
      },
    ],
    primaryKey: ['tenant_id', 'identifier_key'],
    indexes: [
      ['tenant_id', 'profile_id'],
      ['tenant_id', 'status'],
    ],
  },
  {
    name: 'b2c_identity_sightings',
    comment:
      'Distinct identifier sets seen together (a sighting: the identifiers of one event); each links its members',
    columns: [
      tenant,
      { name: 'sighting_id', type: 'text', comment: 'Hash of the sorted identifier keys' },
      { name: 'members', type: 'json', comment: 'The identifier keys, sorted' },
      {
        name: 'profile_id',
        type: 'text',
        nullable: true,
        comment: 'Profile its events count for (that of its strongest linked identifier); null if nothing links',
      },
      { name: 'events', type: 'integer', comment: 'Events seen with exactly this set' },
      { name: 'first_event_id', type: 'text', comment: 'Earliest such event (occurred_at, then id): the evidence' },
      { name: 'first_event_type', type: 'text', comment: 'Type of that event' },
      { name: 'first_seen_at', type: 'timestamp', comment: 'When that event happened' },
      { name: 'last_seen_at', type: 'timestamp', comment: 'Latest occurred_at of an event with this set' },
      { name: 'channels', type: 'json', comment: 'Channels of those events (sorted)' },
    ],
    primaryKey: ['tenant_id', 'sighting_id'],
    indexes: [['tenant_id', 'profile_id']],
  },
  {
    name: 'b2c_identity_sighting_members',
    comment: 'Which sightings an identifier appears in',
    columns: [
      tenant,
      { name: 'identifier_key', type: 'text', comment: 'Identifier key' },
      { name: 'sighting_id', type: 'text', comment: 'Sighting holding it' },
    ],
    primaryKey: ['tenant_id', 'identifier_key', 'sighting_id'],
  },
  {
    name: 'b2c_identity_neighbours',
    comment: 'Distinct identifiers seen together with an identifier (both directions), for the per-type limits',
    columns: [
      tenant,
      { name: 'identifier_key', type: 'text', comment: 'Identifier key' },
      { name: 'neighbour_key', type: 'text', comment: 'An identifier seen in a sighting with it' },
      { name: 'neighbour_type', type: 'text', comment: 'Type of the neighbour' },
    ],
    primaryKey: ['tenant_id', 'identifier_key', 'neighbour_key'],
  },
  {
    name: 'b2c_identity_degrees',
    comment: 'Per identifier and type: distinct non-blocked neighbours of that type (above the limit: shared)',
    columns: [
      tenant,
      { name: 'identifier_key', type: 'text', comment: 'Identifier key' },
      { name: 'neighbour_type', type: 'text', comment: 'Identifier type counted' },
      { name: 'linked', type: 'integer', comment: 'Distinct non-blocked neighbours of that type' },
    ],
    primaryKey: ['tenant_id', 'identifier_key', 'neighbour_type'],
  },
  {
    name: 'b2c_identity_splits',
    comment: 'Unmerge rules (ProfileUnmerged): detached identifiers no longer link to the rest in shared sightings',
    columns: [
      tenant,
      { name: 'split_id', type: 'text', comment: 'Event id of the ProfileUnmerged' },
      { name: 'profile_id', type: 'text', comment: 'Profile that was split' },
      { name: 'detached_keys', type: 'json', comment: 'Identifier keys detached' },
      { name: 'remaining_keys', type: 'json', comment: 'Identifier keys the profile kept' },
      { name: 'reason', type: 'text', nullable: true, comment: 'Why, as the operator said' },
      { name: 'unmerged_at', type: 'timestamp', comment: 'When it was decided' },
    ],
    primaryKey: ['tenant_id', 'split_id'],
  },
  {
    name: 'b2c_identity_split_members',
    comment: 'Identifier keys named by unmerge rules',
    columns: [
      tenant,
      { name: 'identifier_key', type: 'text', comment: 'Identifier key' },
      { name: 'split_id', type: 'text', comment: 'Unmerge rule naming it' },
    ],
    primaryKey: ['tenant_id', 'identifier_key', 'split_id'],
  },
  {
    name: 'b2c_identity_rules',
    comment: 'Identity rules per tenant (absent: the documented defaults)',
    columns: [
      tenant,
      { name: 'rules', type: 'json', comment: 'priority, limits, blockedValues, blockedPatterns' },
      { name: 'version', type: 'integer', comment: 'Version of <tenant>/identityRules-current' },
      { name: 'set_at', type: 'timestamp', comment: 'When they were set' },
    ],
    primaryKey: ['tenant_id'],
  },
  {
    name: 'b2c_identity_audit',
    comment:
      'Why profiles changed: merges (rule and evidence), splits, shared identifiers, forgets; one row per profile involved',
    columns: [
      tenant,
      { name: 'profile_id', type: 'text', comment: 'Profile this row is about' },
      { name: 'position', type: 'integer', comment: 'Log position of the event that caused it' },
      { name: 'seq', type: 'integer', comment: 'Order among the changes of that event' },
      { name: 'kind', type: 'text', comment: 'ProfilesMerged | ProfileSplit | PersonForgotten' },
      { name: 'role', type: 'text', comment: 'into | from (merges), from | into (splits), subject' },
      { name: 'data', type: 'json', comment: '{ into, from[], rule, evidence }' },
      { name: 'occurred_at', type: 'timestamp', comment: 'When the causing event happened' },
    ],
    primaryKey: ['tenant_id', 'profile_id', 'position', 'seq'],
    // The merge-events publisher reads it in log order from its cursor.
    indexes: [['position', 'seq']],
  },
];
