import type { AuthContext } from './auth-context';
import { problem } from '../http/problems';

/**
 * Who may act on what every tenant shares (ADR 0010). An `ops` key belongs to one tenant and sees that
 * tenant's operational data only. Rebuilding a projection, deciding on a faulted event, or reading another
 * tenant's dead letters, faults and store figures changes or reveals every tenant's data, so it needs a
 * platform operator: an `ops` key of a tenant named in CRM_OPERATOR_TENANTS (a tenant of its own that
 * holds no customer data, e.g. `platform`), or the one key of dev mode, where the process serves nobody
 * but its developer.
 */
export class OperatorPolicy {
  private readonly tenants: ReadonlySet<string>;

  constructor(
    operatorTenants: readonly string[],
    /** Dev mode (no CRM_API_KEYS): the generated demo key is the operator. */
    readonly devMode: boolean,
  ) {
    this.tenants = new Set(operatorTenants);
  }

  isOperator(auth: AuthContext): boolean {
    return auth.scopes.includes('ops') && (this.devMode || this.tenants.has(auth.tenantId));
  }

  /** 403 unless the caller is a platform operator; `what` completes "… needs a platform operator". */
  require(auth: AuthContext, what: string): void {
    if (!this.isOperator(auth))
      throw problem(
        'forbidden',
        `${what} affects every tenant and needs a platform operator: an ops key of a tenant listed in ` +
          'CRM_OPERATOR_TENANTS.',
        { extensions: { operatorOnly: true } },
      );
  }
}

/** The audit actor of an operator's decision made over HTTP: the key id and tenant, never the key. */
export const httpActor = (auth: AuthContext): string => `api-key:${auth.keyId}@${auth.tenantId}`;
