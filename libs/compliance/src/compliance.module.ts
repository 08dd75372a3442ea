import { type DynamicModule, Module } from '@nestjs/common';
import { AccessLogController } from './access-log/access-log.controller.js';
import { AccessLogInterceptor } from './access-log/access-log.interceptor.js';
import { AccessLogTable1763700000002 } from './access-log/access-log.migration.js';
import { ACCESS_LOG_SCHOOL_CASES, type SchoolCasesSql } from './access-log/access-log.scope.js';
import { COMPLIANCE_SETTINGS, type ComplianceSettings } from './compliance.settings.js';
import { RetentionService } from './retention/retention.service.js';
import { RETENTION_TARGETS, type RetentionTarget } from './retention/retention.target.js';

/** The migrations of the access log; a service lists them with its own. */
export const COMPLIANCE_MIGRATIONS = [AccessLogTable1763700000002];

export interface ComplianceDefinition {
  /** Personal data this service holds, for the retention job. */
  retention?: RetentionTarget[];
  /** Set where each school is its own controller: scopes the access log to the token's schools. */
  accessLogSchoolCases?: SchoolCasesSql;
}

/**
 * What the law asks of every service beside its work: who read which case (`@ReadsCaseData`,
 * `GET /access-log`) and expiry of personal data by retention period. Global, so any feature
 * module's routes can log their reads. Needs the runtime's database, scheduler, Clock and policy.
 */
@Module({})
export class ComplianceModule {
  static forService(settings: ComplianceSettings, definition: ComplianceDefinition = {}): DynamicModule {
    return {
      module: ComplianceModule,
      global: true,
      controllers: [AccessLogController],
      providers: [
        { provide: COMPLIANCE_SETTINGS, useValue: settings },
        { provide: RETENTION_TARGETS, useValue: definition.retention ?? [] },
        { provide: ACCESS_LOG_SCHOOL_CASES, useValue: definition.accessLogSchoolCases ?? null },
        RetentionService,
        AccessLogInterceptor,
      ],
      exports: [RetentionService, AccessLogInterceptor],
    };
  }
}
