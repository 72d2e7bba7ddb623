import type { PipelineStages } from './pipeline.events';

export const DEFAULT_PIPELINE_ID = 'default';

/**
 * The pipeline every tenant has until it defines its own `default` (DOMAIN.md): the stages of the
 * Maven Analytics data set plus the two a longer enterprise sale needs.
 */
export const DEFAULT_PIPELINE: PipelineStages & { pipelineId: string; name: string } = {
  pipelineId: DEFAULT_PIPELINE_ID,
  name: 'Default',
  stages: ['Prospecting', 'Engaging', 'Proposal', 'Negotiation'],
  wonStage: 'Won',
  lostStage: 'Lost',
};
