import { assertNever, type Decider } from '@crm/slices/domain/decider';
import { DomainError } from '../shared/domain/domain-error';
import type { PipelineEvent, PipelineStages } from './pipeline.events';

export const MAX_STAGES = 30;

export type PipelineCommand = {
  type: 'DefinePipeline';
  pipelineId: string;
  name: string;
  at: string;
} & PipelineStages;

export type PipelineState =
  { status: 'undefined' } | ({ status: 'defined'; pipelineId: string; name: string } & PipelineStages);

const clean = (stage: string): string => stage.trim();

/** Stage names are compared without case: `Won` and `won` in one pipeline would confuse every report. */
const checkStages = ({ stages, wonStage, lostStage }: PipelineStages): void => {
  const all = [...stages, wonStage, lostStage];
  if (stages.length === 0 || stages.length > MAX_STAGES)
    throw new DomainError('invalid-pipeline', `A pipeline has 1 to ${MAX_STAGES} open stages`);
  if (all.some((s) => s === '' || s.length > 100))
    throw new DomainError('invalid-pipeline', 'Stage names are 1 to 100 characters');
  const seen = new Set<string>();
  for (const stage of all) {
    const key = stage.toLowerCase();
    if (seen.has(key)) throw new DomainError('invalid-pipeline', `Stage "${stage}" appears twice`);
    seen.add(key);
  }
};

const decide = (command: PipelineCommand, state: PipelineState): PipelineEvent[] => {
  switch (command.type) {
    case 'DefinePipeline': {
      if (state.status === 'defined')
        throw new DomainError('pipeline-already-defined', `Pipeline ${command.pipelineId} is already defined`);
      const stages = {
        stages: command.stages.map(clean),
        wonStage: clean(command.wonStage),
        lostStage: clean(command.lostStage),
      };
      checkStages(stages);
      return [
        {
          type: 'PipelineDefined',
          data: { pipelineId: command.pipelineId, name: command.name, ...stages, at: command.at },
        },
      ];
    }
    default:
      return assertNever(command.type);
  }
};

const evolve = (_state: PipelineState, event: PipelineEvent): PipelineState => {
  switch (event.type) {
    case 'PipelineDefined': {
      const { at: _at, ...definition } = event.data;
      return { status: 'defined', ...definition };
    }
    default:
      return assertNever(event.type);
  }
};

export const pipelineDecider: Decider<PipelineCommand, PipelineEvent, PipelineState> = {
  decide,
  evolve,
  initialState: () => ({ status: 'undefined' }),
};
