import type { EventStore } from '@crm/event-store/port/event-store.port';
import { streamIdOf } from '@crm/event-store/port/stream-id';
import { loadAggregate } from '@crm/slices/command-runtime/aggregate-store';
import { accountDecider, type AccountState, type ParentFacts } from './account.decider';

export const accountStreamId = (tenantId: string, accountId: string): string =>
  streamIdOf(tenantId, 'account', accountId);

/** Deeper than any real group of companies; stops a walk over a hierarchy corrupted by hand. */
const MAX_HIERARCHY_DEPTH = 64;

export const loadAccount = async (store: EventStore, tenantId: string, accountId: string): Promise<AccountState> =>
  (await loadAggregate(store, accountStreamId(tenantId, accountId), accountDecider)).state;

/** The facts the decider needs about a proposed parent: is it registered, and who are its ancestors. */
export const parentFacts = async (store: EventStore, tenantId: string, parentId: string): Promise<ParentFacts> => {
  const parent = await loadAccount(store, tenantId, parentId);
  if (parent.status !== 'registered') return { parentId, registered: false, ancestorIds: [] };
  const ancestorIds: string[] = [];
  const seen = new Set([parentId]);
  let next = parent.parentId;
  while (next !== null && !seen.has(next) && ancestorIds.length < MAX_HIERARCHY_DEPTH) {
    ancestorIds.push(next);
    seen.add(next);
    const ancestor = await loadAccount(store, tenantId, next);
    next = ancestor.status === 'registered' ? ancestor.parentId : null;
  }
  return { parentId, registered: true, ancestorIds };
};
