import type { Projection } from '@crm/projections/port/projection';
import type { PrivacyServices } from '../privacy-services';

export const PRIVACY_SERVICES = Symbol('PRIVACY_SERVICES');
export const PRIVACY_OPTIONS = Symbol('PRIVACY_OPTIONS');

export interface PrivacyModuleOptions {
  /** Opens the key store and the identifier keys (libs/wiring `openPrivacyServices(config)`). */
  open: () => Promise<PrivacyServices>;
  /** Where the embedded read models live (the SQLite scrubber rewrites that file). */
  dataDir: string;
  /** The projection catalog of the app: forget waits for those handling PersonForgotten, export reads their tables. */
  projections: readonly Projection[];
  /** How long POST /v1/ops/forget waits for the read models before answering 202 (default 30 s). */
  forgetWaitMs?: number;
}
