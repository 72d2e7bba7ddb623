import { assertNever, type Decider } from '@crm/slices/domain/decider';
import { DomainError } from '../shared/domain/domain-error';
import type { AccountEvent, AccountProfile } from './account.events';

/**
 * What the handler found out about a proposed parent before deciding: whether it is registered and
 * its own ancestors (nearest first). The decider needs nothing else to refuse a cycle.
 */
export interface ParentFacts {
  parentId: string;
  registered: boolean;
  ancestorIds: readonly string[];
}

export type AccountCommand =
  | { type: 'RegisterAccount'; accountId: string; profile: AccountProfile; parent: ParentFacts | null; at: string }
  | {
      type: 'UpdateAccount';
      accountId: string;
      profile: Partial<AccountProfile>;
      /** Undefined leaves the parent as it is; null detaches the account. */
      parent?: ParentFacts | null;
      at: string;
    };

export type AccountState =
  | { status: 'unregistered' }
  | { status: 'registered'; accountId: string; profile: AccountProfile; parentId: string | null };

const PROFILE_FIELDS = [
  'name',
  'sector',
  'yearEstablished',
  'revenueMillions',
  'employees',
  'officeLocation',
] as const satisfies readonly (keyof AccountProfile)[];

/** A hierarchy is a tree: the parent must exist and must not be the account or one of its subsidiaries. */
const checkParent = (accountId: string, parent: ParentFacts): void => {
  if (parent.parentId === accountId || parent.ancestorIds.includes(accountId)) {
    throw new DomainError(
      'account-hierarchy-cycle',
      `Account ${accountId} cannot be a subsidiary of ${parent.parentId}: ${parent.parentId} is ${accountId} or one of its subsidiaries`,
    );
  }
  if (!parent.registered) {
    throw new DomainError('unknown-parent-account', `Parent account ${parent.parentId} is not registered`);
  }
};

const changedFields = (current: AccountProfile, proposed: Partial<AccountProfile>): Partial<AccountProfile> => {
  const changes: Partial<AccountProfile> = {};
  for (const field of PROFILE_FIELDS) {
    const value = proposed[field];
    if (value !== undefined && value !== current[field]) Object.assign(changes, { [field]: value });
  }
  return changes;
};

const decide = (command: AccountCommand, state: AccountState): AccountEvent[] => {
  switch (command.type) {
    case 'RegisterAccount': {
      if (state.status === 'registered')
        throw new DomainError('account-already-registered', `Account ${command.accountId} is already registered`);
      if (command.parent) checkParent(command.accountId, command.parent);
      return [
        {
          type: 'AccountRegistered',
          data: {
            accountId: command.accountId,
            ...command.profile,
            parentId: command.parent?.parentId ?? null,
            at: command.at,
          },
        },
      ];
    }
    case 'UpdateAccount': {
      if (state.status !== 'registered')
        throw new DomainError('account-not-registered', `Account ${command.accountId} is not registered`);
      const events: AccountEvent[] = [];
      const changes = changedFields(state.profile, command.profile);
      if (Object.keys(changes).length > 0)
        events.push({ type: 'AccountProfileUpdated', data: { accountId: state.accountId, changes, at: command.at } });
      const parentId = command.parent === undefined ? state.parentId : (command.parent?.parentId ?? null);
      if (parentId !== state.parentId) {
        if (command.parent) checkParent(state.accountId, command.parent);
        events.push({
          type: 'AccountParentChanged',
          data: { accountId: state.accountId, previousParentId: state.parentId, parentId, at: command.at },
        });
      }
      return events;
    }
    default:
      return assertNever(command);
  }
};

const evolve = (state: AccountState, event: AccountEvent): AccountState => {
  switch (event.type) {
    case 'AccountRegistered': {
      const { accountId, parentId, at: _at, ...profile } = event.data;
      return { status: 'registered', accountId, profile, parentId };
    }
    case 'AccountProfileUpdated':
      return state.status === 'registered' ? { ...state, profile: { ...state.profile, ...event.data.changes } } : state;
    case 'AccountParentChanged':
      return state.status === 'registered' ? { ...state, parentId: event.data.parentId } : state;
    default:
      return assertNever(event);
  }
};

export const accountDecider: Decider<AccountCommand, AccountEvent, AccountState> = {
  decide,
  evolve,
  initialState: () => ({ status: 'unregistered' }),
};
