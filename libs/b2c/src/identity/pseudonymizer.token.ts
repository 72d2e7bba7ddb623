/**
 * The identifier pseudonymizer (libs/privacy), provided by B2cModule.forRoot: the apps load it once with
 * `loadPseudonymizer(config)` and hand the same instance to the projections and the HTTP slices.
 */
export const PSEUDONYMIZER = Symbol('PSEUDONYMIZER');
