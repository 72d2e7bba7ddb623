import { fold, type Decider, type DomainEvent } from '../domain/decider';
import { DomainError, type DomainErrorCode } from '../domain/domain-error';

/**
 * given / when / then for deciders (Emmett's DeciderSpecification):
 * `given(opened()).when(moveStage('Proposal')).then([moved('Prospecting', 'Proposal')])`.
 */
export const deciderSpec = <Command, Event extends DomainEvent, State>(decider: Decider<Command, Event, State>) => ({
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
        thenThrows: (code: DomainErrorCode, detail?: RegExp): void => {
          let thrown: unknown;
          try {
            run();
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(DomainError);
          expect((thrown as DomainError).code).toBe(code);
          if (detail) expect((thrown as DomainError).detail).toMatch(detail);
        },
      };
    },
  }),
  /** The state after `history`, for assertions on evolve. */
  stateAfter: (...history: Event[]): State => fold(decider, history),
});
