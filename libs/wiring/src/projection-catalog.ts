import { b2bProjections } from '@crm/b2b/b2b-projections';
import { eventCountsProjection } from '@crm/projections/builtin/event-counts/event-counts.projection';
import type { Projection } from '@crm/projections/port/projection';

/**
 * Every projection the apps run (crm-projector, the API's embedded runtime) and operate (`crm
 * projections …`). The one place an app learns which projections exist: a feature library adds its
 * projections here, and every process picks them up.
 */
export const allProjections = (): Projection[] => [eventCountsProjection, ...b2bProjections()];
