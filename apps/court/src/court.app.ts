import type { DynamicModule } from '@nestjs/common';
import { loopDeadlineDurations } from '@casenet/contracts';
import { type ServiceConfig, ServiceCoreModule, type ServiceEntry } from '@casenet/service-runtime';
import { type DeadlineSettings, deadlineKindEnums, DEADLINE_MIGRATIONS, DeadlinesModule, readDeadlineSettings } from '@casenet/deadlines';
import { COMPLIANCE_MIGRATIONS, ComplianceModule, type ComplianceSettings, readComplianceSettings } from '@casenet/compliance';
import { Proceedings1763700000500 } from './migrations/1763700000500-proceedings.migration.js';
import { SealedGrounds1763700000510 } from './migrations/1763700000510-sealed-grounds.migration.js';
import { CourtOrder } from './orders/court-order.entity.js';
import { OrdersModule } from './orders/orders.module.js';
import { ORDERS_RETENTION } from './orders/orders.retention.js';
import { ProceedingHistoryEntry } from './proceedings/proceeding-history.entity.js';
import { Proceeding } from './proceedings/proceeding.entity.js';
import { ProceedingsModule } from './proceedings/proceedings.module.js';
import { PROCEEDINGS_RETENTION } from './proceedings/proceedings.retention.js';
import { PROCEEDINGS_ERASURE } from './proceedings/proceedings.erasure.js';
import { ErasableProceedingCodes1763700000525 } from './migrations/1763700000525-erasable-proceeding-codes.migration.js';
import { ProsecutionAndInvestigations1764800000510 } from './migrations/1764800000510-prosecution-and-investigations.migration.js';
import { ProsecutorFile } from './prosecution/prosecutor-file.entity.js';
import { ProsecutorHistoryEntry } from './prosecution/prosecutor-history.entity.js';
import { ProsecutionModule } from './prosecution/prosecution.module.js';
import { PROSECUTION_ERASURE } from './prosecution/prosecution.erasure.js';
import { PROSECUTION_RETENTION } from './prosecution/prosecution.retention.js';
import { Investigation } from './investigations/investigation.entity.js';
import { InvestigationsModule } from './investigations/investigations.module.js';
import { INVESTIGATIONS_RETENTION } from './investigations/investigations.retention.js';

interface CourtSettings {
  deadlines: DeadlineSettings;
  compliance: ComplianceSettings;
}

function courtModule(config: ServiceConfig, settings: CourtSettings): DynamicModule {
  return {
    module: class CourtAppModule {},
    imports: [
      ServiceCoreModule.forService(config, {
        entities: [Proceeding, ProceedingHistoryEntry, CourtOrder, ProsecutorFile, ProsecutorHistoryEntry, Investigation],
        migrations: [
          ...COMPLIANCE_MIGRATIONS,
          ...DEADLINE_MIGRATIONS,
          Proceedings1763700000500,
          SealedGrounds1763700000510,
          ErasableProceedingCodes1763700000525,
          ProsecutionAndInvestigations1764800000510,
        ],
        erasure: [...PROCEEDINGS_ERASURE, ...PROSECUTION_ERASURE],
        sealLeftovers: [{ table: 'proceedings', id: 'id', sealed: 'personal', subject: 't.subject_key', fields: { grounds: 'grounds' } }],
      }),
      ComplianceModule.forService(settings.compliance, {
        retention: [...PROCEEDINGS_RETENTION, ...ORDERS_RETENTION, ...PROSECUTION_RETENTION, ...INVESTIGATIONS_RETENTION],
      }),
      DeadlinesModule.forService(settings.deadlines),
      OrdersModule,
      ProceedingsModule,
      InvestigationsModule,
      ProsecutionModule,
    ],
  };
}

export const courtApp: ServiceEntry<CourtSettings> = {
  agency: 'court',
  defaultPort: 3105,
  requirements: { personalData: true },
  description:
    'Tribunale per i minorenni and its Procura: the prosecutor archives referrals or petitions the court; the court registers petitions, asks social services for psychosocial investigations, issues orders and follows mandates.',
  // The mandate's acknowledgement and the investigation's report: the loop protocol's defaults, DEADLINES overrides them.
  settings: (env, problems) => ({
    deadlines: readDeadlineSettings(env, loopDeadlineDurations('mandate.acknowledgement', 'investigation.report'), problems),
    compliance: readComplianceSettings(env, problems),
  }),
  openApiEnums: ({ deadlines }) => deadlineKindEnums(deadlines),
  module: courtModule,
};
