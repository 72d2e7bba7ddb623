import { handleCommand } from '@crm/slices/command-runtime/aggregate-store';
import { commandEventId } from '@crm/slices/command-runtime/deterministic-id';
import { EVENT_STORE } from '@crm/event-store/event-store.module';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import { problem } from '@crm/platform/http/problems';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { READ_MODEL_STORE } from '@crm/projections/projections.module';
import type { Pseudonymizer } from '@crm/privacy/pseudonyms/pseudonymizer';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { identifierKey } from '../domain/identifier-keys';
import { profileStreamId } from '../identity-streams';
import { profileDecider } from '../profile.decider';
import { PSEUDONYMIZER } from '../pseudonymizer.token';
import { UnmergeProfile, type UnmergeProfileResult } from './unmerge-profile.command';

/**
 * Gathers what the read model says the profile holds, then lets the decider record the unmerge as a
 * rule on the profile's stream. The read model applies it to past and future sightings alike.
 */
@CommandHandler(UnmergeProfile)
export class UnmergeProfileHandler implements ICommandHandler<UnmergeProfile, UnmergeProfileResult> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_STORE) private readonly rm: ReadModelStore,
    @Inject(PSEUDONYMIZER) private readonly pseudonymizer: Pseudonymizer,
  ) {}

  async execute(command: UnmergeProfile): Promise<UnmergeProfileResult> {
    const { tenantId, profileId } = command;
    const streamId = profileStreamId(tenantId, profileId);
    // A retry (same Idempotency-Key) gets the first answer, though its identifiers have left the profile since.
    const key = command.origin.idempotencyKey;
    const repeat =
      key !== undefined &&
      (await this.store.readStream(streamId)).some((e) => e.eventId === commandEventId(streamId, key, 0));
    const [profile] = await this.rm.query<{ n: number }>(
      'SELECT 1 AS n FROM b2c_profiles WHERE tenant_id = ? AND profile_id = ?',
      [tenantId, profileId],
    );
    const held = (
      await this.rm.query<{ key: string }>(
        'SELECT identifier_key AS "key" FROM b2c_identifier_profiles WHERE tenant_id = ? AND profile_id = ?',
        [tenantId, profileId],
      )
    ).map((r) => r.key);
    const detached = command.identifiers.map((i) => identifierKey(this.pseudonymizer, tenantId, i.type, i.value).key);
    const heldSet = new Set(held);
    const foreign = detached.flatMap((k, i) => (repeat || profile === undefined || heldSet.has(k) ? [] : [i]));
    if (foreign.length > 0)
      throw problem('validation-failed', `Some identifiers do not belong to profile ${profileId}`, {
        errors: foreign.map((i) => ({
          pointer: `/identifiers/${i}`,
          detail: `does not belong to profile ${profileId}`,
        })),
      });
    const result = await handleCommand(
      this.store,
      streamId,
      profileDecider,
      {
        type: 'UnmergeProfile',
        profileId,
        profile: { exists: profile !== undefined, identifierKeys: held },
        detachedKeys: detached,
        reason: command.reason,
        at: command.at,
      },
      { origin: command.origin, occurredAt: command.at, expectedVersion: command.expectedVersion },
    );
    return { profileId, ...result };
  }
}
