import { handleCommand } from '@crm/slices/command-runtime/aggregate-store';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import { appendCustomerEvents } from '../import/append-customer-events';
import { validateSegmentRule } from '../segments/domain/segment-rule';
import { segmentDecider } from '../segments/segment.decider';
import { segmentStreamId } from '../segments/segment-streams';
import { B2C_DEMO_SEGMENTS, b2cDemoEvents } from './b2c-demo-data';

export interface B2cSeedReport {
  customerEvents: number;
  segments: number;
  lastPosition: number;
}

/**
 * The B2C demo through the ingest path (the contract's validator, the stored shape) and the segment
 * decider, as `POST /v1/events` and `PUT /v1/b2c/segments/:id` would. Idempotent: event ids and the
 * segments' idempotency keys are derived from names.
 */
export const seedB2cDemo = async (store: EventStore, tenantId: string, now: Date): Promise<B2cSeedReport> => {
  const origin = { source: 'system' as const, actor: 'demo-seed' };
  const { appended, lastPosition } = await appendCustomerEvents(store, b2cDemoEvents(now), { tenantId, origin });
  let last = lastPosition;
  let segments = 0;
  for (const segment of B2C_DEMO_SEGMENTS) {
    const checked = validateSegmentRule(segment.rule);
    if (!checked.ok) throw new Error(`Demo segment ${segment.segmentId} has an invalid rule`);
    const at = now.toISOString();
    const result = await handleCommand(
      store,
      segmentStreamId(tenantId, segment.segmentId),
      segmentDecider,
      { type: 'DefineSegment', segmentId: segment.segmentId, name: segment.name, rule: checked.rule, at },
      { origin: { ...origin, idempotencyKey: `demo-segment-${segment.segmentId}` }, occurredAt: at },
    );
    segments += result.appended > 0 ? 1 : 0;
    last = Math.max(last, result.position);
  }
  return { customerEvents: appended, segments, lastPosition: last };
};
