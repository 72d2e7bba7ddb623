import type { Decider } from '@crm/slices/domain/decider';
import { IdentityError } from './domain/identity-error';
import { checkIdentityRules, DEFAULT_IDENTITY_RULES, type IdentityRules } from './domain/identity-rules';
import type { IdentityRulesEvent } from './identity.events';

export interface SetIdentityRulesCommand {
  type: 'SetIdentityRules';
  rules: IdentityRules;
  at: string;
}

export type IdentityRulesCommand = SetIdentityRulesCommand;

export interface IdentityRulesState {
  rules: IdentityRules;
}

const sameRules = (a: IdentityRules, b: IdentityRules): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The tenant's identity rules; setting the rules it already has decides nothing. */
export const identityRulesDecider: Decider<IdentityRulesCommand, IdentityRulesEvent, IdentityRulesState> = {
  decide: (command, state) => {
    switch (command.type) {
      case 'SetIdentityRules': {
        const problems = checkIdentityRules(command.rules);
        if (problems.length > 0)
          throw new IdentityError('invalid-identity-rules', problems.map((p) => `${p.pointer} ${p.detail}`).join('; '));
        if (sameRules(command.rules, state.rules)) return [];
        return [{ type: 'IdentityRulesSet', data: { rules: command.rules, at: command.at } }];
      }
      default: {
        const unknown: never = command.type;
        throw new Error(`Unknown command ${String(unknown)}`);
      }
    }
  },
  evolve: (_state, event) => {
    switch (event.type) {
      case 'IdentityRulesSet':
        return { rules: event.data.rules };
      default: {
        const unknown: never = event.type;
        throw new Error(`Unknown event ${String(unknown)}`);
      }
    }
  },
  initialState: () => ({ rules: DEFAULT_IDENTITY_RULES }),
};
