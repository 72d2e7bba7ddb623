import { assertNever, type Decider } from '@crm/slices/domain/decider';
import { DomainError } from '../shared/domain/domain-error';
import type { ContactEvent, ContactProfile } from './contact.events';

/** What the handler found out about a proposed manager: is it a contact, and whom it reports to (nearest first). */
export interface ManagerFacts {
  managerId: string;
  added: boolean;
  chainIds: readonly string[];
}

export interface AccountFacts {
  accountId: string;
  registered: boolean;
}

export type ContactCommand =
  | {
      type: 'AddContact';
      contactId: string;
      profile: ContactProfile;
      accounts: readonly AccountFacts[];
      manager: ManagerFacts | null;
      at: string;
    }
  | { type: 'LinkContactToAccount'; contactId: string; account: AccountFacts; at: string }
  | {
      type: 'UpdateContact';
      contactId: string;
      profile: Partial<ContactProfile>;
      /** Undefined keeps the manager; null: reports to nobody we know. */
      manager?: ManagerFacts | null;
      at: string;
    };

export type ContactState =
  | { status: 'none' }
  | {
      status: 'added';
      contactId: string;
      profile: ContactProfile;
      accountIds: string[];
      reportsToId: string | null;
    };

const PROFILE_FIELDS = [
  'name',
  'email',
  'phone',
  'title',
  'department',
] as const satisfies readonly (keyof ContactProfile)[];

const checkAccounts = (accounts: readonly AccountFacts[]): void => {
  const unknown = accounts.filter((a) => !a.registered).map((a) => a.accountId);
  if (unknown.length > 0) throw new DomainError('unknown-account', `Account(s) ${unknown.join(', ')} not registered`);
};

/** An org chart is a tree: the manager must be a contact, and not the person or someone below them. */
const checkManager = (contactId: string, manager: ManagerFacts): void => {
  if (manager.managerId === contactId || manager.chainIds.includes(contactId)) {
    throw new DomainError(
      'reports-to-cycle',
      `${contactId} cannot report to ${manager.managerId}: ${manager.managerId} is ${contactId} or reports to them`,
    );
  }
  if (!manager.added) throw new DomainError('unknown-contact', `Contact ${manager.managerId} does not exist`);
};

const added = (state: ContactState, contactId: string) => {
  if (state.status !== 'added') throw new DomainError('contact-not-added', `Contact ${contactId} does not exist`);
  return state;
};

const decide = (command: ContactCommand, state: ContactState): ContactEvent[] => {
  switch (command.type) {
    case 'AddContact': {
      if (state.status === 'added')
        throw new DomainError('contact-already-added', `Contact ${command.contactId} already exists`);
      if (command.accounts.length === 0)
        throw new DomainError('unknown-account', 'A contact belongs to at least one account');
      checkAccounts(command.accounts);
      if (command.manager) checkManager(command.contactId, command.manager);
      return [
        {
          type: 'ContactAdded',
          data: {
            contactId: command.contactId,
            ...command.profile,
            accountIds: [...new Set(command.accounts.map((a) => a.accountId))],
            reportsToId: command.manager?.managerId ?? null,
            at: command.at,
          },
        },
      ];
    }
    case 'LinkContactToAccount': {
      const contact = added(state, command.contactId);
      checkAccounts([command.account]);
      // Linking twice changes nothing, so a retried link does not fail.
      if (contact.accountIds.includes(command.account.accountId)) return [];
      return [
        {
          type: 'ContactLinkedToAccount',
          data: { contactId: contact.contactId, accountId: command.account.accountId, at: command.at },
        },
      ];
    }
    case 'UpdateContact': {
      const contact = added(state, command.contactId);
      const events: ContactEvent[] = [];
      const changes: Partial<ContactProfile> = {};
      for (const field of PROFILE_FIELDS) {
        const value = command.profile[field];
        if (value !== undefined && value !== contact.profile[field]) Object.assign(changes, { [field]: value });
      }
      if (Object.keys(changes).length > 0)
        events.push({ type: 'ContactProfileUpdated', data: { contactId: contact.contactId, changes, at: command.at } });
      const reportsToId = command.manager === undefined ? contact.reportsToId : (command.manager?.managerId ?? null);
      if (reportsToId !== contact.reportsToId) {
        if (command.manager) checkManager(contact.contactId, command.manager);
        events.push({
          type: 'ContactReportsToChanged',
          data: {
            contactId: contact.contactId,
            previousReportsToId: contact.reportsToId,
            reportsToId,
            at: command.at,
          },
        });
      }
      return events;
    }
    default:
      return assertNever(command);
  }
};

const evolve = (state: ContactState, event: ContactEvent): ContactState => {
  switch (event.type) {
    case 'ContactAdded': {
      const { contactId, accountIds, reportsToId, at: _at, ...profile } = event.data;
      return { status: 'added', contactId, profile, accountIds, reportsToId };
    }
    case 'ContactLinkedToAccount':
      return state.status === 'added' ? { ...state, accountIds: [...state.accountIds, event.data.accountId] } : state;
    case 'ContactProfileUpdated':
      return state.status === 'added' ? { ...state, profile: { ...state.profile, ...event.data.changes } } : state;
    case 'ContactReportsToChanged':
      return state.status === 'added' ? { ...state, reportsToId: event.data.reportsToId } : state;
    default:
      return assertNever(event);
  }
};

export const contactDecider: Decider<ContactCommand, ContactEvent, ContactState> = {
  decide,
  evolve,
  initialState: () => ({ status: 'none' }),
};
