import type { EventStore } from '@crm/event-store/port/event-store.port';
import { streamIdOf } from '@crm/event-store/port/stream-id';
import { loadAccount } from '../accounts/account-streams';
import { handleCommand, loadAggregate, type HandleOptions } from '@crm/slices/command-runtime/aggregate-store';
import type { CommandResult } from '@crm/slices/command-runtime/command-origin';
import { KeyedMutex } from '@crm/slices/command-runtime/keyed-mutex';
import {
  contactDecider,
  type AccountFacts,
  type ContactCommand,
  type ContactState,
  type ManagerFacts,
} from './contact.decider';

export const contactStreamId = (tenantId: string, contactId: string): string =>
  streamIdOf(tenantId, 'contact', contactId);

export interface ContactCommandResult extends CommandResult {
  contactId: string;
}

/** Deeper than any real reporting line; stops a walk over an org chart corrupted by hand. */
const MAX_CHAIN = 64;

/**
 * Reports-to changes of one tenant take turns (in this process): the cycle check reads other
 * contacts' streams, and two concurrent changes (A under B, B under A) would each pass it.
 */
export const orgChartLock = new KeyedMutex();

export const loadContact = async (store: EventStore, tenantId: string, contactId: string): Promise<ContactState> =>
  (await loadAggregate(store, contactStreamId(tenantId, contactId), contactDecider)).state;

export const accountFacts = async (store: EventStore, tenantId: string, accountId: string): Promise<AccountFacts> => ({
  accountId,
  registered: (await loadAccount(store, tenantId, accountId)).status === 'registered',
});

/** Is the proposed manager a contact, and whom does it report to, up to the top (nearest first). */
export const managerFacts = async (store: EventStore, tenantId: string, managerId: string): Promise<ManagerFacts> => {
  const manager = await loadContact(store, tenantId, managerId);
  if (manager.status !== 'added') return { managerId, added: false, chainIds: [] };
  const chainIds: string[] = [];
  const seen = new Set([managerId]);
  let next = manager.reportsToId;
  while (next !== null && !seen.has(next) && chainIds.length < MAX_CHAIN) {
    chainIds.push(next);
    seen.add(next);
    const boss = await loadContact(store, tenantId, next);
    next = boss.status === 'added' ? boss.reportsToId : null;
  }
  return { managerId, added: true, chainIds };
};

export const decideOnContact = async (
  store: EventStore,
  tenantId: string,
  command: ContactCommand,
  options: HandleOptions,
): Promise<ContactCommandResult> => {
  const result = await handleCommand(
    store,
    contactStreamId(tenantId, command.contactId),
    contactDecider,
    command,
    options,
  );
  return { contactId: command.contactId, ...result };
};
