import type { Decider } from '@crm/slices/domain/decider';
import { IdentityError } from './domain/identity-error';
import type { ProfileEvent } from './identity.events';

export interface UnmergeProfileCommand {
  type: 'UnmergeProfile';
  profileId: string;
  /** What the read model says the profile holds now (gathered by the handler). */
  profile: { exists: boolean; identifierKeys: readonly string[] };
  detachedKeys: readonly string[];
  reason: string | null;
  at: string;
}

export type ProfileCommand = UnmergeProfileCommand;

export interface ProfileState {
  unmerges: number;
}

const sortedUnique = (keys: readonly string[]): string[] => [...new Set(keys)].sort();

/** Unmerge decisions about one profile id. */
export const profileDecider: Decider<ProfileCommand, ProfileEvent, ProfileState> = {
  decide: (command) => {
    switch (command.type) {
      case 'UnmergeProfile': {
        if (!command.profile.exists)
          throw new IdentityError('profile-not-found', `Profile ${command.profileId} was not found`);
        const held = new Set(command.profile.identifierKeys);
        const detached = sortedUnique(command.detachedKeys);
        const foreign = detached.filter((key) => !held.has(key));
        if (foreign.length > 0)
          throw new IdentityError(
            'identifier-not-in-profile',
            `${foreign.length} of the identifiers to detach do not belong to profile ${command.profileId}`,
          );
        const remaining = sortedUnique(command.profile.identifierKeys).filter((key) => !detached.includes(key));
        if (remaining.length === 0)
          throw new IdentityError(
            'unmerge-would-empty-profile',
            'Detaching every identifier splits nothing: keep at least one in the profile',
          );
        return [
          {
            type: 'ProfileUnmerged',
            data: {
              profileId: command.profileId,
              detachedKeys: detached,
              remainingKeys: remaining,
              reason: command.reason,
              at: command.at,
            },
          },
        ];
      }
      default: {
        const unknown: never = command.type;
        throw new Error(`Unknown command ${String(unknown)}`);
      }
    }
  },
  evolve: (state, event) => {
    switch (event.type) {
      case 'ProfileUnmerged':
        return { unmerges: state.unmerges + 1 };
      default: {
        const unknown: never = event.type;
        throw new Error(`Unknown event ${String(unknown)}`);
      }
    }
  },
  initialState: () => ({ unmerges: 0 }),
};
