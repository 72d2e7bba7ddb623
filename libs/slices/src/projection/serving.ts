import { problem } from '@crm/platform/http/problems';
import type { ProjectionMonitor } from '@crm/projections/projection-monitor';

/** A read model that has never been built answers 503 with Retry-After instead of an empty result. */
export const assertServing = async (monitor: ProjectionMonitor, projection: string): Promise<void> => {
  if (!(await monitor.serving(projection))) {
    throw problem('not-caught-up', `The ${projection} read model has not been built yet`, {
      headers: { 'Retry-After': '1' },
    });
  }
};
