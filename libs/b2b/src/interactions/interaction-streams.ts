import { streamIdOf } from '@crm/event-store/port/stream-id';

export const interactionStreamId = (tenantId: string, interactionId: string): string =>
  streamIdOf(tenantId, 'interaction', interactionId);
