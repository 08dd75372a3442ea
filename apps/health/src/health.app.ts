import type { DynamicModule } from '@nestjs/common';
import { type ServiceConfig, ServiceCoreModule, type ServiceEntry } from '@casenet/service-runtime';
import { type DeadlineSettings, deadlineKindEnums, DEADLINE_MIGRATIONS, DeadlinesModule, readDeadlineSettings } from '@casenet/deadlines';
import { COMPLIANCE_MIGRATIONS, ComplianceModule, type ComplianceSettings, readComplianceSettings } from '@casenet/compliance';
import { HealthReferrals1763700000400 } from './migrations/1763700000400-health-referrals.migration.js';
import { SealedConcern1763700000410 } from './migrations/1763700000410-sealed-concern.migration.js';
import { HealthReferral } from './referrals/health-referral.entity.js';
import { ReferralHistoryEntry } from './referrals/referral-history.entity.js';
import { ReferralsModule } from './referrals/referrals.module.js';
import { REFERRALS_RETENTION } from './referrals/referrals.retention.js';
import { REFERRALS_ERASURE } from './referrals/referrals.erasure.js';
import { CarePath1763700000430 } from './migrations/1763700000430-care-path.migration.js';
import { ErasableReferralCodes1763700000425 } from './migrations/1763700000425-erasable-referral-codes.migration.js';

interface HealthSettings {
  deadlines: DeadlineSettings;
  compliance: ComplianceSettings;
}

function healthModule(config: ServiceConfig, settings: HealthSettings): DynamicModule {
  return {
    module: class HealthAppModule {},
    imports: [
      ServiceCoreModule.forService(config, {
        entities: [HealthReferral, ReferralHistoryEntry],
        migrations: [
          ...COMPLIANCE_MIGRATIONS,
          ...DEADLINE_MIGRATIONS,
          HealthReferrals1763700000400,
          SealedConcern1763700000410,
          ErasableReferralCodes1763700000425,
          CarePath1763700000430,
        ],
        erasure: REFERRALS_ERASURE,
        sealLeftovers: [{ table: 'health_referrals', id: 'id', sealed: 'personal', subject: 't.subject_key', fields: { concern: 'concern' } }],
      }),
      ComplianceModule.forService(settings.compliance, { retention: REFERRALS_RETENTION }),
      DeadlinesModule.forService(settings.deadlines),
      ReferralsModule,
    ],
  };
}

export const healthApp: ServiceEntry<HealthSettings> = {
  agency: 'health',
  defaultPort: 3104,
  requirements: { personalData: true },
  description: 'ATS Milano: takes health-related referrals in charge and reports back to the municipality with state codes only.',
  settings: (env, problems) => ({ deadlines: readDeadlineSettings(env, {}, problems), compliance: readComplianceSettings(env, problems) }),
  openApiEnums: ({ deadlines }) => deadlineKindEnums(deadlines),
  module: healthModule,
};
