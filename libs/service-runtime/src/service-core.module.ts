import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD, APP_PIPE, Reflector } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgencyGuard, JwtVerifier } from '@casenet/auth';
import { ChainHeads1796000000100, DeadLetterProblem1796000000000, Ledger1763700000001, MessagingModule, MessagingTables1763700000000 } from '@casenet/messaging';
import { LoggerModule } from 'nestjs-pino';
import { readFileSync } from 'node:fs';
import { SubjectSealer } from '@casenet/privacy';
import { KeyVaultConnection } from './key-vault.connection.js';
import { DataSource, type MixedList } from 'typeorm';
import { HealthController } from './health/health.controller.js';
import { KafkaHealthIndicator } from './health/kafka.health.js';
import { httpValidationPipe } from './http/validation.pipe.js';
import type { ServiceConfig } from './service.config.js';
import { ACCESS_LOG_SCHOOL_CASES, type SchoolCasesSql, SERVICE_CONFIG } from './service-core.tokens.js';
import { ScheduleModule } from '@nestjs/schedule';
import { RetentionService } from './retention/retention.service.js';
import { RETENTION_TARGETS, type RetentionTarget } from './retention/retention.target.js';
import { Clock } from './clock/clock.js';
import { DeadlineService } from './deadlines/deadline.service.js';
import { AccessLogController } from './access-log/access-log.controller.js';
import { AccessLogInterceptor } from './access-log/access-log.interceptor.js';
import { CoreTables1763700000002 } from './core-tables.migration.js';
import { DeadlineOutcomes1764500000010 } from './deadlines/deadline-outcomes.migration.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { ErasureSweepService } from './erasure/erasure-sweep.service.js';
import { ERASURE_SWEEP_TARGETS, type ErasureSweepTarget } from './erasure/erasure-sweep.target.js';
import { CLEAR_COLUMNS_TO_SEAL, type ClearColumnsToSeal, SealLeftoversAtBoot } from './sealing/fold-into-seal.js';

export { SERVICE_CONFIG, type SchoolCasesSql } from './service-core.tokens.js';

export interface ServiceModuleDefinition {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
  /** Personal data this service holds, for the retention job. */
  retention?: RetentionTarget[];
  /** Set where each school is its own controller: scopes the access log to the token's schools. */
  accessLogSchoolCases?: SchoolCasesSql;
  /** Clear columns earlier releases kept, sealed at boot (see foldClearColumnsIntoSeal). */
  sealLeftovers?: ClearColumnsToSeal[];
  /** What the service keeps in clear about a child, emptied when the child is erased. */
  erasure?: ErasureSweepTarget[];
}

/**
 * What every agency service has: its own database (migrated on start, never synchronised),
 * outbox/inbox messaging, structured logs, health, JWT guard on every route, strict validation.
 */
@Module({})
export class ServiceCoreModule {
  static forService(config: ServiceConfig, definition: ServiceModuleDefinition): DynamicModule {
    const vault = config.keyVault ? new KeyVaultConnection(config.keyVault.url, config.keyVault.masterKey, config.keyVault.kekDir) : undefined;
    config.messaging.sealer = vault?.sealer;
    return {
      module: ServiceCoreModule,
      global: true,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            base: { service: config.agency },
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            customProps: (req) => ({ caseref: caserefOf(req.url) }),
          },
        }),
        TypeOrmModule.forRootAsync({
          useFactory: async () => {
            const migrations = [MessagingTables1763700000000, Ledger1763700000001, CoreTables1763700000002, DeadlineOutcomes1764500000010, ...definition.migrations, DeadLetterProblem1796000000000, ChainHeads1796000000100];
            // Migrate as the schema owner, then serve as the app role, which has no DDL.
            if (config.databaseMigrationUrl) await migrate(config.databaseMigrationUrl, migrations);
            return {
              type: 'postgres' as const,
              url: config.databaseUrl,
              entities: definition.entities,
              migrations,
              migrationsRun: !config.databaseMigrationUrl,
              migrationsTransactionMode: 'all' as const,
              synchronize: false,
              logging: ['error' as const, 'migration' as const],
              extra: { max: 10, connectionTimeoutMillis: 5_000 },
            };
          },
        }),
        MessagingModule.forRootAsync({
          agency: config.agency,
          topicPrefix: config.messaging.topicPrefix,
          useFactory: () => config.messaging,
        }),
        TerminusModule,
        ScheduleModule.forRoot(),
      ],
      controllers: [HealthController, AccessLogController, MetricsController],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: KeyVaultConnection, useValue: vault ?? null },
        { provide: SubjectSealer, useValue: vault?.sealer ?? null },
        KafkaHealthIndicator,
        { provide: RETENTION_TARGETS, useValue: definition.retention ?? [] },
        { provide: ACCESS_LOG_SCHOOL_CASES, useValue: definition.accessLogSchoolCases ?? null },
        RetentionService,
        { provide: CLEAR_COLUMNS_TO_SEAL, useValue: definition.sealLeftovers ?? [] },
        SealLeftoversAtBoot,
        { provide: ERASURE_SWEEP_TARGETS, useValue: definition.erasure ?? [] },
        ErasureSweepService,
        { provide: Clock, useValue: new Clock(config.clockOffsetFile) },
        DeadlineService,
        AccessLogInterceptor,
        {
          provide: APP_GUARD,
          inject: [Reflector],
          useFactory: (reflector: Reflector) =>
            new AgencyGuard(
              reflector,
              new JwtVerifier({
                issuer: config.auth.issuer,
                audience: config.auth.audience,
                jwksUrl: config.auth.jwksUrl,
                publicKeyPem: config.auth.publicKeyFile ? readFileSync(config.auth.publicKeyFile, 'utf8') : undefined,
              }),
              config.agency,
            ),
        },
        { provide: APP_PIPE, useFactory: httpValidationPipe },
      ],
      exports: [SERVICE_CONFIG, SubjectSealer, RetentionService, ErasureSweepService, Clock, DeadlineService, AccessLogInterceptor],
    };
  }
}

function caserefOf(url: string | undefined): string | undefined {
  return url?.match(/CR-[0-9A-Z]{4,40}/)?.[0];
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
async function migrate(url: string, migrations: Function[]): Promise<void> {
  const dataSource = new DataSource({ type: 'postgres', url, migrations, migrationsTransactionMode: 'all', logging: ['error', 'migration'] });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'all' });
  } finally {
    await dataSource.destroy();
  }
}
