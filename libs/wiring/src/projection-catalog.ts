import { b2bProjections } from '@crm/b2b/b2b-projections';
import { b2cProjections, b2cPublishers } from '@crm/b2c/b2c-projections';
import { campaignProjections } from '@crm/b2c/campaigns/campaign-projections';
import { supportProjections } from '@crm/b2c/support/support-projections';
import { eventCountsProjection } from '@crm/projections/builtin/event-counts/event-counts.projection';
import type { DerivedEventsPublisher } from '@crm/projections/port/derived-events-publisher';
import type { Projection } from '@crm/projections/port/projection';
import type { Pseudonymizer } from '@crm/privacy/pseudonyms/pseudonymizer';

/** What projections need from the process. */
export interface ProjectionDeps {
  /** The install's identifier pseudonymizer (`loadPseudonymizer(config)`): identity links by its keys. */
  pseudonymizer: Pseudonymizer;
}

/**
 * Every projection the apps run (crm-projector, the API's embedded runtime) and operate (`crm
 * projections …`). The one place an app learns which projections exist: a feature library adds its
 * projections here, and every process picks them up.
 */
export const allProjections = ({ pseudonymizer }: ProjectionDeps): Projection[] => [
  eventCountsProjection,
  ...b2bProjections(),
  ...b2cProjections({ pseudonymizer }),
  ...supportProjections(),
  ...campaignProjections({ pseudonymizer }),
];

/**
 * Every derived-events publisher, run beside the projections by the same daemon (crm-projector, or the
 * API with PROJECTIONS=in-process), each under a lease of its name.
 */
export const allPublishers = (): DerivedEventsPublisher[] => [...b2cPublishers()];
