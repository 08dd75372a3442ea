import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD, APP_PIPE, Reflector } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgencyGuard, JwtVerifier } from '@casenet/auth';
import {
  CaseTraces1796000000200,
  ChainHeads1796000000100,
  DeadLetterProblem1796000000000,
  Ledger1763700000001,
  MessagingModule,
  MessagingTables1763700000000,
} from '@casenet/messaging';
import { LoggerModule } from 'nestjs-pino';
import { readFileSync } from 'node:fs';
import { SharingPolicy, SubjectSealer } from '@casenet/privacy';
import { SigningKey, TrustList } from '@casenet/audit-log';
import { KeyVaultConnection } from './key-vault.connection.js';
import { DataSource, type MixedList } from 'typeorm';
import { HealthController } from './health/health.controller.js';
import { KafkaHealthIndicator } from './health/kafka.health.js';
import { httpValidationPipe } from './http/validation.pipe.js';
import type { ServiceConfig } from './service.config.js';
import { SERVICE_CONFIG } from './service-core.tokens.js';
import { ScheduleModule } from '@nestjs/schedule';
import { ServeStaticModule } from '@nestjs/serve-static';
import { resolve } from 'node:path';
import { SessionController } from './session/session.controller.js';
import { Clock } from './clock/clock.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { ErasureSweepService } from './erasure/erasure-sweep.service.js';
import { TracingShutdown } from './tracing/tracing.shutdown.js';
import { ERASURE_SWEEP_TARGETS, type ErasureSweepTarget } from './erasure/erasure-sweep.target.js';
import { ServiceMetrics, type PoolLoad } from './metrics/service.metrics.js';
import { LoadShedder } from './http/load-shedder.js';
import { CLEAR_COLUMNS_TO_SEAL, type ClearColumnsToSeal, SealLeftoversAtBoot } from './sealing/fold-into-seal.js';

export { SERVICE_CONFIG } from './service-core.tokens.js';

/** Where each service serves its caseworkers' UI. */
export const UI_ROOT = '/ui';

export interface ServiceModuleDefinition {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
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
    const clock = new Clock(config.clockOffsetFile);
    const metrics = new ServiceMetrics();
    const vault = config.keyVault
      ? new KeyVaultConnection(config.keyVault.url, config.keyVault.masterKey, config.keyVault.kekDir, metrics, config.keyVault.cache)
      : undefined;
    const keys = ServiceKeysModule.of(config, vault?.sealer);
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
            // TypeORM runs them in the order of their timestamps, whatever their order here.
            const migrations = [
              MessagingTables1763700000000,
              Ledger1763700000001,
              ...definition.migrations,
              DeadLetterProblem1796000000000,
              ChainHeads1796000000100,
              CaseTraces1796000000200,
            ];
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
              // pg-pool's options: its acquire timeout, and a Client that counts round trips.
              extra: { max: config.load.poolMax, connectionTimeoutMillis: config.load.poolAcquireTimeoutMs, Client: metrics.countingClient('service') },
            };
          },
        }),
        keys,
        MessagingModule.forRootAsync({
          agency: config.agency,
          imports: [keys],
          inject: [SharingPolicy, SigningKey, TrustList, SubjectSealer],
          useFactory: (policy: SharingPolicy, signingKey: SigningKey, trust: TrustList, sealer: SubjectSealer | null) => ({
            ...config.messaging,
            policy,
            signingKey,
            trust,
            sealer: sealer ?? undefined,
            now: () => clock.now(),
          }),
        }),
        TerminusModule,
        ScheduleModule.forRoot(),
        // The caseworkers' UI, same origin as the API: no CORS, and no other agency's API in reach.
        ...(config.ui.dir
          ? [ServeStaticModule.forRoot({ rootPath: resolve(config.ui.dir), serveRoot: UI_ROOT, serveStaticOptions: { index: 'index.html' } })]
          : []),
      ],
      controllers: [HealthController, MetricsController, SessionController],
      providers: [
        { provide: SERVICE_CONFIG, useValue: config },
        { provide: KeyVaultConnection, useValue: vault ?? null },
        KafkaHealthIndicator,
        { provide: CLEAR_COLUMNS_TO_SEAL, useValue: definition.sealLeftovers ?? [] },
        SealLeftoversAtBoot,
        { provide: ERASURE_SWEEP_TARGETS, useValue: definition.erasure ?? [] },
        ErasureSweepService,
        TracingShutdown,
        { provide: Clock, useValue: clock },
        { provide: ServiceMetrics, useValue: metrics },
        {
          provide: LoadShedder,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => {
            // TypeORM's postgres driver keeps its pg Pool as `master`.
            const pool = (dataSource.driver as unknown as { master?: PoolLoad }).master;
            if (pool) metrics.watchPool('service', pool);
            return new LoadShedder(config.load, () => metrics.poolWaiting());
          },
        },
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
      exports: [SERVICE_CONFIG, keys, ErasureSweepService, Clock, ServiceMetrics, LoadShedder],
    };
  }
}

/**
 * The sharing policy, this agency's signing key, the trust list and the subject sealer (null
 * without a key vault), as providers: messaging builds its options from them, and any service
 * that needs one (the retention job: the policy's periods) injects it.
 */
@Module({})
export class ServiceKeysModule {
  static of(config: ServiceConfig, sealer: SubjectSealer | undefined): DynamicModule {
    const providers = [
      { provide: SharingPolicy, useValue: config.policy },
      { provide: SigningKey, useValue: config.signing.key },
      { provide: TrustList, useValue: config.signing.trust },
      { provide: SubjectSealer, useValue: sealer ?? null },
    ];
    return { module: ServiceKeysModule, providers, exports: providers.map((p) => p.provide) };
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
