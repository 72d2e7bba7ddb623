import { assertNever, type Decider } from '@crm/slices/domain/decider';
import { DomainError } from '../shared/domain/domain-error';
import { engagedContactIds, type InteractionEvent, type InteractionLogged } from './interaction.events';

export type InteractionDetails = Omit<InteractionLogged['data'], 'at'>;

export type InteractionCommand = {
  type: 'LogInteraction';
  details: InteractionDetails;
  /** Facts the handler looked up: the account, the deal (and whose it is), which contacts do not exist. */
  accountRegistered: boolean;
  opportunity: { exists: boolean; accountId: string | null } | null;
  unknownContactIds: readonly string[];
  at: string;
};

export type InteractionState = { status: 'none' } | { status: 'logged'; interactionId: string };

const decide = (command: InteractionCommand, state: InteractionState): InteractionEvent[] => {
  switch (command.type) {
    case 'LogInteraction': {
      const d = command.details;
      if (state.status === 'logged')
        throw new DomainError('interaction-already-logged', `Interaction ${d.interactionId} is already logged`);
      if (!command.accountRegistered)
        throw new DomainError('unknown-account', `Account ${d.accountId} is not registered`);
      if (command.opportunity && !command.opportunity.exists)
        throw new DomainError('unknown-opportunity', `Opportunity ${d.opportunityId} does not exist`);
      if (command.opportunity && command.opportunity.accountId !== d.accountId)
        throw new DomainError(
          'invalid-interaction',
          `Opportunity ${d.opportunityId} is a deal of ${command.opportunity.accountId ?? 'no account'}, not of ${d.accountId}`,
        );
      if (command.unknownContactIds.length > 0)
        throw new DomainError('unknown-contact', `Contact(s) ${command.unknownContactIds.join(', ')} do not exist`);
      if (d.participants.some((p) => p.contactId === null && p.name === null && p.email === null))
        throw new DomainError('invalid-interaction', 'Each participant needs a contactId, a name or an email');
      if (engagedContactIds(d).length === 0 && d.participants.length === 0)
        throw new DomainError('invalid-interaction', 'An interaction needs a contact or at least one participant');
      return [{ type: 'InteractionLogged', data: { ...d, at: command.at } }];
    }
    default:
      return assertNever(command.type);
  }
};

const evolve = (_state: InteractionState, event: InteractionEvent): InteractionState => {
  switch (event.type) {
    case 'InteractionLogged':
      return { status: 'logged', interactionId: event.data.interactionId };
    default:
      return assertNever(event.type);
  }
};

export const interactionDecider: Decider<InteractionCommand, InteractionEvent, InteractionState> = {
  decide,
  evolve,
  initialState: () => ({ status: 'none' }),
};
