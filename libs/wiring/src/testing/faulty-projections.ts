import type { Projection } from '@crm/projections/port/projection';
import { notesProjection } from '@crm/projections/testing/test-projections';

/**
 * TEST-ONLY, loaded through CRM_EXTRA_PROJECTIONS_MODULE by the integration tests of the CLI and the
 * projector: a `notes` projection whose events with `poison: true` fail until the process runs with
 * CRM_TEST_POISON=disarmed (the "fix" an operator deploys before `crm projections retry`).
 */
export const extraProjections = (): Projection[] => [
  notesProjection({ poisonArmed: () => process.env.CRM_TEST_POISON !== 'disarmed' }),
];
