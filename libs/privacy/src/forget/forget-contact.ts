/**
 * The right to erasure for one B2B contact (issue 9, ADR 0009 "B2B"), in the order of forgetPerson and
 * as crash-safe and idempotent:
 *
 *   1. check the contact exists in the tenant (its stream, or an earlier ContactForgotten);
 *   2. delete its data key `contact:<contactId>` and scrub the key store: from here on every reader
 *      reads its name, email, phone, title, department, and every note naming it, as `~redacted`;
 *   3. append ContactForgotten to `<tenant>/gdpr-contact:<contactId>` (again only if a key was deleted);
 *   4. wait until every serving read model that handles it has processed it (B2B read models drop the
 *      contact's values and the notes naming it);
 *   5. scrub the read-model files of the bytes those updates freed.
 */
import { streamIdOf } from '@crm/event-store/port/stream-id';
import type { EventStore } from '@crm/event-store/port/event-store.port';
import type { Projection } from '@crm/projections/port/projection';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { contactKeyId } from '../catalog/personal-data.catalog';
import type { DataKeyStore, ShredResult } from '../keys/data-key-store.port';

import { forgetSubject, type ForgetOrigin, type ForgetStep } from './forget-steps';
import { CONTACT_FORGOTTEN, contactGdprStreamOf, type ContactForgotten } from './person-forgotten.events';
import type { ProjectionProgress } from './projection-progress';
import type { ReadModelScrubber, ScrubReport } from './read-model-scrubber.port';

export interface ForgetContactRequest extends ForgetOrigin {
  tenantId: string;
  contactId: string;
  /** PostgreSQL read models: rewrite the changed tables (VACUUM FULL) rather than a plain VACUUM. */
  vacuumFull?: boolean;
}

export interface ForgetContactDeps {
  store: EventStore;
  keys: DataKeyStore;
  readModels: ReadModelStore;
  /** The projections this process knows: forget waits for those that handle ContactForgotten. */
  projections: readonly Projection[];
  scrubber: ReadModelScrubber;
  waitTimeoutMs: number;
  onStep?: (step: ForgetStep) => void;
}

export interface ForgetContactResult {
  tenantId: string;
  contactId: string;
  keyIds: string[];
  /** True when an earlier forget already did it all and no key was left to delete. */
  alreadyForgotten: boolean;
  keysDeleted: number;
  keyStore: Pick<ShredResult, 'scrubbed' | 'detail'>;
  event: { eventId: string; position: number; appended: boolean };
  projections: ProjectionProgress[];
  readModels: ScrubReport;
  complete: boolean;
}

/** No such contact in this tenant (another tenant's contact is not found either). */
export class ContactNotFound extends Error {
  constructor(
    readonly tenantId: string,
    readonly contactId: string,
  ) {
    super(`Contact ${JSON.stringify(contactId)} is not known in tenant ${tenantId}`);
    this.name = 'ContactNotFound';
  }
}

/** The contact's own stream, as libs/b2b names it (`<tenant>/contact-<id>`). */
export const contactStreamOf = (tenantId: string, contactId: string): string =>
  streamIdOf(tenantId, 'contact', contactId);

export const forgetContact = async (
  request: ForgetContactRequest,
  deps: ForgetContactDeps,
): Promise<ForgetContactResult> => {
  const { tenantId, contactId } = request;
  const streamId = contactGdprStreamOf(tenantId, contactId);
  const history = await deps.store.readStream(streamId);
  const added = await deps.store.readStream(contactStreamOf(tenantId, contactId), { limit: 1 });
  if (history.length === 0 && added.length === 0) throw new ContactNotFound(tenantId, contactId);
  const keyIds = [contactKeyId(contactId)];
  deps.onStep?.({ step: 'resolved', identifierKeys: keyIds.length });

  const event: ContactForgotten = { type: CONTACT_FORGOTTEN, data: { contactId, keyIds } };
  const { shred: _shred, ...outcome } = await forgetSubject(deps, request, {
    tenantId,
    streamId,
    history,
    keyIds,
    event,
  });
  return { tenantId, contactId, keyIds, ...outcome };
};
