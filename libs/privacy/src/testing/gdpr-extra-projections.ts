/**
 * TEST-ONLY, loaded through CRM_EXTRA_PROJECTIONS_MODULE by the GDPR tests of the real `crm` and
 * `crm-projector` processes: the person read model, plus the identity stand-in while the catalog has
 * no projection of its own declaring `b2c_identifier_profiles`.
 */
import type { Projection } from '@crm/projections/port/projection';
import { allProjections } from '@crm/wiring/projection-catalog';
import { identifierKeyOf, loadPseudonymizer } from '@crm/wiring/open-privacy';
import { loadStoreConfig } from '@crm/wiring/store-config';
import { IDENTIFIER_PROFILES_VIEW } from '../directory/identifier-directory';
import type { IdentifierKeyOf } from '../protection/event-protection';
import { hmacPseudonymizer } from '../pseudonyms/pseudonymizer';
import { gdprTestIdentityProjection, gdprTestPeopleProjection } from './gdpr-test-projections';

export const extraProjections = (): Projection[] => {
  let keyOf: Promise<IdentifierKeyOf> | undefined;
  // The process's own pseudonym secret (file or PostgreSQL, by its configuration), as every reader uses it.
  const lazyKeyOf = (): Promise<IdentifierKeyOf> =>
    (keyOf ??= loadPseudonymizer(loadStoreConfig(process.env)).then(identifierKeyOf));
  // Only the table names matter here, so any pseudonymizer will do.
  const identityInCatalog = allProjections({ pseudonymizer: hmacPseudonymizer(Buffer.alloc(32)) }).some((p) =>
    p.tables.some((t) => t.name === IDENTIFIER_PROFILES_VIEW),
  );
  return [...(identityInCatalog ? [] : [gdprTestIdentityProjection(lazyKeyOf)]), gdprTestPeopleProjection(lazyKeyOf)];
};
