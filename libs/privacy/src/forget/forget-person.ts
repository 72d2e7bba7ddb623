/**
 * The right to erasure for one B2C profile (issue 9, ADR 0009), in an order that survives a crash at
 * any step and can simply be run again:
 *
 *   1. resolve the profile to its identifier keys (identity's read model, plus the keys recorded by any
 *      earlier PersonForgotten of the profile);
 *   2. delete their data keys and scrub the key store's files: from here on every reader (API,
 *      projections, relay, replay) reads the person's fields as `~p:<pseudonym>` / `~redacted`;
 *   3. append PersonForgotten to `<tenant>/gdpr-<profileId>` (again only if keys were deleted since the
 *      last one: a person who came back after a first forget is forgotten again);
 *   4. wait until every serving read model that handles it has processed it (they drop display values);
 *   5. scrub the read-model files of the bytes those updates freed.
 *
 * Everything is addressed by tenant: a tenant's forget never touches another tenant's keys or streams.
 */
import type { EventSource, EventStore, RecordedEvent } from '@crm/event-store/port/event-store.port';
import type { Projection } from '@crm/projections/port/projection';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import type { IdentifierDirectory } from '../directory/identifier-directory';
import type { DataKeyStore, ShredResult } from '../keys/data-key-store.port';
import { gdprStreamOf, PERSON_FORGOTTEN, type PersonForgotten } from './person-forgotten.events';
import { forgetSubject, type ForgetStep } from './forget-steps';
import type { ProjectionProgress } from './projection-progress';
import type { ReadModelScrubber, ScrubReport } from './read-model-scrubber.port';

export interface ForgetPersonRequest {
  tenantId: string;
  profileId: string;
  source: EventSource;
  actor: string;
  correlationId?: string;
  /** PostgreSQL read models: rewrite the changed tables (VACUUM FULL) rather than a plain VACUUM. */
  vacuumFull?: boolean;
}

export interface ForgetPersonDeps {
  store: EventStore;
  keys: DataKeyStore;
  directory: IdentifierDirectory;
  readModels: ReadModelStore;
  /** The projections this process knows (the catalog); forget waits for those that handle PersonForgotten. */
  projections: readonly Projection[];
  scrubber: ReadModelScrubber;
  /** How long to wait for the read models before reporting the forget incomplete. */
  waitTimeoutMs: number;
  onStep?: (step: ForgetStep) => void;
}

export interface ForgetResult {
  tenantId: string;
  profileId: string;
  identifierKeys: string[];
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

/** Neither identity resolution nor an earlier forget knows the profile in this tenant. */
export class ProfileNotFound extends Error {
  constructor(
    readonly tenantId: string,
    readonly profileId: string,
  ) {
    super(`Profile ${JSON.stringify(profileId)} is not known in tenant ${tenantId}`);
    this.name = 'ProfileNotFound';
  }
}

const forgottenKeys = (history: readonly RecordedEvent[]): string[] =>
  history
    .filter((e) => e.type === PERSON_FORGOTTEN)
    .flatMap((e) => (e.data as unknown as PersonForgotten['data']).identifierKeys ?? []);

export const forgetPerson = async (request: ForgetPersonRequest, deps: ForgetPersonDeps): Promise<ForgetResult> => {
  const { tenantId, profileId } = request;
  const streamId = gdprStreamOf(tenantId, profileId);
  const history = await deps.store.readStream(streamId);
  const linked = await deps.directory.identifiersOf(tenantId, profileId);
  const identifierKeys = [...new Set([...linked.map((i) => i.key), ...forgottenKeys(history)])].sort();
  if (identifierKeys.length === 0) throw new ProfileNotFound(tenantId, profileId);
  deps.onStep?.({ step: 'resolved', identifierKeys: identifierKeys.length });

  const event: PersonForgotten = { type: PERSON_FORGOTTEN, data: { profileId, identifierKeys } };
  const { shred: _shred, ...outcome } = await forgetSubject(deps, request, {
    tenantId,
    streamId,
    history,
    keyIds: identifierKeys,
    event,
  });
  return { tenantId, profileId, identifierKeys, ...outcome };
};
