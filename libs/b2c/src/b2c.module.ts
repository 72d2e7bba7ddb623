import type { Pseudonymizer } from '@crm/privacy/pseudonyms/pseudonymizer';
import { Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import { ExplainIdentityController } from './identity/explain-identity/explain-identity.controller';
import { IdentityReportController } from './identity/identity-report/identity-report.controller';
import { IdentityRulesController } from './identity/identity-rules/identity-rules.controller';
import { SetIdentityRulesHandler } from './identity/identity-rules/set-identity-rules.handler';
import { PSEUDONYMIZER } from './identity/pseudonymizer.token';
import { UnmergeProfileController } from './identity/unmerge-profile/unmerge-profile.controller';
import { UnmergeProfileHandler } from './identity/unmerge-profile/unmerge-profile.handler';
import { B2cStatsController } from './profiles/b2c-stats/b2c-stats.controller';
import { GetProfileController } from './profiles/get-profile/get-profile.controller';
import { LookupProfileController } from './profiles/lookup-profile/lookup-profile.controller';
import { ProfileHistoryController } from './profiles/profile-history/profile-history.controller';
import { ProfileQueryService } from './profiles/profile-query.service';

export interface B2cModuleOptions {
  /** The process's identifier pseudonymizer, or the promise of it (`loadPseudonymizer(config)`). */
  pseudonymizer: Pseudonymizer | Promise<Pseudonymizer>;
}

/** Identity resolution and the customer 360. Another B2C feature adds its slices to these lists. */
const IDENTITY_CONTROLLERS: Type[] = [
  LookupProfileController,
  GetProfileController,
  ProfileHistoryController,
  B2cStatsController,
  UnmergeProfileController,
  IdentityRulesController,
  ExplainIdentityController,
  IdentityReportController,
];
const IDENTITY_PROVIDERS: Provider[] = [UnmergeProfileHandler, SetIdentityRulesHandler, ProfileQueryService];

/**
 * B2C: identity resolution (sightings → persons, unmerge, rules, audit) and the customer 360. Needs
 * the global EventStoreModule, CqrsModule.forRoot() and ProjectionsModule from the application root;
 * its projections are registered in libs/wiring/src/projection-catalog.ts (b2cProjections).
 */
@Module({})
export class B2cModule {
  static forRoot(options: B2cModuleOptions): DynamicModule {
    return {
      module: B2cModule,
      controllers: [...IDENTITY_CONTROLLERS],
      providers: [{ provide: PSEUDONYMIZER, useFactory: () => options.pseudonymizer }, ...IDENTITY_PROVIDERS],
      exports: [PSEUDONYMIZER, ProfileQueryService],
    };
  }
}
