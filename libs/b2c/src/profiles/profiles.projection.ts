import type { RecordedEvent } from '@crm/event-store/port/event-store.port';
import type { Projection, ReadModelTx } from '@crm/projections/port/projection';
import type { Pseudonymizer } from '@crm/privacy/pseudonyms/pseudonymizer';
import { sightedIdentifiers } from '../identity/domain/identifier-keys';
import { isoTime, queryIn, type GraphContext } from '../identity/graph/graph-context';
import { linkSighting } from '../identity/graph/link-sighting';
import { recomputeComponents, recomputeTenant } from '../identity/graph/recompute-components';
import { saveRules, tenantRules } from '../identity/graph/rules-rows';
import { insertSplit } from '../identity/graph/sighting-rows';
import { pagePseudonymizer } from '../identity/graph/tx-cache';
import { IDENTITY_TABLES } from '../identity/identity-tables';
import { SEGMENT_TABLES } from '../segments/projection/segment-tables';
import {
  applySegmentArchived,
  applySegmentDefined,
  refreshMemberships,
} from '../segments/projection/segment-membership';
import { PROFILE_TABLES } from './profile-tables';
import { b2cEventOf, PROFILE_PROJECTION_EVENTS, type CustomerSighting } from './projection/b2c-events';
import { recordCustomerFacts } from './projection/customer-facts';
import { forgetPerson } from './projection/forget-person';
import { summariseProfiles } from './projection/profile-summary';

export const PROFILES_PROJECTION = 'b2c-profiles';

export interface ProfilesProjectionDeps {
  pseudonymizer: Pseudonymizer;
}

const occurredAt = (event: RecordedEvent): string => isoTime(event.metadata.occurredAt ?? event.recordedAt);

const applySighting = async (
  ctx: GraphContext,
  event: RecordedEvent,
  sighting: CustomerSighting,
  pseudonymizer: Pseudonymizer,
): Promise<void> => {
  const sighted = sightedIdentifiers(
    pagePseudonymizer(ctx.tx, ctx.tenantId, pseudonymizer),
    ctx.rules,
    ctx.tenantId,
    sighting.identifiers,
  );
  if (sighted.length === 0) return;
  const at = ctx.cause.occurredAt;
  const linked = await linkSighting(ctx, sighted, {
    eventId: event.eventId,
    eventType: event.type,
    at,
    channel: sighting.channel,
  });
  const lostTo = await recordCustomerFacts(
    {
      tx: ctx.tx,
      tenantId: ctx.tenantId,
      sightingId: linked.sightingId,
      eventId: event.eventId,
      at,
      newSighting: linked.isNew,
    },
    sighting,
  );
  if (linked.profileId !== null) ctx.touched.add(linked.profileId);
  if (lostTo !== null) ctx.touched.add(lostTo);
};

/** Applies one event to the graph and the facts; the profiles to summarise are left in `ctx.touched`. */
const applyEvent = async (
  event: RecordedEvent,
  tx: ReadModelTx,
  pseudonymizer: Pseudonymizer,
): Promise<GraphContext | undefined> => {
  const b2c = b2cEventOf(event);
  if (b2c === undefined) return undefined;
  const tenantId = event.metadata.tenantId;
  const ctx: GraphContext = {
    tx,
    tenantId,
    rules: await tenantRules(tx, tenantId),
    cause: { position: event.position, eventId: event.eventId, eventType: event.type, occurredAt: occurredAt(event) },
    auditSeq: 0,
    touched: new Set(),
  };
  switch (b2c.kind) {
    case 'sighting':
      await applySighting(ctx, event, b2c, pseudonymizer);
      break;
    case 'unmerge': {
      const d = b2c.data;
      await insertSplit(tx, tenantId, {
        splitId: event.eventId,
        profileId: d.profileId,
        detached: d.detachedKeys,
        remaining: d.remainingKeys,
        reason: d.reason,
        at: isoTime(d.at),
      });
      // Replayed before its sightings, the rule simply waits for them: linking consults it.
      const profiles = await queryIn<{ profileId: string }>(
        tx,
        `SELECT DISTINCT profile_id AS "profileId" FROM ${tx.table('b2c_identifier_profiles')}
          WHERE tenant_id = ? AND profile_id IS NOT NULL AND identifier_key IN (?)`,
        [tenantId],
        [...d.detachedKeys, ...d.remainingKeys],
      );
      if (profiles.length > 0)
        await recomputeComponents(
          ctx,
          { profileIds: [...new Set(profiles.map((p) => p.profileId))].sort() },
          'unmerge',
          { splitId: event.eventId, reason: d.reason },
        );
      break;
    }
    case 'rules':
      await saveRules(tx, tenantId, b2c.data.rules, event.streamVersion, isoTime(b2c.data.at));
      ctx.rules = await tenantRules(tx, tenantId);
      await recomputeTenant(ctx, 'identity-rules');
      break;
    case 'forget':
      await forgetPerson(ctx, b2c.data);
      break;
    case 'segment-defined':
      await applySegmentDefined(tx, tenantId, b2c.data, b2c.version);
      break;
    case 'segment-archived':
      await applySegmentArchived(tx, tenantId, b2c.data, b2c.version);
      break;
    default: {
      const unknown: never = b2c;
      throw new Error(`Unhandled ${JSON.stringify(unknown)}`);
    }
  }
  return ctx;
};

/**
 * The 360 rows of the touched profiles, computed once from what is attributed to them now, then their
 * segment memberships from those rows (profiles that went take theirs along in deleteProfiles).
 */
const summarise = async (tx: ReadModelTx, touched: ReadonlyMap<string, ReadonlySet<string>>): Promise<void> => {
  for (const [tenantId, profiles] of touched) {
    const ids = [...profiles].sort();
    await summariseProfiles(tx, tenantId, ids);
    await refreshMemberships(tx, tenantId, ids);
  }
};

/**
 * Identity resolution and the customer 360 in one read model, so an event, the merges it causes and
 * the figures it moves commit together with the checkpoint. Every customer event with a B2C subject
 * is a sighting; unmerge rules, the tenant's identity rules, GDPR forgets and segment definitions
 * come from their own streams. Segment membership lives here too: it must move in the transaction
 * that moves the figures it tests (docs/adr/0011). The result depends on the set of events, not their
 * order (docs/adr/0006).
 */
export const profilesProjection = ({ pseudonymizer }: ProfilesProjectionDeps): Projection => ({
  name: PROFILES_PROJECTION,
  // v2 (one rebuild, blue/green): segments (b2c_segments, b2c_segment_members) are kept here, and the audit has
  // the (position, seq) index the merge-events publisher follows.
  version: 2,
  handles: PROFILE_PROJECTION_EVENTS,
  tables: [...IDENTITY_TABLES, ...PROFILE_TABLES, ...SEGMENT_TABLES],
  async apply(event: RecordedEvent, tx: ReadModelTx) {
    const ctx = await applyEvent(event, tx, pseudonymizer);
    if (ctx !== undefined) await summarise(tx, new Map([[ctx.tenantId, ctx.touched]]));
  },
  // The same events one by one, but each person's 360 row computed once per page: it is a function of the
  // detail rows, which the linking never reads, so the page ends where event-by-event application would.
  async applyBatch(events: readonly RecordedEvent[], tx: ReadModelTx) {
    const touched = new Map<string, Set<string>>();
    for (const event of events) {
      const ctx = await applyEvent(event, tx, pseudonymizer);
      if (ctx === undefined) continue;
      const set = touched.get(ctx.tenantId) ?? new Set<string>();
      for (const profileId of ctx.touched) set.add(profileId);
      touched.set(ctx.tenantId, set);
    }
    await summarise(tx, touched);
  },
});
