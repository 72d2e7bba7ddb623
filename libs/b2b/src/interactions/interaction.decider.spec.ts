import { DomainError } from '../shared/domain/domain-error';
import { deciderSpec } from '@crm/slices/testing/decider-spec';
import { interactionDecider, type InteractionCommand, type InteractionDetails } from './interaction.decider';
import type { InteractionEvent } from './interaction.events';

const { given } = deciderSpec(interactionDecider, DomainError);
const at = '2026-02-03T14:00:00.000Z';

const details = (overrides: Partial<InteractionDetails> = {}): InteractionDetails => ({
  interactionId: 'i-1',
  kind: 'meeting',
  accountId: 'acme',
  opportunityId: 'o-1',
  contactId: 'ana',
  participants: [
    { contactId: 'bob', name: 'Bob Stone', email: null, role: 'economic-buyer' },
    { contactId: null, name: 'Sam Reed', email: 'sam@ourcrm.example', role: 'employee' },
  ],
  subject: 'Pricing',
  summary: null,
  durationSeconds: 3600,
  ...overrides,
});

const log = (overrides: Partial<InteractionCommand> = {}): InteractionCommand => ({
  type: 'LogInteraction',
  details: details(),
  accountRegistered: true,
  opportunity: { exists: true, accountId: 'acme' },
  unknownContactIds: [],
  at,
  ...overrides,
});

const logged: InteractionEvent = { type: 'InteractionLogged', data: { ...details(), at } };

describe('interaction decider', () => {
  it('given nothing, when logged, then InteractionLogged', () => given().when(log()).then([logged]));

  it('when logged without a deal, then it is an account interaction', () =>
    given()
      .when(log({ details: details({ opportunityId: null }), opportunity: null }))
      .then([{ type: 'InteractionLogged', data: { ...details({ opportunityId: null }), at } }]));

  it('given a logged interaction, when logged again, then interaction-already-logged', () =>
    given(logged).when(log()).thenThrows('interaction-already-logged'));

  it('when the account is not registered, then unknown-account', () =>
    given()
      .when(log({ accountRegistered: false }))
      .thenThrows('unknown-account'));

  it('when the deal does not exist, then unknown-opportunity', () =>
    given()
      .when(log({ opportunity: { exists: false, accountId: null } }))
      .thenThrows('unknown-opportunity'));

  it('when the deal belongs to another account, then invalid-interaction', () =>
    given()
      .when(log({ opportunity: { exists: true, accountId: 'globex' } }))
      .thenThrows('invalid-interaction', /deal of globex/));

  it('when a participant is not a contact, then unknown-contact naming it', () =>
    given()
      .when(log({ unknownContactIds: ['bob'] }))
      .thenThrows('unknown-contact', /bob/));

  it('when a participant has neither contact, name nor email, then invalid-interaction', () =>
    given()
      .when(log({ details: details({ participants: [{ contactId: null, name: null, email: null, role: 'other' }] }) }))
      .thenThrows('invalid-interaction', /contactId, a name or an email/));

  it('when nobody took part, then invalid-interaction', () =>
    given()
      .when(log({ details: details({ contactId: null, participants: [] }) }))
      .thenThrows('invalid-interaction'));
});
