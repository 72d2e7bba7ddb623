import { fold, type Decider, type DomainEvent } from '../domain/decider';

/**
 * The error class a decider throws for a broken rule (B2B's DomainError, B2C's SegmentError…): `code`
 * names its Problem Details type, `detail` says what broke.
 */
export type RuleErrorClass<Code extends string> = abstract new (
  ...args: never[]
) => Error & { readonly code: Code; readonly detail: string };

/**
 * given / when / then for deciders (Emmett's DeciderSpecification):
 * `given(opened()).when(moveStage('Proposal')).then([moved('Prospecting', 'Proposal')])`.
 * `thenThrows` needs the decider's rule error class: `deciderSpec(opportunityDecider, DomainError)`.
 */
export const deciderSpec = <Command, Event extends DomainEvent, State, Code extends string = never>(
  decider: Decider<Command, Event, State>,
  ruleError?: RuleErrorClass<Code>,
) => ({
  given: (...history: Event[]) => ({
    when: (command: Command) => {
      const run = (): Event[] => decider.decide(command, fold(decider, history));
      return {
        then: (expected: Event[]): void => {
          expect(run()).toEqual(expected);
        },
        thenNothing: (): void => {
          expect(run()).toEqual([]);
        },
        thenThrows: (code: Code, detail?: RegExp): void => {
          if (!ruleError) throw new Error('thenThrows needs the rule error class: deciderSpec(decider, ErrorClass)');
          let thrown: unknown;
          try {
            run();
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(ruleError);
          const rule = thrown as InstanceType<RuleErrorClass<Code>>;
          expect(rule.code).toBe(code);
          if (detail) expect(rule.detail).toMatch(detail);
        },
      };
    },
  }),
  /** The state after `history`, for assertions on evolve. */
  stateAfter: (...history: Event[]): State => fold(decider, history),
});
