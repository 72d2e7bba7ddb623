import { fold } from '@crm/slices/domain/decider';
import { deciderSpec } from '@crm/slices/testing/decider-spec';
import { SegmentError } from './domain/segment-error';
import type { SegmentRule } from './domain/segment-rule';
import { segmentDecider, type SegmentCommand } from './segment.decider';
import type { SegmentEvent } from './segment.events';

const { given } = deciderSpec(segmentDecider);
const at = '2026-03-01T10:00:00.000Z';
const repeat: SegmentRule = { field: 'orders', op: 'gte', value: 2 };
const big: SegmentRule = { all: [repeat, { field: 'totalAmount', op: 'gt', value: 500 }] };

const define = (rule: SegmentRule = repeat, name = 'Repeat customers'): SegmentCommand => ({
  type: 'DefineSegment',
  segmentId: 'repeat',
  name,
  rule,
  at,
});
const archive: SegmentCommand = { type: 'ArchiveSegment', segmentId: 'repeat', at };
const defined = (rule: SegmentRule = repeat, name = 'Repeat customers'): SegmentEvent => ({
  type: 'SegmentDefined',
  data: { segmentId: 'repeat', name, rule, at },
});
const archived: SegmentEvent = { type: 'SegmentArchived', data: { segmentId: 'repeat', at } };

describe('segment decider', () => {
  it('given nothing, when a segment is defined, then SegmentDefined', () => given().when(define()).then([defined()]));

  it('given a segment, when the same name and rule are defined again, then nothing (idempotent PUT)', () =>
    given(defined()).when(define()).thenNothing());

  it('given a segment read back with its keys in another order (jsonb), when it is defined again, then nothing', () =>
    given(defined({ value: 2, op: 'gte', field: 'orders' } as SegmentRule))
      .when(define())
      .thenNothing());

  it('given a segment, when its rule changes, then SegmentDefined with the new rule', () =>
    given(defined())
      .when(define(big))
      .then([defined(big)]));

  it('given a segment, when only its name changes, then SegmentDefined', () =>
    given(defined())
      .when(define(repeat, 'Loyal'))
      .then([defined(repeat, 'Loyal')]));

  it('given a segment, when it is archived, then SegmentArchived', () =>
    given(defined()).when(archive).then([archived]));

  it('given an archived segment, when it is archived again, then nothing', () =>
    given(defined(), archived).when(archive).thenNothing());

  it('given an archived segment, when it is defined again (even identically), then it is re-activated', () => {
    given(defined(), archived).when(define()).then([defined()]);
    expect(fold(segmentDecider, [defined(), archived, defined()]).status).toBe('active');
  });

  it('given nothing, when a segment is archived, then segment-not-found (404)', () => {
    const run = () => segmentDecider.decide(archive, segmentDecider.initialState());
    expect(run).toThrow(SegmentError);
    expect(run).toThrow(expect.objectContaining({ code: 'segment-not-found', kind: 'not-found' }) as Error);
  });
});
