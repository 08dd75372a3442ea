import { AGENCIES, type Agency } from '@casenet/contracts';
import { ensureDevKeys } from '@casenet/auth';
import {
  dropServiceDatabases,
  provisionDatabase,
  provisionKeyVault,
  provisionServiceDatabases,
  type ServiceDatabase,
  resolvePostgres,
  type PostgresServer,
  type ServiceDatabases,
} from './postgres.js';
import { type KafkaCluster, resolveKafka } from './kafka.js';
import { DEV_DIR, DEV_KEK_DIR, DEV_KEYS, REPO_ROOT, uiBuildDir } from './paths.js';
import { execFileSync } from 'node:child_process';
import { DEV_PSEUDONYM_SECRET_ENV, DEV_SUBJECT_KEY_SECRET, devMasterKey, devSigningKeyFile, devSigningKeyId, ensureDevSigningKeys } from './dev-secrets.js';
export { DEV_PSEUDONYM_SECRETS, DEV_SUBJECT_KEY_SECRET } from './dev-secrets.js';
import { ServiceProcess } from './service-process.js';
import { AgencyClient } from '../agency-client.js';
import { TestKeyVault } from '../sealed-events.js';
import pg from 'pg';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';

export const DEFAULT_PORTS: Record<Agency | 'audit', number> = { schools: 3101, municipality: 3102, police: 3103, health: 3104, court: 3105, audit: 3106 };

/**
 * Consumer settings for tests: a dead consumer is noticed within seconds (the test brokers lower
 * group.min.session.timeout.ms to allow it, see ADR 0012), frequent heartbeats, short fetch waits.
 */
export const FAST_KAFKA_ENV = {
  KAFKA_SESSION_TIMEOUT_MS: '5000',
  KAFKA_HEARTBEAT_INTERVAL_MS: '500',
  KAFKA_MAX_WAIT_MS: '100',
  OUTBOX_POLL_INTERVAL_MS: '50',
};

export interface SystemOptions {
  /** Database name prefix; a fresh one per test keeps runs apart. */
  namespace: string;
  ports?: Partial<Record<Agency | 'audit', number>>;
  logDir?: string;
  env?: NodeJS.ProcessEnv;
  dropDatabasesOnStop?: boolean;
  /** A Kafka broker of its own (not the test run's shared one), for tests that crash or hang it. */
  ownBroker?: boolean;
  /** Where its own broker keeps its data across restarts (`npm start`: .dev/kafka); else a temp dir. */
  kafkaHome?: string;
  kafkaPartitions?: number;
}

/** Postgres + Kafka + the five services as separate processes. */
export class RunningSystem {
  private constructor(
    readonly postgres: PostgresServer,
    readonly kafka: KafkaCluster,
    readonly databases: ServiceDatabases,
    readonly keyVaultUrl: string,
    readonly services: Record<Agency, ServiceProcess>,
    /** The auditors' archiver (apps/audit), reading every topic into its own database. */
    readonly archiver: ServiceProcess,
    readonly auditDatabase: ServiceDatabase,
    private readonly clockFile: string,
    private readonly options: SystemOptions,
  ) {}

  /** Moves every service's clock forward (they read the offset file), for deadline tests. */
  advanceClock(ms: number): void {
    const current = Number(readFileSync(this.clockFile, 'utf8').trim() || '0');
    writeFileSync(this.clockFile, String(current + ms));
  }

  static async start(options: SystemOptions): Promise<RunningSystem> {
    await ensureDevKeys(DEV_KEYS);
    const { trustListFile } = ensureDevSigningKeys();
    const postgres = await resolvePostgres();
    const kafka = await resolveKafka({ ownBroker: options.ownBroker, home: options.kafkaHome, partitions: options.kafkaPartitions });
    // A shared cluster gets per-run topics and groups; a broker of our own needs none.
    const topicPrefix = kafka.shared ? `${options.namespace}.` : '';
    try {
      await kafka.prepare(topicPrefix);
    } catch (error) {
      await kafka.stop();
      throw error;
    }
    const databases = await provisionServiceDatabases(postgres.adminUrl, options.namespace);
    const keyVaultUrl = await provisionKeyVault(postgres.adminUrl, options.namespace);
    const auditDatabase = await provisionDatabase(postgres.adminUrl, options.namespace, 'audit');
    const logDir = options.logDir ?? `${DEV_DIR}/logs/${options.namespace}`;
    const services = {} as Record<Agency, ServiceProcess>;
    // One clock for all services: tests move it forward by writing this file (see Clock).
    mkdirSync(logDir, { recursive: true });
    const clockFile = `${logDir}/clock-offset-ms`;
    writeFileSync(clockFile, '0');
    for (const agency of AGENCIES) {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        ...FAST_KAFKA_ENV,
        ...options.env,
        NODE_OPTIONS: '', // not the parent's: jest's VM-module flag is not for services
        DATABASE_URL: databases[agency].url,
        DATABASE_MIGRATION_URL: databases[agency].migrationUrl,
        ...kafka.clientEnv(`casenet-${agency}`),
        JWT_PUBLIC_KEY_FILE: DEV_KEYS.publicKeyPath,
        DEV_LOGIN_PRIVATE_KEY_FILE: DEV_KEYS.privateKeyPath,
        ...uiDirEnv(agency),
        ...(topicPrefix ? { KAFKA_TOPIC_PREFIX: topicPrefix } : {}),
        HOST: '127.0.0.1',
        SUBJECT_KEY_SECRET: DEV_SUBJECT_KEY_SECRET,
        ...DEV_PSEUDONYM_SECRET_ENV,
        KEY_VAULT_URL: keyVaultUrl,
        MASTER_KEY: devMasterKey(),
        KEK_DIR: DEV_KEK_DIR,
        SIGNING_KEY_FILE: devSigningKeyFile(agency),
        SIGNING_KEY_ID: devSigningKeyId(agency),
        TRUST_LIST_FILE: trustListFile,
        CLOCK_OFFSET_FILE: clockFile,
        DEADLINE_POLL_INTERVAL_MS: options.env?.DEADLINE_POLL_INTERVAL_MS ?? '300',
        // Five services, each with its pool, key vault pool and listeners, share one PostgreSQL
        // (max_connections 100 by default) with the test's own clients: tests keep pools small.
        DATABASE_POOL_MAX: options.env?.DATABASE_POOL_MAX ?? '5',
      };
      services[agency] = new ServiceProcess(agency, options.ports?.[agency] ?? DEFAULT_PORTS[agency], env, `${logDir}/${agency}.log`);
    }
    const archiver = new ServiceProcess(
      'audit',
      options.ports?.audit ?? DEFAULT_PORTS.audit,
      {
        ...process.env,
        ...FAST_KAFKA_ENV,
        ...options.env,
        NODE_OPTIONS: '',
        AUDIT_DATABASE_URL: auditDatabase.url,
        AUDIT_DATABASE_MIGRATION_URL: auditDatabase.migrationUrl,
        ...kafka.clientEnv('casenet-audit'),
        TRUST_LIST_FILE: trustListFile,
        AUDIT_SIGNING_KEY_FILE: devSigningKeyFile('audit'),
        AUDIT_SIGNING_KEY_ID: devSigningKeyId('audit'),
        AUDIT_CHECKPOINT_EVERY: options.env?.AUDIT_CHECKPOINT_EVERY ?? '25',
        HOST: '127.0.0.1',
        ...(topicPrefix ? { KAFKA_TOPIC_PREFIX: topicPrefix } : {}),
      },
      `${logDir}/audit.log`,
    );
    const system = new RunningSystem(postgres, kafka, databases, keyVaultUrl, services, archiver, auditDatabase, clockFile, options);
    try {
      for (const service of [...Object.values(services), archiver]) service.start();
      await Promise.all([...Object.values(services), archiver].map((s) => s.waitHealthy()));
    } catch (error) {
      await system.stop();
      throw error;
    }
    return system;
  }

  private vault?: TestKeyVault;

  /** The test's handle on the subject key vault (unseal, erase). */
  get keyVault(): TestKeyVault {
    this.vault ??= new TestKeyVault(this.keyVaultUrl);
    return this.vault;
  }

  /** Physical topic names (and consumer groups) carry this prefix when the cluster is shared. */
  get topicPrefix(): string {
    return this.kafka.shared ? `${this.options.namespace}.` : '';
  }

  /** What the data-protection officer's tools (erasure, the disclosure record) are configured with here. */
  dpoEnvironment(): NodeJS.ProcessEnv {
    return {
      KEY_VAULT_URL: this.keyVaultUrl,
      SUBJECT_KEY_SECRET: DEV_SUBJECT_KEY_SECRET,
      ...DEV_PSEUDONYM_SECRET_ENV,
      MASTER_KEY: devMasterKey(),
      KEK_DIR: DEV_KEK_DIR,
    };
  }

  /** Runs `npm run erase`'s command for a tax code, as the DPO does; answers its JSON summary. */
  eraseSubject(taxCode: string): unknown {
    const output = execFileSync(process.execPath, [`${REPO_ROOT}libs/privacy/dist/erase-subject.js`, taxCode], {
      env: { ...process.env, ...this.dpoEnvironment() },
    });
    return JSON.parse(output.toString()) as unknown;
  }

  /** Reads a service's own database directly: the test's view, never a service's. */
  async query<T = Record<string, unknown>>(agency: Agency, sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: this.databases[agency].url });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  /** Reads the audit archiver's database directly. */
  async queryAudit<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: this.auditDatabase.url });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  /** The `n` of a `SELECT count(*)::int AS n …` on a service's database. */
  async count(agency: Agency, sql: string, params: unknown[] = []): Promise<number> {
    return (await this.query<{ n: number }>(agency, sql, params))[0]?.n ?? 0;
  }

  /** A client of one agency's API; at schools, pass the school codes the user acts for (or use `school`). */
  client(agency: Agency, roles?: string[], schoolCodes?: readonly string[]): AgencyClient {
    return new AgencyClient(agency, this.services[agency].baseUrl, roles, schoolCodes);
  }

  /** Someone at one school (a caseworker unless `roles` says otherwise) talking to the schools API. */
  school(code: string, roles?: string[]): AgencyClient {
    return this.client('schools', roles, [code]);
  }

  async restart(agency: Agency): Promise<void> {
    const service = this.services[agency];
    service.start();
    await service.waitHealthy();
  }

  async stop(): Promise<void> {
    await Promise.all([...Object.values(this.services), this.archiver].map((s) => s.stop()));
    await this.vault?.close();
    await this.kafka.stop();
    if (this.options.dropDatabasesOnStop) await dropServiceDatabases(this.postgres.adminUrl, this.options.namespace);
    await this.postgres.stop();
  }
}

/** The agency's built UI, when `npm run build:ui` (part of `npm start` and `npm test`) has made it. */
function uiDirEnv(agency: Agency): NodeJS.ProcessEnv {
  const dir = uiBuildDir(agency);
  return existsSync(`${dir}/index.html`) ? { UI_DIR: dir } : {};
}
