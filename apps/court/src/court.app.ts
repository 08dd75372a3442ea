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

interface CourtSettings {
  deadlines: DeadlineSettings;
  compliance: ComplianceSettings;
}

function courtModule(config: ServiceConfig, settings: CourtSettings): DynamicModule {
  return {
    module: class CourtAppModule {},
    imports: [
      ServiceCoreModule.forService(config, {
        entities: [Proceeding, ProceedingHistoryEntry, CourtOrder],
        migrations: [
          ...COMPLIANCE_MIGRATIONS,
          ...DEADLINE_MIGRATIONS,
          Proceedings1763700000500,
          SealedGrounds1763700000510,
          ErasableProceedingCodes1763700000525,
        ],
        erasure: PROCEEDINGS_ERASURE,
        sealLeftovers: [{ table: 'proceedings', id: 'id', sealed: 'personal', subject: 't.subject_key', fields: { grounds: 'grounds' } }],
      }),
      ComplianceModule.forService(settings.compliance, { retention: [...PROCEEDINGS_RETENTION, ...ORDERS_RETENTION] }),
      DeadlinesModule.forService(settings.deadlines),
      OrdersModule,
      ProceedingsModule,
    ],
  };
}

export const courtApp: ServiceEntry<CourtSettings> = {
  agency: 'court',
  defaultPort: 3105,
  requirements: { personalData: true },
  description: 'Tribunale per i minorenni and its Procura: registers referrals, decides them, issues orders and follows mandates.',
  // The mandate's acknowledgement deadline: the loop protocol's default, DEADLINES overrides it.
  settings: (env, problems) => ({
    deadlines: readDeadlineSettings(env, loopDeadlineDurations('mandate.acknowledgement'), problems),
    compliance: readComplianceSettings(env, problems),
  }),
  openApiEnums: ({ deadlines }) => deadlineKindEnums(deadlines),
  module: courtModule,
};
