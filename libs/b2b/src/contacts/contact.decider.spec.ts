import { DomainError } from '../shared/domain/domain-error';
import { deciderSpec } from '@crm/slices/testing/decider-spec';
import { contactDecider, type ContactCommand, type ManagerFacts } from './contact.decider';
import type { ContactEvent, ContactProfile } from './contact.events';

const { given, stateAfter } = deciderSpec(contactDecider, DomainError);
const at = '2026-01-10T09:00:00.000Z';

const profile: ContactProfile = {
  name: 'Ana Lima',
  email: 'ana@acme.example',
  phone: null,
  title: 'CTO',
  department: 'Engineering',
};

const account = (accountId: string, registered = true) => ({ accountId, registered });
const manager = (managerId: string, chainIds: string[] = [], added = true): ManagerFacts => ({
  managerId,
  added,
  chainIds,
});

const add = (accounts = [account('acme')], boss: ManagerFacts | null = null): ContactCommand => ({
  type: 'AddContact',
  contactId: 'ana',
  profile,
  accounts,
  manager: boss,
  at,
});

const contactAdded = (reportsToId: string | null = null, accountIds = ['acme']): ContactEvent => ({
  type: 'ContactAdded',
  data: { contactId: 'ana', ...profile, accountIds, reportsToId, at },
});

const update = (patch: Partial<ContactProfile>, boss?: ManagerFacts | null): ContactCommand => ({
  type: 'UpdateContact',
  contactId: 'ana',
  profile: patch,
  ...(boss !== undefined && { manager: boss }),
  at,
});

describe('contact decider', () => {
  describe('add', () => {
    it('given nothing, when added to two accounts under a manager, then ContactAdded', () =>
      given()
        .when(add([account('acme'), account('codehow'), account('acme')], manager('ceo')))
        .then([contactAdded('ceo', ['acme', 'codehow'])]));

    it('given an added contact, when added again, then contact-already-added', () =>
      given(contactAdded()).when(add()).thenThrows('contact-already-added'));

    it('when an account is not registered, then unknown-account naming it', () =>
      given()
        .when(add([account('acme'), account('nowhere', false)]))
        .thenThrows('unknown-account', /nowhere/));

    it('when no account is given, then unknown-account', () => given().when(add([])).thenThrows('unknown-account'));

    it('when the manager is not a contact, then unknown-contact', () =>
      given()
        .when(add([account('acme')], manager('ghost', [], false)))
        .thenThrows('unknown-contact'));

    it('when the contact would report to itself, then reports-to-cycle', () =>
      given()
        .when(add([account('acme')], manager('ana')))
        .thenThrows('reports-to-cycle'));
  });

  describe('link to another account', () => {
    const link = (accountId: string, registered = true): ContactCommand => ({
      type: 'LinkContactToAccount',
      contactId: 'ana',
      account: account(accountId, registered),
      at,
    });

    it('given a contact at acme, when linked to codehow, then ContactLinkedToAccount', () =>
      given(contactAdded())
        .when(link('codehow'))
        .then([{ type: 'ContactLinkedToAccount', data: { contactId: 'ana', accountId: 'codehow', at } }]));

    it('when linked to an account it already belongs to, then nothing happens', () =>
      given(contactAdded()).when(link('acme')).thenNothing());

    it('given nothing, when linked, then contact-not-added', () =>
      given().when(link('acme')).thenThrows('contact-not-added'));

    it('when the account is not registered, then unknown-account', () =>
      given(contactAdded()).when(link('nowhere', false)).thenThrows('unknown-account'));
  });

  describe('update and reports-to', () => {
    it('when title changes and a manager is set, then both events', () =>
      given(contactAdded())
        .when(update({ title: 'CEO', name: 'Ana Lima' }, manager('board')))
        .then([
          { type: 'ContactProfileUpdated', data: { contactId: 'ana', changes: { title: 'CEO' }, at } },
          {
            type: 'ContactReportsToChanged',
            data: { contactId: 'ana', previousReportsToId: null, reportsToId: 'board', at },
          },
        ]));

    it('when the new manager reports (indirectly) to the contact, then reports-to-cycle', () =>
      given(contactAdded('ceo'))
        .when(update({}, manager('dev', ['lead', 'ana'])))
        .thenThrows('reports-to-cycle', /dev is ana or reports to them/));

    it('when detached from the manager, then reports to nobody', () =>
      given(contactAdded('ceo'))
        .when(update({}, null))
        .then([
          {
            type: 'ContactReportsToChanged',
            data: { contactId: 'ana', previousReportsToId: 'ceo', reportsToId: null, at },
          },
        ]));

    it('when nothing differs, then nothing happens', () =>
      given(contactAdded('ceo'))
        .when(update({ title: 'CTO' }, manager('ceo')))
        .thenNothing());
  });

  it('evolves links, profile changes and managers into the state', () =>
    expect(
      stateAfter(
        contactAdded(),
        { type: 'ContactLinkedToAccount', data: { contactId: 'ana', accountId: 'codehow', at } },
        {
          type: 'ContactReportsToChanged',
          data: { contactId: 'ana', previousReportsToId: null, reportsToId: 'ceo', at },
        },
      ),
    ).toMatchObject({ accountIds: ['acme', 'codehow'], reportsToId: 'ceo' }));
});
