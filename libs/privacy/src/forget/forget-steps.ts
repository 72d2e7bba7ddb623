/**
 * Steps 3–5 of a forget, shared by profiles (forget-person.ts) and B2B contacts (forget-contact.ts):
 * record the GDPR event once per shred, wait for the read models that handle it, scrub their files.
 */
import { randomUUID } from 'node:crypto';
import { WrongExpectedVersion } from '@crm/event-store/port/event-store.errors';
import type { EventSource, EventStore, RecordedEvent } from '@crm/event-store/port/event-store.port';
import type { JsonObject } from '@crm/event-store/port/json';
import type { Projection } from '@crm/projections/port/projection';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import type { GdprEvent } from './person-forgotten.events';
import { waitForProjections, type ProjectionProgress } from './projection-progress';
import type { ReadModelScrubber, ScrubReport } from './read-model-scrubber.port';

export interface ForgetOrigin {
  source: EventSource;
  actor: string;
  correlationId?: string;
}

/**
 * The GDPR event of this forget: appended when the stream has none yet or keys were just deleted (a
 * subject who came back is forgotten again), else the last one recorded. Expected version checked: of
 * two racing forgets one appends, the other waits for that event.
 */
export const recordForgotten = async (
  store: EventStore,
  streamId: string,
  history: readonly RecordedEvent[],
  keysDeleted: number,
  event: GdprEvent,
  origin: ForgetOrigin,
): Promise<{ recorded: RecordedEvent; appended: boolean }> => {
  const last = history[history.length - 1];
  if (last !== undefined && keysDeleted === 0) return { recorded: last, appended: false };
  let appended = false;
  try {
    await store.append(
      streamId,
      [
        {
          eventId: randomUUID(),
          type: event.type,
          data: event.data as unknown as JsonObject,
          metadata: {
            occurredAt: new Date().toISOString(),
            source: origin.source,
            actor: origin.actor,
            ...(origin.correlationId !== undefined && { correlationId: origin.correlationId }),
          },
        },
      ],
      { expectedVersion: last === undefined ? 'no_stream' : last.streamVersion },
    );
    appended = true;
  } catch (error) {
    // A concurrent forget of the same subject recorded it first: its event is the one to wait for.
    if (!(error instanceof WrongExpectedVersion)) throw error;
  }
  const [recorded] = await store.readStream(streamId, { direction: 'backwards', limit: 1 });
  return { recorded: recorded!, appended };
};

export interface SettleDeps {
  readModels: ReadModelStore;
  projections: readonly Projection[];
  scrubber: ReadModelScrubber;
  waitTimeoutMs: number;
}

/** Waits until every serving read model handling `eventType` is past `position`, then scrubs their files. */
export const settleReadModels = async (
  deps: SettleDeps,
  eventType: GdprEvent['type'],
  position: number,
  vacuumFull: boolean,
  onProgress: (progress: readonly ProjectionProgress[]) => void,
  onScrubbed: (report: ScrubReport) => void,
): Promise<{ projections: ProjectionProgress[]; readModels: ScrubReport }> => {
  const handlers = deps.projections
    .filter((p) => p.handles === '*' || p.handles.includes(eventType))
    .map((p) => p.name);
  const projections = await waitForProjections(deps.readModels, handlers, position, {
    timeoutMs: deps.waitTimeoutMs,
    onProgress,
  });
  const readModels = await deps.scrubber.scrub({ projections: handlers, full: vacuumFull });
  onScrubbed(readModels);
  return { projections, readModels };
};
