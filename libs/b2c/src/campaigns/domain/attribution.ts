/** How campaign conversions are attributed; shared by the decider, the projection and the queries. */

/** A purchase by the same person at most this many days after a click converts (per tenant, changeable). */
export const DEFAULT_CONVERSION_WINDOW_DAYS = 7;
export const MAX_CONVERSION_WINDOW_DAYS = 365;
export const MS_PER_DAY = 86_400_000;
