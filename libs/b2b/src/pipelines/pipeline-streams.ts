import type { EventStore } from '@crm/event-store/port/event-store.port';
import { streamIdOf } from '@crm/event-store/port/stream-id';
import { loadAggregate } from '@crm/slices/command-runtime/aggregate-store';
import { DEFAULT_PIPELINE, DEFAULT_PIPELINE_ID } from './default-pipeline';
import { pipelineDecider } from './pipeline.decider';
import type { PipelineStages } from './pipeline.events';

export const pipelineStreamId = (tenantId: string, pipelineId: string): string =>
  streamIdOf(tenantId, 'pipeline', pipelineId);

/** The tenant's pipeline of that id; `default` is built in until the tenant defines its own. */
export const findPipeline = async (
  store: EventStore,
  tenantId: string,
  pipelineId: string,
): Promise<PipelineStages | null> => {
  const { state } = await loadAggregate(store, pipelineStreamId(tenantId, pipelineId), pipelineDecider);
  if (state.status === 'defined') return { stages: state.stages, wonStage: state.wonStage, lostStage: state.lostStage };
  return pipelineId === DEFAULT_PIPELINE_ID ? DEFAULT_PIPELINE : null;
};
