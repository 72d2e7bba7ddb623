import type { Projection } from '@crm/projections/port/projection';
import { accountProjection } from './accounts/account.projection';
import { opportunityProjection } from './opportunities/opportunity.projection';
import { pipelineSummaryProjection } from './pipeline-summary/pipeline-summary.projection';
import { timelineProjection } from './timeline/timeline.projection';

/** The B2B read models, registered in libs/wiring/src/projection-catalog.ts for every process. */
export const b2bProjections = (): Projection[] => [
  accountProjection,
  opportunityProjection,
  pipelineSummaryProjection,
  timelineProjection,
];
