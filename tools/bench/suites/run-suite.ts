import type { Contender } from '../contender';
import { checkInterrupt } from '../interrupt';
import type { Progress } from '../progress';
import type { DatabaseName, Measurement, Timing } from '../results';
import type { Scenario } from '../scenarios/scenario';

/**
 * Runs each scenario for each contender that supports it, scenario by scenario, so ours and its
 * baseline are measured minutes apart at most. Contenders keep their stores across scenarios:
 * readAll reads back what the write scenarios stored.
 */
export const runSuite = async (
  database: DatabaseName,
  contenders: readonly Contender[],
  scenarios: readonly Scenario[],
  timing: Timing,
  progress: Progress,
): Promise<Measurement[]> => {
  const results: Measurement[] = [];
  for (const scenario of scenarios) {
    for (const contender of contenders) {
      if (!scenario.supports(contender)) continue;
      checkInterrupt();
      const step = progress.start(`${database} · ${scenario.title} · ${contender.label}`, scenario.plannedMs(timing));
      results.push(await scenario.run(contender, { database, timing, step }));
    }
  }
  // A step cut short by Ctrl-C measured nothing worth keeping.
  checkInterrupt();
  return results;
};
