import type { Pseudonymizer } from '@crm/privacy/pseudonyms/pseudonymizer';
import { Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import { B2C_DEMO_OPTIONS, B2cDemoSeedService } from './demo/b2c-demo-seed.service';
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
import { ArchiveSegmentController } from './segments/archive-segment/archive-segment.controller';
import { ArchiveSegmentHandler } from './segments/archive-segment/archive-segment.handler';
import { DefineSegmentController } from './segments/define-segment/define-segment.controller';
import { DefineSegmentHandler } from './segments/define-segment/define-segment.handler';
import { GetSegmentController } from './segments/get-segment/get-segment.controller';
import { ListSegmentsController } from './segments/list-segments/list-segments.controller';
import { SegmentMembersController } from './segments/segment-members/segment-members.controller';

export interface B2cModuleOptions {
  /** The process's identifier pseudonymizer, or the promise of it (`loadPseudonymizer(config)`). */
  pseudonymizer: Pseudonymizer | Promise<Pseudonymizer>;
  /** Seed tenant `demo` with a few customers when it has none (dev mode, embedded store only). */
  seedDemo?: boolean;
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

/** Segments: rules over the stored figures, members kept by b2c-profiles (docs/adr/0011). */
const SEGMENT_CONTROLLERS: Type[] = [
  ListSegmentsController,
  GetSegmentController,
  SegmentMembersController,
  DefineSegmentController,
  ArchiveSegmentController,
];
const SEGMENT_PROVIDERS: Provider[] = [DefineSegmentHandler, ArchiveSegmentHandler];

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
      controllers: [...IDENTITY_CONTROLLERS, ...SEGMENT_CONTROLLERS],
      providers: [
        { provide: PSEUDONYMIZER, useFactory: () => options.pseudonymizer },
        ...IDENTITY_PROVIDERS,
        ...SEGMENT_PROVIDERS,
        { provide: B2C_DEMO_OPTIONS, useValue: { seedDemo: options.seedDemo ?? false } },
        B2cDemoSeedService,
      ],
      exports: [PSEUDONYMIZER, ProfileQueryService],
    };
  }
}
