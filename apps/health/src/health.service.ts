import type { DynamicModule } from '@nestjs/common';
import { type ServiceConfig, ServiceCoreModule, type ServiceEntry } from '@casenet/service-runtime';
import { HealthReferrals1763700000400 } from './migrations/1763700000400-health-referrals.migration.js';
import { SealedConcern1763700000410 } from './migrations/1763700000410-sealed-concern.migration.js';
import { HealthReferral } from './referrals/health-referral.entity.js';
import { ReferralHistoryEntry } from './referrals/referral-history.entity.js';
import { ReferralsModule } from './referrals/referrals.module.js';
import { REFERRALS_RETENTION } from './referrals/referrals.retention.js';

function healthModule(config: ServiceConfig): DynamicModule {
  return {
    module: class HealthAppModule {},
    imports: [
      ServiceCoreModule.forService(config, {
        entities: [HealthReferral, ReferralHistoryEntry],
        migrations: [HealthReferrals1763700000400, SealedConcern1763700000410],
        retention: REFERRALS_RETENTION,
        sealLeftovers: [{ table: 'health_referrals', id: 'id', sealed: 'personal', subject: 't.subject_key', fields: { concern: 'concern' } }],
      }),
      ReferralsModule,
    ],
  };
}

export const healthService: ServiceEntry = {
  agency: 'health',
  defaultPort: 3104,
  requirements: { personalData: true },
  description: 'ATS Milano: takes health-related referrals in charge and reports back to the municipality with state codes only.',
  module: healthModule,
};
