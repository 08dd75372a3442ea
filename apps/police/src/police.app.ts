import type { DynamicModule } from '@nestjs/common';
import { type ServiceConfig, ServiceCoreModule, type ServiceEntry } from '@casenet/service-runtime';
import { type DeadlineSettings, deadlineKindEnums, DEADLINE_MIGRATIONS, DeadlinesModule, readDeadlineSettings } from '@casenet/deadlines';
import { COMPLIANCE_MIGRATIONS, ComplianceModule, type ComplianceSettings, readComplianceSettings } from '@casenet/compliance';
import { VerificationRequests1763700000300 } from './migrations/1763700000300-verification-requests.migration.js';
import { VerificationRequest } from './verifications/verification-request.entity.js';
import { VerificationsModule } from './verifications/verifications.module.js';
import { VERIFICATIONS_RETENTION } from './verifications/verifications.retention.js';
import { VERIFICATIONS_ERASURE } from './verifications/verifications.erasure.js';
import { ErasableVerificationCodes1763700000335 } from './migrations/1763700000335-erasable-verification-codes.migration.js';
import { DrugEvents1763700000310 } from './migrations/1763700000310-drug-events.migration.js';
import { SealedDrugFacts1763700000320 } from './migrations/1763700000320-sealed-drug-facts.migration.js';
import { DrugEvent } from './drug-events/drug-event.entity.js';
import { DrugEventsModule } from './drug-events/drug-events.module.js';

interface PoliceSettings {
  deadlines: DeadlineSettings;
  compliance: ComplianceSettings;
}

function policeModule(config: ServiceConfig, settings: PoliceSettings): DynamicModule {
  return {
    module: class PoliceAppModule {},
    imports: [
      ServiceCoreModule.forService(config, {
        entities: [VerificationRequest, DrugEvent],
        migrations: [
          ...COMPLIANCE_MIGRATIONS,
          ...DEADLINE_MIGRATIONS,
          VerificationRequests1763700000300,
          DrugEvents1763700000310,
          SealedDrugFacts1763700000320,
          ErasableVerificationCodes1763700000335,
        ],
        erasure: VERIFICATIONS_ERASURE,
        sealLeftovers: [
          {
            table: 'drug_events',
            id: 'id',
            sealed: 'personal',
            subject: 't.subject_key',
            fields: { kind: 'kind', municipio: 'municipio', occurredAt: 'occurred_at' },
          },
        ],
      }),
      ComplianceModule.forService(settings.compliance, { retention: VERIFICATIONS_RETENTION }),
      DeadlinesModule.forService(settings.deadlines),
      VerificationsModule,
      DrugEventsModule,
    ],
  };
}

export const policeApp: ServiceEntry<PoliceSettings> = {
  agency: 'police',
  defaultPort: 3103,
  requirements: { personalData: true, recipientPseudonyms: ['police'] },
  description: 'Polizia Locale: verifies residence and attendance of reported pupils; records drug-related events involving pupils.',
  settings: (env, problems) => ({ deadlines: readDeadlineSettings(env, {}, problems), compliance: readComplianceSettings(env, problems) }),
  openApiEnums: ({ deadlines }) => deadlineKindEnums(deadlines),
  module: policeModule,
};
