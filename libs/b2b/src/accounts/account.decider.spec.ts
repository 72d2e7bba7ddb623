import { DomainError } from '../shared/domain/domain-error';
import { deciderSpec } from '@crm/slices/testing/decider-spec';
import { accountDecider, type AccountCommand, type ParentFacts } from './account.decider';
import type { AccountEvent, AccountProfile } from './account.events';

const { given, stateAfter } = deciderSpec(accountDecider, DomainError);
const at = '2026-01-10T09:00:00.000Z';

const profile = (name = 'Acme Corporation'): AccountProfile => ({
  name,
  sector: 'technology',
  yearEstablished: 1996,
  revenueMillions: 1100.04,
  employees: 2822,
  officeLocation: 'United States',
});

const registered = (accountId = 'acme', parentId: string | null = null): AccountEvent => ({
  type: 'AccountRegistered',
  data: { accountId, ...profile(), parentId, at },
});

const parent = (parentId: string, ancestorIds: string[] = [], isRegistered = true): ParentFacts => ({
  parentId,
  registered: isRegistered,
  ancestorIds,
});

const register = (accountId = 'acme', parentFacts: ParentFacts | null = null): AccountCommand => ({
  type: 'RegisterAccount',
  accountId,
  profile: profile(),
  parent: parentFacts,
  at,
});

const update = (patch: Partial<AccountProfile>, parentFacts?: ParentFacts | null): AccountCommand => ({
  type: 'UpdateAccount',
  accountId: 'acme',
  profile: patch,
  ...(parentFacts !== undefined && { parent: parentFacts }),
  at,
});

describe('account decider', () => {
  describe('register', () => {
    it('given nothing, when registered without parent, then AccountRegistered', () =>
      given().when(register()).then([registered()]));

    it('given nothing, when registered under a registered parent, then the parent is recorded', () =>
      given()
        .when(register('codehow', parent('acme')))
        .then([{ type: 'AccountRegistered', data: { accountId: 'codehow', ...profile(), parentId: 'acme', at } }]));

    it('given a registered account, when registered again, then account-already-registered', () =>
      given(registered()).when(register()).thenThrows('account-already-registered'));

    it('when the parent is not registered, then unknown-parent-account', () =>
      given()
        .when(register('codehow', parent('nobody', [], false)))
        .thenThrows('unknown-parent-account'));

    it('when the account is its own parent, then account-hierarchy-cycle', () =>
      given()
        .when(register('acme', parent('acme')))
        .thenThrows('account-hierarchy-cycle'));
  });

  describe('update', () => {
    it('given nothing, when updated, then account-not-registered', () =>
      given()
        .when(update({ sector: 'software' }))
        .thenThrows('account-not-registered'));

    it('when only some fields differ, then only those are in the change set', () =>
      given(registered())
        .when(update({ name: 'Acme Corporation', sector: 'software', employees: 3000 }))
        .then([
          {
            type: 'AccountProfileUpdated',
            data: { accountId: 'acme', changes: { sector: 'software', employees: 3000 }, at },
          },
        ]));

    it('when nothing differs, then nothing happens', () =>
      given(registered())
        .when(update({ name: 'Acme Corporation' }))
        .thenNothing());

    it('when a parent is set, then AccountParentChanged from none', () =>
      given(registered())
        .when(update({}, parent('globex')))
        .then([
          {
            type: 'AccountParentChanged',
            data: { accountId: 'acme', previousParentId: null, parentId: 'globex', at },
          },
        ]));

    it('when detached, then AccountParentChanged to null', () =>
      given(registered('acme', 'globex'))
        .when(update({}, null))
        .then([
          {
            type: 'AccountParentChanged',
            data: { accountId: 'acme', previousParentId: 'globex', parentId: null, at },
          },
        ]));

    it('when the new parent is a subsidiary of the account (deep), then account-hierarchy-cycle', () =>
      given(registered())
        .when(update({}, parent('bluth', ['codehow', 'acme'])))
        .thenThrows('account-hierarchy-cycle', /bluth is acme or one of its subsidiaries/));

    it('when the same parent is given again, then nothing happens', () =>
      given(registered('acme', 'globex'))
        .when(update({}, parent('globex')))
        .thenNothing());
  });

  it('evolves profile changes and parent moves into the state', () => {
    const state = stateAfter(
      registered(),
      { type: 'AccountProfileUpdated', data: { accountId: 'acme', changes: { sector: 'software' }, at } },
      { type: 'AccountParentChanged', data: { accountId: 'acme', previousParentId: null, parentId: 'globex', at } },
    );
    expect(state).toEqual({
      status: 'registered',
      accountId: 'acme',
      profile: { ...profile(), sector: 'software' },
      parentId: 'globex',
    });
  });
});
