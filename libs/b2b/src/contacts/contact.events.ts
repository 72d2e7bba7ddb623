/** Events of the contact (a person at one or more accounts), stream `<tenant>/contact-<contactId>`. Schema version 1. */

export interface ContactProfile {
  name: string;
  email: string | null;
  phone: string | null;
  title: string | null;
  department: string | null;
}

export interface ContactAdded {
  type: 'ContactAdded';
  data: ContactProfile & { contactId: string; accountIds: string[]; reportsToId: string | null; at: string };
}

export interface ContactLinkedToAccount {
  type: 'ContactLinkedToAccount';
  data: { contactId: string; accountId: string; at: string };
}

export interface ContactProfileUpdated {
  type: 'ContactProfileUpdated';
  /** Only the fields that changed. */
  data: { contactId: string; changes: Partial<ContactProfile>; at: string };
}

export interface ContactReportsToChanged {
  type: 'ContactReportsToChanged';
  /** `reportsToId: null`: reports to nobody we know (top of the org chart). */
  data: { contactId: string; previousReportsToId: string | null; reportsToId: string | null; at: string };
}

export type ContactEvent = ContactAdded | ContactLinkedToAccount | ContactProfileUpdated | ContactReportsToChanged;

export const CONTACT_EVENT_TYPES = [
  'ContactAdded',
  'ContactLinkedToAccount',
  'ContactProfileUpdated',
  'ContactReportsToChanged',
] as const satisfies readonly ContactEvent['type'][];
