/**
 * The right to erasure for one of our employees (a deal owner, a manager, a requester or approver of
 * approvals; ADR 0009 decision 10), in the order of forgetContact and as crash-safe and idempotent:
 *
 *   1. name the employee by the pseudonym of the normalised id (`employeeKey`); they exist in the tenant
 *      when their data key does (some event named them) or an earlier EmployeeForgotten does;
 *   2. delete `employee:<employeeKey>` and scrub the key store: from here on every reader reads their id
 *      as `~p:<employeeKey>` and the free text sealed under their key as `~redacted`;
 *   3. append EmployeeForgotten to `<tenant>/gdpr-employee:<employeeKey>` (again only if a key was
 *      deleted), its `employeeId` sealed under a notice key so that read models can find the clear id;
 *   4. wait until every serving read model that handles it has processed it;
 *   5. only then delete the notice key (a stopped projector keeps it until a rerun completes), and scrub
 *      the read-model files.
 */
import type { EventStore } from '@crm/event-store/port/event-store.port';
import type { Projection } from '@crm/projections/port/projection';
import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { EMPLOYEE_ID_TYPE, employeeKeyId, normalizeEmployeeId } from '../catalog/personal-data.catalog';
import type { DataKeyStore, ShredResult } from '../keys/data-key-store.port';
import type { IdentifierKeyOf } from '../protection/event-protection';

import { forgetSubject, type ForgetOrigin, type ForgetStep } from './forget-steps';
import {
  EMPLOYEE_FORGOTTEN,
  employeeGdprStreamOf,
  employeeNoticeKeyId,
  type EmployeeForgotten,
} from './person-forgotten.events';
import type { ProjectionProgress } from './projection-progress';
import type { ReadModelScrubber, ScrubReport } from './read-model-scrubber.port';

export interface ForgetEmployeeRequest extends ForgetOrigin {
  tenantId: string;
  /** As B2B events carry it: a sales agent's or manager's name, an approver's login. */
  employeeId: string;
  vacuumFull?: boolean;
}

export interface ForgetEmployeeDeps {
  /** The protected store (the gdpr layer seals EmployeeForgotten's id under its notice key). */
  store: EventStore;
  keys: DataKeyStore;
  readModels: ReadModelStore;
  projections: readonly Projection[];
  scrubber: ReadModelScrubber;
  waitTimeoutMs: number;
  /** The install's pseudonym function (open-privacy's identifierKeyOf). */
  identifierKeyOf: IdentifierKeyOf;
  onStep?: (step: ForgetStep) => void;
}

export interface ForgetEmployeeResult {
  tenantId: string;
  /** What the employee's ids read as from now on: `~p:<employeeKey>`. */
  employeeKey: string;
  keyIds: string[];
  alreadyForgotten: boolean;
  keysDeleted: number;
  keyStore: Pick<ShredResult, 'scrubbed' | 'detail'>;
  event: { eventId: string; position: number; appended: boolean };
  projections: ProjectionProgress[];
  readModels: ScrubReport;
  complete: boolean;
}

/** No event of this tenant names the employee (another tenant's employee is not found either). */
export class EmployeeNotFound extends Error {
  constructor(
    readonly tenantId: string,
    readonly employeeId: string,
  ) {
    super(`Employee ${JSON.stringify(employeeId)} is not known in tenant ${tenantId}`);
    this.name = 'EmployeeNotFound';
  }
}

/** The pseudonym naming an employee's key, stream and placeholder in a tenant. */
export const employeeKeyOf = (identifierKeyOf: IdentifierKeyOf, tenantId: string, employeeId: string): string =>
  identifierKeyOf(tenantId, EMPLOYEE_ID_TYPE, normalizeEmployeeId(employeeId));

export const forgetEmployee = async (
  request: ForgetEmployeeRequest,
  deps: ForgetEmployeeDeps,
): Promise<ForgetEmployeeResult> => {
  const { tenantId, employeeId } = request;
  if (normalizeEmployeeId(employeeId) === '') throw new EmployeeNotFound(tenantId, employeeId);
  const employeeKey = employeeKeyOf(deps.identifierKeyOf, tenantId, employeeId);
  const keyId = employeeKeyId(employeeKey);
  const noticeKeyId = employeeNoticeKeyId(employeeKey);
  const streamId = employeeGdprStreamOf(tenantId, employeeKey);
  const history = await deps.store.readStream(streamId);
  const known = history.length > 0 || (await deps.keys.describe(tenantId, [keyId])).length > 0;
  if (!known) throw new EmployeeNotFound(tenantId, employeeId);
  const keyIds = [keyId, noticeKeyId];
  deps.onStep?.({ step: 'resolved', identifierKeys: 1 });

  const event: EmployeeForgotten = {
    type: EMPLOYEE_FORGOTTEN,
    data: { employeeKey, employeeId, noticeKeyId, keyIds },
  };
  const {
    shred,
    projections,
    readModels,
    event: recordedEvent,
  } = await forgetSubject(deps, request, {
    tenantId,
    streamId,
    history,
    keyIds: [keyId],
    event,
  });
  // The clear id in the event stays readable until every read model has replaced it in its rows.
  const reached = projections.every((p) => p.reached);
  const notice = reached ? await deps.keys.shred(tenantId, [noticeKeyId]) : undefined;

  return {
    tenantId,
    employeeKey,
    keyIds,
    alreadyForgotten: history.length > 0 && shred.deleted.length === 0 && (notice?.deleted.length ?? 0) === 0,
    keysDeleted: shred.deleted.length,
    keyStore: {
      scrubbed: shred.scrubbed && (notice?.scrubbed ?? false),
      detail: notice === undefined ? `${shred.detail}; notice key kept until the read models catch up` : shred.detail,
    },
    event: recordedEvent,
    projections,
    readModels,
    complete: shred.scrubbed && reached && (notice?.scrubbed ?? false) && readModels.complete,
  };
};
