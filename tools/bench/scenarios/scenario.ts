import type { Contender } from '../contender';
import type { ProgressStep } from '../progress';
import type { DatabaseName, Measurement, ScenarioId, Timing } from '../results';

export interface ScenarioContext {
  database: DatabaseName;
  timing: Timing;
  step: ProgressStep;
}

export interface Scenario {
  id: ScenarioId;
  title: string;
  supports(contender: Contender): boolean;
  /** Expected duration, for the progress ETA. */
  plannedMs(timing: Timing): number;
  run(contender: Contender, context: ScenarioContext): Promise<Measurement>;
}
