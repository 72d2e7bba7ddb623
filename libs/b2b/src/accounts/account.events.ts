/** Events of the account aggregate, stream `<tenant>/account-<accountId>`. Schema version 1 each. */

/** What we know about a company; every field but the name may be unknown (null). */
export interface AccountProfile {
  name: string;
  sector: string | null;
  yearEstablished: number | null;
  /** Annual revenue in millions of US dollars, as the Maven Analytics data set gives it. */
  revenueMillions: number | null;
  employees: number | null;
  officeLocation: string | null;
}

export interface AccountRegistered {
  type: 'AccountRegistered';
  data: AccountProfile & { accountId: string; parentId: string | null; at: string };
}

export interface AccountProfileUpdated {
  type: 'AccountProfileUpdated';
  /** Only the fields that changed. */
  data: { accountId: string; changes: Partial<AccountProfile>; at: string };
}

export interface AccountParentChanged {
  type: 'AccountParentChanged';
  /** `parentId: null` detaches the account from its group. */
  data: { accountId: string; previousParentId: string | null; parentId: string | null; at: string };
}

export type AccountEvent = AccountRegistered | AccountProfileUpdated | AccountParentChanged;

export const ACCOUNT_EVENT_TYPES = [
  'AccountRegistered',
  'AccountProfileUpdated',
  'AccountParentChanged',
] as const satisfies readonly AccountEvent['type'][];
