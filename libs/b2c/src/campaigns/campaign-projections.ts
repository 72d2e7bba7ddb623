import type { Pseudonymizer } from '@crm/privacy/pseudonyms/pseudonymizer';
import type { Projection } from '@crm/projections/port/projection';
import { campaignsProjection } from './campaigns.projection';

/**
 * The campaign read models, registered in libs/wiring/src/projection-catalog.ts for every process. The
 * pseudonymizer is the install's (loadPseudonymizer): identifier keys must be the ones identity
 * resolution computes, or attribution could never move to its profiles.
 */
export const campaignProjections = (deps: { pseudonymizer: Pseudonymizer }): Projection[] => [
  campaignsProjection(deps.pseudonymizer),
];
