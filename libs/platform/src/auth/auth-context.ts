/** What an API key grants: one tenant and a set of scopes. */
export type Scope = 'events:write' | 'read' | 'ops';

export const SCOPES: readonly Scope[] = ['events:write', 'read', 'ops'];

export interface AuthContext {
  tenantId: string;
  /** A non-secret id of the key (a prefix of its hash), for logs, metrics and rate limits. */
  keyId: string;
  scopes: readonly Scope[];
}
