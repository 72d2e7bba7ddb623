import { assertNever, type Decider } from '@crm/slices/domain/decider';
import { canonicalTargets, type SlaTargets } from './domain/sla-targets';
import type { SlaTargetsEvent } from './sla-targets.events';

export interface SetSlaTargetsCommand {
  type: 'SetSlaTargets';
  targets: SlaTargets;
  /** ISO-8601 instant from which newly opened tickets are measured against these targets. */
  effectiveFrom: string;
  at: string;
}

export type SlaTargetsCommand = SetSlaTargetsCommand;

/** The last set, in canonical form; null while the built-in defaults apply. */
export interface SlaTargetsState {
  current: { targets: SlaTargets; effectiveFrom: string } | null;
}

const sameSet = (a: SlaTargetsState['current'], targets: SlaTargets, effectiveFrom: string): boolean =>
  a !== null && a.effectiveFrom === effectiveFrom && JSON.stringify(a.targets) === JSON.stringify(targets);

/**
 * Ranges and channels are checked by the DTO; what is left to decide is whether the set changes
 * anything: repeating the current set (a retried PUT without Idempotency-Key) appends nothing.
 */
const decide = (command: SlaTargetsCommand, state: SlaTargetsState): SlaTargetsEvent[] => {
  switch (command.type) {
    case 'SetSlaTargets': {
      const targets = canonicalTargets(command.targets);
      const effectiveFrom = new Date(command.effectiveFrom).toISOString();
      if (sameSet(state.current, targets, effectiveFrom)) return [];
      return [{ type: 'SupportSlaTargetsSet', data: { ...targets, effectiveFrom, at: command.at } }];
    }
    default:
      return assertNever(command.type);
  }
};

const evolve = (_state: SlaTargetsState, event: SlaTargetsEvent): SlaTargetsState => {
  switch (event.type) {
    case 'SupportSlaTargetsSet': {
      const { firstResponse, resolution, effectiveFrom } = event.data;
      return { current: { targets: canonicalTargets({ firstResponse, resolution }), effectiveFrom } };
    }
    default:
      return assertNever(event.type);
  }
};

export const slaTargetsDecider: Decider<SlaTargetsCommand, SlaTargetsEvent, SlaTargetsState> = {
  decide,
  evolve,
  initialState: () => ({ current: null }),
};
