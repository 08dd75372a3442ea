import type { DynamicModule } from '@nestjs/common';
import { type ServiceConfig, ServiceCoreModule, type ServiceEntry } from '@casenet/service-runtime';
import { HealthReferrals1763700000400 } from './migrations/1763700000400-health-referrals.migration.js';
import { SealedConcern1763700000410 } from './migrations/1763700000410-sealed-concern.migration.js';
import { HealthReferral } from './referrals/health-referral.entity.js';
import { ReferralHistoryEntry } from './referrals/referral-history.entity.js';
import { ReferralsModule } from './referrals/referrals.module.js';
import { REFERRALS_RETENTION } from './referrals/referrals.retention.js';
import { REFERRALS_ERASURE } from './referrals/referrals.erasure.js';
import { ErasableReferralCodes1763700000425 } from './migrations/1763700000425-erasable-referral-codes.migration.js';

function healthModule(config: ServiceConfig): DynamicModule {
  return {
    module: class HealthAppModule {},
    imports: [
      ServiceCoreModule.forService(config, {
        entities: [HealthReferral, ReferralHistoryEntry],
        migrations: [HealthReferrals1763700000400, SealedConcern1763700000410, ErasableReferralCodes1763700000425],
        retention: REFERRALS_RETENTION,
        erasure: REFERRALS_ERASURE,
        sealLeftovers: [{ table: 'health_referrals', id: 'id', sealed: 'personal', subject: 't.subject_key', fields: { concern: 'concern' } }],
      }),
      ReferralsModule,
    ],
  };
}

export const healthApp: ServiceEntry = {
  agency: 'health',
  defaultPort: 3104,
  requirements: { personalData: true },
  description: 'ATS Milano: takes health-related referrals in charge and reports back to the municipality with state codes only.',
  module: healthModule,
};
