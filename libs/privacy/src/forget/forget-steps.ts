/**
 * Steps 2–5 of a forget, shared by profiles (forget-person.ts), B2B contacts (forget-contact.ts) and
 * employees (forget-employee.ts): delete the subject's keys, record the GDPR event once per shred, wait for
 * the read models that handle it, scrub their files. Each caller resolves its subject (step 1) and shapes
 * its own answer.
 */
import { randomUUID } from 'node:crypto';
import { WrongExpectedVersion } from '@crm/event-store/port/event-store.errors';
import type { EventSource, EventStore, RecordedEvent } from '@crm/event-store/port/event-store.port';
import type { JsonObject } from '@crm/event-store/port/json';
import type { Projection } from '@crm/projections/port/projection';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import type { DataKeyStore, ShredResult } from '../keys/data-key-store.port';
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

/** What a forget reports as it goes (the CLI prints one line per step). */
export type ForgetStep =
  | { step: 'resolved'; identifierKeys: number }
  | { step: 'keys-shredded'; deleted: number }
  | { step: 'recorded'; position: number; appended: boolean }
  | { step: 'projections'; progress: readonly ProjectionProgress[] }
  | { step: 'scrubbed'; report: ScrubReport };

export interface ForgetSubjectDeps extends SettleDeps {
  store: EventStore;
  keys: DataKeyStore;
  onStep?: (step: ForgetStep) => void;
}

export interface ForgetSubject {
  tenantId: string;
  /** The subject's GDPR stream and what it holds already. */
  streamId: string;
  history: readonly RecordedEvent[];
  /** The keys to delete now. */
  keyIds: readonly string[];
  event: GdprEvent;
}

/** The part of every forget's answer that steps 2–5 decide. */
export interface ForgetOutcome {
  shred: ShredResult;
  /** True when an earlier forget already did it all and no key was left to delete. */
  alreadyForgotten: boolean;
  keysDeleted: number;
  keyStore: Pick<ShredResult, 'scrubbed' | 'detail'>;
  event: { eventId: string; position: number; appended: boolean };
  projections: ProjectionProgress[];
  readModels: ScrubReport;
  /** Keys scrubbed, every serving read model past the event, read-model files scrubbed. */
  complete: boolean;
}

export const forgetSubject = async (
  deps: ForgetSubjectDeps,
  origin: ForgetOrigin & { vacuumFull?: boolean },
  subject: ForgetSubject,
): Promise<ForgetOutcome> => {
  const shred = await deps.keys.shred(subject.tenantId, subject.keyIds);
  deps.onStep?.({ step: 'keys-shredded', deleted: shred.deleted.length });
  const { recorded, appended } = await recordForgotten(
    deps.store,
    subject.streamId,
    subject.history,
    shred.deleted.length,
    subject.event,
    origin,
  );
  deps.onStep?.({ step: 'recorded', position: recorded.position, appended });
  const { projections, readModels } = await settleReadModels(
    deps,
    subject.event.type,
    recorded.position,
    origin.vacuumFull ?? false,
    (progress) => deps.onStep?.({ step: 'projections', progress }),
    (report) => deps.onStep?.({ step: 'scrubbed', report }),
  );
  return {
    shred,
    alreadyForgotten: subject.history.length > 0 && shred.deleted.length === 0,
    keysDeleted: shred.deleted.length,
    keyStore: { scrubbed: shred.scrubbed, detail: shred.detail },
    event: { eventId: recorded.eventId, position: recorded.position, appended },
    projections,
    readModels,
    complete: shred.scrubbed && projections.every((p) => p.reached) && readModels.complete,
  };
};
