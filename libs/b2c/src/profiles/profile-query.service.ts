import type { ReadModelStore } from '@crm/projections/port/read-model-store';
import { READ_MODEL_STORE } from '@crm/projections/projections.module';
import type { Pseudonymizer } from '@crm/privacy/pseudonyms/pseudonymizer';
import { Inject, Injectable } from '@nestjs/common';
import type { IdentifierType } from '../identity/domain/identifier';
import { PSEUDONYMIZER } from '../identity/pseudonymizer.token';
import { resolveIdentifier } from './queries/profile-identifiers.query';

/**
 * What other modules (GDPR forget, segments, campaigns) ask the B2C read model, through the stable
 * views `b2c_identifier_profiles` and `b2c_profiles`. Exported by B2cModule.
 */
@Injectable()
export class ProfileQueryService {
  constructor(
    @Inject(READ_MODEL_STORE) private readonly rm: ReadModelStore,
    @Inject(PSEUDONYMIZER) private readonly pseudonymizer: Pseudonymizer,
  ) {}

  /** Every identifier key of a profile (linked now), e.g. for PersonForgotten; empty for an unknown profile. */
  async identifierKeys(tenantId: string, profileId: string): Promise<{ type: IdentifierType; key: string }[]> {
    return this.rm.query(
      `SELECT identifier_type AS "type", identifier_key AS "key" FROM b2c_identifier_profiles
        WHERE tenant_id = ? AND profile_id = ? ORDER BY identifier_key`,
      [tenantId, profileId],
    );
  }

  /** The profile an identifier belongs to now (clear value or `~p:<key>`); undefined if none. */
  async profileIdOf(tenantId: string, type: IdentifierType, value: string): Promise<string | undefined> {
    const found = await resolveIdentifier(this.rm, this.pseudonymizer, tenantId, type, value);
    return found?.status === 'linked' && found.profileId !== null ? found.profileId : undefined;
  }
}
