/**
 * The decider pattern (Emmett, Jérémie Chassaing): three pure functions per aggregate. `decide` turns
 * a command and the current state into new events or throws a DomainError; `evolve` folds one event
 * into the state; `initialState` is the state of an empty stream. No I/O, no clock, no framework.
 */
export interface DomainEvent<Type extends string = string, Data extends object = object> {
  type: Type;
  data: Data;
}

export interface Decider<Command, Event extends DomainEvent, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

export const fold = <Event extends DomainEvent, State>(
  decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>,
  events: readonly Event[],
): State => events.reduce((state, event) => decider.evolve(state, event), decider.initialState());

/** Ends an exhaustive `switch`: the compiler proves no case is missing. */
export const assertNever = (value: never): never => {
  throw new Error(`Unexpected value ${JSON.stringify(value)}`);
};
