/** Events of a tenant's sales pipeline, stream `<tenant>/pipeline-<pipelineId>`. Schema version 1. */

/** The ordered open stages, then the two closing stages a deal ends in. */
export interface PipelineStages {
  stages: string[];
  wonStage: string;
  lostStage: string;
}

export interface PipelineDefined {
  type: 'PipelineDefined';
  data: PipelineStages & { pipelineId: string; name: string; at: string };
}

export type PipelineEvent = PipelineDefined;

export const PIPELINE_EVENT_TYPES = ['PipelineDefined'] as const satisfies readonly PipelineEvent['type'][];
