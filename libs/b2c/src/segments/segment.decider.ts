import { assertNever, type Decider } from '@crm/slices/domain/decider';
import { SegmentError } from './domain/segment-error';
import { ruleText, type SegmentRule } from './domain/segment-rule';
import type { SegmentEvent } from './segment.events';

export interface DefineSegmentCommand {
  type: 'DefineSegment';
  segmentId: string;
  name: string;
  /** Checked and canonical (validateSegmentRule): equal texts are equal rules. */
  rule: SegmentRule;
  at: string;
}

export interface ArchiveSegmentCommand {
  type: 'ArchiveSegment';
  segmentId: string;
  at: string;
}

export type SegmentCommand = DefineSegmentCommand | ArchiveSegmentCommand;

export interface SegmentState {
  status: 'undefined' | 'active' | 'archived';
  name: string | null;
  ruleText: string | null;
}

/**
 * A definition states the whole segment (PUT), so the same name and rule again appends nothing, and
 * defining an archived segment re-activates it (its members are computed afresh). Archiving a segment
 * that was never defined is a 404; archiving it twice appends nothing.
 */
const decide = (command: SegmentCommand, state: SegmentState): SegmentEvent[] => {
  switch (command.type) {
    case 'DefineSegment': {
      const { segmentId, name, rule, at } = command;
      if (state.status === 'active' && state.name === name && state.ruleText === ruleText(rule)) return [];
      return [{ type: 'SegmentDefined', data: { segmentId, name, rule, at } }];
    }
    case 'ArchiveSegment': {
      if (state.status === 'undefined')
        throw new SegmentError('segment-not-found', `Segment ${command.segmentId} was not found`);
      if (state.status === 'archived') return [];
      return [{ type: 'SegmentArchived', data: { segmentId: command.segmentId, at: command.at } }];
    }
    default:
      return assertNever(command);
  }
};

const evolve = (state: SegmentState, event: SegmentEvent): SegmentState => {
  switch (event.type) {
    case 'SegmentDefined':
      return { status: 'active', name: event.data.name, ruleText: ruleText(event.data.rule) };
    case 'SegmentArchived':
      return { ...state, status: 'archived' };
    default:
      return assertNever(event);
  }
};

export const segmentDecider: Decider<SegmentCommand, SegmentEvent, SegmentState> = {
  decide,
  evolve,
  initialState: () => ({ status: 'undefined', name: null, ruleText: null }),
};
