import type { Projection } from '@crm/projections/port/projection';
import { supportSlaProjection } from './support-sla.projection';

/** The support read models, registered in libs/wiring/src/projection-catalog.ts for every process. */
export const supportProjections = (): Projection[] => [supportSlaProjection];
