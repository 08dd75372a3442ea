import type { DynamicModule } from '@nestjs/common';
import { type ServiceConfig, ServiceCoreModule, type ServiceEntry } from '@casenet/service-runtime';
import { CaseHistoryEntry } from './cases/case-history.entity.js';
import { CaseReport } from './cases/case-report.entity.js';
import { CasesModule } from './cases/cases.module.js';
import { CASES_RETENTION } from './cases/cases.retention.js';
import { MunicipalCase } from './cases/municipal-case.entity.js';
import { Cases1763700000200 } from './migrations/1763700000200-cases.migration.js';
import { ScreeningModule } from './screening/screening.module.js';
import { VerificationModule } from './verification/verification.module.js';

function municipalityModule(config: ServiceConfig): DynamicModule {
  return {
    module: class MunicipalityAppModule {},
    imports: [
      ServiceCoreModule.forService(config, {
        entities: [MunicipalCase, CaseReport, CaseHistoryEntry],
        migrations: [Cases1763700000200],
        retention: CASES_RETENTION,
      }),
      CasesModule,
      ScreeningModule,
      VerificationModule,
    ],
  };
}

export const municipalityService: ServiceEntry = {
  agency: 'municipality',
  defaultPort: 3102,
  requirements: { subjectKeys: true, personalData: true },
  description: 'Comune di Milano, school-dropout unit: screens school reports, forwards them to police, takes cases in charge.',
  module: municipalityModule,
};
