/**
 * The GDPR record of the log: stream `<tenant>/gdpr-<profileId>`, schema version 1. Appended by
 * `crm forget` / `POST /v1/ops/forget` after the person's keys are deleted. Projections that hold a
 * person's display values or personal fields drop them on this event (keeping keys, counts, amounts);
 * identifier keys are pseudonyms, so the event itself holds no personal data.
 */
import { streamIdOf } from '@crm/event-store/port/stream-id';

export const GDPR_CATEGORY = 'gdpr';

export interface PersonForgotten {
  type: 'PersonForgotten';
  data: {
    profileId: string;
    /** Every identifier key of the person (sorted): their data keys are deleted. */
    identifierKeys: string[];
  };
}

/**
 * A B2B contact forgotten (`crm forget --contact`), stream `<tenant>/gdpr-contact:<contactId>`. The
 * B2C counterpart of PersonForgotten, with the contact's data keys instead of identifier keys: B2B
 * read models drop the contact's name, email, phone, title and the notes naming them on it.
 */
export interface ContactForgotten {
  type: 'ContactForgotten';
  data: {
    contactId: string;
    /** The deleted data keys (`contact:<contactId>`). */
    keyIds: string[];
  };
}

/**
 * One of our employees forgotten (`crm forget --employee`), stream `<tenant>/gdpr-employee:<employeeKey>`
 * (ADR 0009, decision 10). Their ids in B2B events read as `~p:<employeeKey>` from now on, and free text
 * sealed under their key as `~redacted`. Read models hold the clear id, not the key: `employeeId` tells
 * them which values to replace, and is itself sealed under `noticeKeyId`, a key deleted as soon as every
 * read model is past this event (then it reads `~redacted`, as on a rebuild, which needs no name).
 */
export interface EmployeeForgotten {
  type: 'EmployeeForgotten';
  data: {
    /** The pseudonym of the normalised employee id. */
    employeeKey: string;
    /** The id as given to the forget; readable only until the forget completes. */
    employeeId: string;
    /** The key sealing `employeeId` (`employee-notice:<employeeKey>`). */
    noticeKeyId: string;
    /** The deleted data keys: `employee:<employeeKey>` and, once complete, `noticeKeyId`. */
    keyIds: string[];
  };
}

export type GdprEvent = PersonForgotten | ContactForgotten | EmployeeForgotten;

export const PERSON_FORGOTTEN = 'PersonForgotten' satisfies GdprEvent['type'];
export const CONTACT_FORGOTTEN = 'ContactForgotten' satisfies GdprEvent['type'];
export const EMPLOYEE_FORGOTTEN = 'EmployeeForgotten' satisfies GdprEvent['type'];

export const GDPR_EVENT_TYPES = [
  PERSON_FORGOTTEN,
  CONTACT_FORGOTTEN,
  EMPLOYEE_FORGOTTEN,
] as const satisfies readonly GdprEvent['type'][];

/** Throws on a profile id that cannot be a stream id (a slash, control characters, > 200 characters). */
export const gdprStreamOf = (tenantId: string, profileId: string): string =>
  streamIdOf(tenantId, GDPR_CATEGORY, profileId);

/** Beside profiles' streams in the same category (the relay's `gdpr` topic); `:` keeps the two id spaces apart. */
export const contactGdprStreamOf = (tenantId: string, contactId: string): string =>
  streamIdOf(tenantId, GDPR_CATEGORY, `contact:${contactId}`);

/** Beside contacts' streams; named by the pseudonym, so the stream id carries no name. */
export const employeeGdprStreamOf = (tenantId: string, employeeKey: string): string =>
  streamIdOf(tenantId, GDPR_CATEGORY, `employee:${employeeKey}`);

/** The key sealing EmployeeForgotten's clear id, deleted when the forget completes. */
export const employeeNoticeKeyId = (employeeKey: string): string => `employee-notice:${employeeKey}`;

/**
 * An employee's identity as B2B events carry it (a sales agent's or manager's name, an approver's
 * login), normalised so that spellings differing only by case or spacing are one person: Unicode NFC,
 * trimmed, inner whitespace collapsed, lower-cased. Read models compare their clear values with
 * EmployeeForgotten's `employeeId` through it.
 */
export const normalizeEmployeeId = (id: string): string =>
  id.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
