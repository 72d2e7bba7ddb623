import { DomainError } from '../shared/domain/domain-error';
import { deciderSpec } from '@crm/slices/testing/decider-spec';
import { pipelineDecider, type PipelineCommand } from './pipeline.decider';
import type { PipelineEvent } from './pipeline.events';

const { given } = deciderSpec(pipelineDecider, DomainError);
const at = '2026-01-10T09:00:00.000Z';

const define = (stages: string[], wonStage = 'Won', lostStage = 'Lost'): PipelineCommand => ({
  type: 'DefinePipeline',
  pipelineId: 'enterprise',
  name: 'Enterprise',
  stages,
  wonStage,
  lostStage,
  at,
});

const defined: PipelineEvent = {
  type: 'PipelineDefined',
  data: {
    pipelineId: 'enterprise',
    name: 'Enterprise',
    stages: ['Awareness', 'Consideration', 'Decision'],
    wonStage: 'Won',
    lostStage: 'Lost',
    at,
  },
};

describe('pipeline decider', () => {
  it('given nothing, when defined, then PipelineDefined with trimmed stage names', () =>
    given()
      .when(define([' Awareness', 'Consideration ', 'Decision']))
      .then([defined]));

  it('given a defined pipeline, when defined again, then pipeline-already-defined', () =>
    given(defined)
      .when(define(['A']))
      .thenThrows('pipeline-already-defined'));

  it.each([
    ['no open stage', [] as string[], 'Won', 'Lost'],
    ['a stage twice, in another case', ['Demo', 'demo'], 'Won', 'Lost'],
    ['the won stage among the open ones', ['Demo', 'Won'], 'Won', 'Lost'],
    ['won and lost the same', ['Demo'], 'Closed', 'Closed'],
    ['an empty name', ['Demo', '  '], 'Won', 'Lost'],
  ])('when it has %s, then invalid-pipeline', (_case, stages, won, lost) =>
    given()
      .when(define(stages, won, lost))
      .thenThrows('invalid-pipeline'),
  );
});
