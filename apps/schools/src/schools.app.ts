import type { DynamicModule } from '@nestjs/common';
import { type ServiceConfig, ServiceCoreModule, type ServiceEntry } from '@casenet/service-runtime';
import { type DeadlineSettings, deadlineKindEnums, DEADLINE_MIGRATIONS, DeadlinesModule, readDeadlineSettings } from '@casenet/deadlines';
import { COMPLIANCE_MIGRATIONS, ComplianceModule, type ComplianceSettings, readComplianceSettings } from '@casenet/compliance';
import { Reports1763700000100 } from './migrations/1763700000100-reports.migration.js';
import { ReportStatusEntry } from './reports/report-status-entry.entity.js';
import { Report } from './reports/report.entity.js';
import { ReportsModule } from './reports/reports.module.js';
import { REPORTS_RETENTION } from './reports/reports.retention.js';
import { SCHOOL_CASES } from './reports/school-cases.sql.js';
import { REPORTS_ERASURE } from './reports/reports.erasure.js';
import { ErasableReportCodes1763700000115 } from './migrations/1763700000115-erasable-report-codes.migration.js';
import { ReportKinds1763700000130 } from './migrations/1763700000130-report-kinds.migration.js';
import { Survey1766000000200 } from './migrations/1766000000200-survey.migration.js';
import { SurveyModule } from './survey/survey.module.js';
import { readSurveySettings, type SurveySettings } from './survey/survey.settings.js';

interface SchoolsSettings {
  deadlines: DeadlineSettings;
  compliance: ComplianceSettings;
  survey: SurveySettings;
}

function schoolsModule(config: ServiceConfig, settings: SchoolsSettings): DynamicModule {
  return {
    module: class SchoolsAppModule {},
    imports: [
      ServiceCoreModule.forService(config, {
        entities: [Report, ReportStatusEntry],
        migrations: [
          ...COMPLIANCE_MIGRATIONS,
          ...DEADLINE_MIGRATIONS,
          Reports1763700000100,
          ErasableReportCodes1763700000115,
          ReportKinds1763700000130,
          Survey1766000000200,
        ],
        erasure: REPORTS_ERASURE,
      }),
      ComplianceModule.forService(settings.compliance, { retention: REPORTS_RETENTION, accessLogSchoolCases: SCHOOL_CASES }),
      DeadlinesModule.forService(settings.deadlines),
      ReportsModule,
      SurveyModule.forService(settings.survey),
    ],
  };
}

export const schoolsApp: ServiceEntry<SchoolsSettings> = {
  agency: 'schools',
  defaultPort: 3101,
  requirements: { subjectKeys: true, personalData: true },
  description: 'Schools report pupils at risk and follow the status of their reports; the school office (UST) surveys upper-secondary schools on dropout.',
  settings: (env, problems) => ({
    deadlines: readDeadlineSettings(env, {}, problems),
    compliance: readComplianceSettings(env, problems),
    survey: readSurveySettings(env, problems),
  }),
  openApiEnums: ({ deadlines }) => deadlineKindEnums(deadlines),
  module: schoolsModule,
};
