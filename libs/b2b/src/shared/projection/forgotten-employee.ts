import type { RecordedEvent } from '@crm/event-store/port/event-store.port';
import { parseStreamId } from '@crm/event-store/port/stream-id';
import {
  EMPLOYEE_FORGOTTEN,
  GDPR_CATEGORY,
  normalizeEmployeeId,
  type EmployeeForgotten,
} from '@crm/privacy/forget/person-forgotten.events';
import { FORGOTTEN } from './forgotten-contact';

/**
 * A forgotten employee as a read model can act on it: `is(value)` recognises their id in a row (as the
 * events carried it, any case or spacing) and `pseudonym` is what the sealed log reads for it now, so a
 * row updated live and a row rebuilt agree.
 */
export interface ForgottenEmployee {
  readonly pseudonym: string;
  is(value: unknown): boolean;
  /** The text with every occurrence of the id (any case, any spacing) replaced by the pseudonym. */
  replaceIn(text: string): string;
}

const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * EmployeeForgotten, from the gdpr stream that `crm forget --employee` writes (not another module's
 * event); undefined for any other event. `'none'` when its clear id is gone (the notice key deleted: the
 * forget completed before this read model saw it, as on a rebuild), where the rows, built from the sealed
 * log, already hold the pseudonym: nothing to do.
 */
export const forgottenEmployeeOf = (event: RecordedEvent): ForgottenEmployee | 'none' | undefined => {
  if (event.type !== EMPLOYEE_FORGOTTEN || parseStreamId(event.streamId)?.category !== GDPR_CATEGORY) return undefined;
  const data = event.data as unknown as EmployeeForgotten['data'];
  if (typeof data.employeeId !== 'string' || data.employeeId === FORGOTTEN) return 'none';
  const id = normalizeEmployeeId(data.employeeId);
  const pseudonym = `~p:${data.employeeKey}`;
  const anywhere = new RegExp(id.split(' ').map(escaped).join('\\s+'), 'giu');
  return {
    pseudonym,
    is: (value) => typeof value === 'string' && normalizeEmployeeId(value) === id,
    replaceIn: (text) => text.normalize('NFC').replace(anywhere, pseudonym),
  };
};

/** A value with the employee's id replaced by their pseudonym (the rest as is). */
export const pseudonymised = <T>(employee: ForgottenEmployee, value: T): T | string =>
  employee.is(value) ? employee.pseudonym : value;

export { EMPLOYEE_FORGOTTEN };
