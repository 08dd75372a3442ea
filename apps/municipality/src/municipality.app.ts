import type { DynamicModule } from '@nestjs/common';
import { type ServiceConfig, ServiceCoreModule, type ServiceEntry } from '@casenet/service-runtime';
import { type DeadlineSettings, deadlineKindEnums, DEADLINE_MIGRATIONS, DeadlinesModule, readDeadlineSettings } from '@casenet/deadlines';
import { COMPLIANCE_MIGRATIONS, ComplianceModule, type ComplianceSettings, readComplianceSettings } from '@casenet/compliance';
import { CaseHistoryEntry } from './case-web/case-history.entity.js';
import { CaseReport } from './cases/case-report.entity.js';
import { CasesModule } from './cases/cases.module.js';
import { CASES_RETENTION } from './cases/cases.retention.js';
import { CASES_ERASURE } from './cases/cases.erasure.js';
import { ErasableCaseCodes1763700000235 } from './migrations/1763700000235-erasable-case-codes.migration.js';
import { WaysIn1763700000320 } from './migrations/1763700000320-ways-in.migration.js';
import { MunicipalCase } from './cases/municipal-case.entity.js';
import { Cases1763700000200 } from './migrations/1763700000200-cases.migration.js';
import { ScreeningModule } from './screening/screening.module.js';
import { VerificationModule } from './verification/verification.module.js';
import { ReferralWeb1763700000210 } from './migrations/1763700000210-referral-web.migration.js';
import { SealedCategories1763700000220 } from './migrations/1763700000220-sealed-categories.migration.js';
import { Referral } from './referrals/referral.entity.js';
import { Mandate } from './mandates/mandate.entity.js';
import { DrugSignal } from './signals/drug-signal.entity.js';
import { ReferralsModule } from './referrals/referrals.module.js';
import { MandatesModule } from './mandates/mandates.module.js';
import { SignalsModule } from './signals/signals.module.js';
import { MUNICIPALITY_DEADLINES } from './case-web/case-web.store.js';
import { SubjectPseudonym } from './pseudonyms/subject-pseudonym.entity.js';
import { SubjectPseudonyms1763700000240 } from './migrations/1763700000240-subject-pseudonyms.migration.js';
import { ProgrammesModule } from './programmes/programmes.module.js';
import { IntakesModule } from './intakes/intakes.module.js';
import { ReportKinds1763700000250 } from './migrations/1763700000250-report-kinds.migration.js';
import { ReportIntakeModule } from './report-intake/report-intake.module.js';
import { SocialInvestigation } from './investigations/investigation.entity.js';
import { InvestigationsModule } from './investigations/investigations.module.js';
import { INVESTIGATIONS_RETENTION } from './investigations/investigations.retention.js';
import { Investigations1764800000240 } from './migrations/1764800000240-investigations.migration.js';
import { OsservatorioSuppressions1765100000300 } from './migrations/1765100000300-osservatorio-suppressions.migration.js';
import { OsservatorioModule } from './osservatorio/osservatorio.module.js';
import { type OsservatorioSettings, readOsservatorioSettings } from './osservatorio/osservatorio.settings.js';

interface MunicipalitySettings {
  deadlines: DeadlineSettings;
  compliance: ComplianceSettings;
  osservatorio: OsservatorioSettings;
}

function municipalityModule(config: ServiceConfig, settings: MunicipalitySettings): DynamicModule {
  return {
    module: class MunicipalityAppModule {},
    imports: [
      ServiceCoreModule.forService(config, {
        entities: [MunicipalCase, CaseReport, CaseHistoryEntry, Referral, Mandate, DrugSignal, SubjectPseudonym, SocialInvestigation],
        migrations: [
          ...COMPLIANCE_MIGRATIONS,
          ...DEADLINE_MIGRATIONS,
          Cases1763700000200,
          ReferralWeb1763700000210,
          SealedCategories1763700000220,
          ErasableCaseCodes1763700000235,
          SubjectPseudonyms1763700000240,
          WaysIn1763700000320,
          ReportKinds1763700000250,
          Investigations1764800000240,
          OsservatorioSuppressions1765100000300,
        ],
        erasure: CASES_ERASURE,
        sealLeftovers: [
          {
            table: 'case_reports',
            id: 'report_id',
            sealed: 'personal',
            subject: '(SELECT c.subject_key FROM cases c WHERE c.id = t.case_id)',
            fields: { concerns: 'concerns' },
          },
          {
            table: 'referrals',
            id: 'id',
            sealed: 'reason',
            subject: '(SELECT c.subject_key FROM cases c WHERE c.id = t.case_id)',
            fields: 'inPlace',
            witness: '(SELECT c.personal FROM cases c WHERE c.id = t.case_id)',
          },
          {
            table: 'drug_signals',
            id: 'incident_id',
            sealed: 'personal',
            subject: 't.subject_key',
            fields: { kind: 'kind', municipio: 'municipio', occurredAt: 'occurred_at' },
          },
        ],
      }),
      ComplianceModule.forService(settings.compliance, { retention: [...CASES_RETENTION, ...INVESTIGATIONS_RETENTION] }),
      DeadlinesModule.forService(settings.deadlines),
      CasesModule,
      ScreeningModule,
      VerificationModule,
      ReferralsModule,
      MandatesModule,
      SignalsModule,
      ProgrammesModule,
      IntakesModule,
      ReportIntakeModule,
      InvestigationsModule,
      OsservatorioModule.forService(settings.osservatorio),
    ],
  };
}

export const municipalityApp: ServiceEntry<MunicipalitySettings> = {
  agency: 'municipality',
  defaultPort: 3102,
  requirements: { subjectKeys: true, recipientPseudonyms: ['police', 'health', 'court'], personalData: true },
  description:
    'Comune di Milano, school-dropout unit and social services: screens school reports, coordinates the referral web (police, ATS, juvenile court), executes court mandates.',
  settings: (env, problems) => ({
    deadlines: readDeadlineSettings(env, MUNICIPALITY_DEADLINES, problems),
    compliance: readComplianceSettings(env, problems),
    osservatorio: readOsservatorioSettings(env, problems),
  }),
  openApiEnums: ({ deadlines }) => deadlineKindEnums(deadlines),
  module: municipalityModule,
};
