import type { DerivedEventsPublisher } from '@crm/projections/port/derived-events-publisher';
import type { Projection } from '@crm/projections/port/projection';
import type { Pseudonymizer } from '@crm/privacy/pseudonyms/pseudonymizer';
import { mergeEventsPublisher } from './identity/merge-events/merge-events.publisher';
import { profilesProjection } from './profiles/profiles.projection';

/** What B2C read models need from the process: the identifier pseudonymizer (loadPseudonymizer). */
export interface B2cProjectionDeps {
  pseudonymizer: Pseudonymizer;
}

/**
 * The B2C read models, registered in libs/wiring/src/projection-catalog.ts for every process. Each
 * feature adds its projections to this list.
 */
export const b2cProjections = (deps: B2cProjectionDeps): Projection[] => [profilesProjection(deps)];

/** What B2C read models derive and the log should tell: merges and splits as events (ADR 0006). */
export const b2cPublishers = (): DerivedEventsPublisher[] => [mergeEventsPublisher()];
